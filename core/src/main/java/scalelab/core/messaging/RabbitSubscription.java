package scalelab.core.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer of one RabbitMQ queue on its own channel: {@code basicQos(prefetch)} bounds the unacked deliveries,
 * each delivery gets a virtual thread that runs the handler once one of {@code concurrency} permits is free, and
 * settlements go back on the same channel (acks, nacks and rejects are serialised with {@link #channelLock}).
 */
final class RabbitSubscription extends DefaultConsumer implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(RabbitSubscription.class);
    /** Headers the broker adds; they are not the application's, so {@link Message#headers()} leaves them out. */
    private static final Set<String> BROKER_HEADERS = Set.of(
            RabbitBroker.DELIVERY_COUNT_HEADER,
            "x-death",
            "x-first-death-reason",
            "x-first-death-queue",
            "x-first-death-exchange",
            "x-last-death-reason",
            "x-last-death-queue",
            "x-last-death-exchange");

    private final String queue;
    private final int maxDeliveries;
    private final DeliveryHandler handler;
    private final Semaphore handlers;
    private final ReentrantLock channelLock = new ReentrantLock();
    private final AtomicInteger inFlight = new AtomicInteger(); // deliveries received and not settled
    private final Consumer<RabbitSubscription> onClose; // the broker forgets it
    private volatile boolean closed;

    RabbitSubscription(
            Channel channel,
            String queue,
            int maxDeliveries,
            ConsumerSpec spec,
            DeliveryHandler handler,
            Consumer<RabbitSubscription> onClose) {
        super(channel);
        this.queue = queue;
        this.maxDeliveries = maxDeliveries;
        this.handler = handler;
        this.handlers = new Semaphore(spec.concurrency(), true);
        this.onClose = onClose;
        if (channel instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    if (closed) { // closed while the connection was down, and recovered all the same: close again
                        closeChannel();
                    }
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {}
            });
        }
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        var delivery =
                new RabbitDelivery(envelope.getDeliveryTag(), message(properties, body), deliveryCount(properties));
        inFlight.incrementAndGet();
        Thread.ofVirtual().name("handle-" + queue).start(() -> handle(delivery));
    }

    private void handle(RabbitDelivery delivery) {
        try {
            handlers.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (closed) {
                delivery.forget(); // its channel is closed: the broker has put it back in the queue
                return;
            }
            handler.handle(delivery);
        } catch (Exception | Error e) {
            log.warn(
                    "handler of queue {} failed on message {}; retrying it",
                    queue,
                    delivery.message().id(),
                    e);
            delivery.retry(Duration.ZERO);
        } finally {
            handlers.release();
        }
    }

    @Override
    public void handleCancel(String consumerTag) {
        log.warn("RabbitMQ cancelled the consumer of queue {} (was the queue deleted?)", queue);
    }

    @Override
    public void handleShutdownSignal(String consumerTag, ShutdownSignalException cause) {
        if (!closed && !cause.isInitiatedByApplication()) {
            log.info("the consumer channel of queue {} shut down: {}", queue, cause.getMessage());
        }
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Closes the channel: RabbitMQ puts every unacked delivery of it back in the queue. Also while the connection
     * is down and recovering: closing the recovering channel makes the recovery forget it and its consumer, and
     * should the recovery bring it back all the same, it is closed again at once. A closed subscription stays
     * closed.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeChannel();
        onClose.accept(this);
    }

    private void closeChannel() {
        channelLock.lock();
        try {
            getChannel().close(); // even if not open now: a recovering channel is then unregistered from recovery
        } catch (IOException | TimeoutException | RuntimeException e) {
            log.debug("closing the consumer channel of queue {}: {}", queue, e.toString());
        } finally {
            channelLock.unlock();
        }
    }

    /**
     * The quorum queue's {@code x-delivery-count} counts the earlier deliveries that ended without an ack; it is
     * absent on the first delivery.
     */
    private static int deliveryCount(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        Object count = headers == null ? null : headers.get(RabbitBroker.DELIVERY_COUNT_HEADER);
        return count instanceof Number n ? n.intValue() + 1 : 1;
    }

    private static Message message(AMQP.BasicProperties properties, byte[] body) {
        var headers = new HashMap<String, String>();
        if (properties.getHeaders() != null) {
            properties.getHeaders().forEach((name, value) -> {
                if (!BROKER_HEADERS.contains(name) && value != null) {
                    headers.put(name, value.toString());
                }
            });
        }
        String id = properties.getMessageId();
        return new Message(id == null || id.isBlank() ? "(no message id)" : id, body, headers);
    }

    private final class RabbitDelivery implements Delivery {
        private final long tag;
        private final Message message;
        private final int deliveryCount;
        private final AtomicBoolean settled = new AtomicBoolean();

        RabbitDelivery(long tag, Message message, int deliveryCount) {
            this.tag = tag;
            this.message = message;
            this.deliveryCount = deliveryCount;
        }

        @Override
        public Message message() {
            return message;
        }

        @Override
        public int deliveryCount() {
            return deliveryCount;
        }

        @Override
        public void ack() {
            if (settled.compareAndSet(false, true)) {
                settle("ack", channel -> channel.basicAck(tag, false));
            }
        }

        /** Keeps the delivery unacked during the backoff (a crash then redelivers it), then nacks or rejects it. */
        @Override
        public void retry(Duration backoff) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            if (backoff.isZero() || backoff.isNegative()) {
                requeueOrDeadLetter();
                return;
            }
            Thread.ofVirtual().name("retry-" + queue).start(() -> {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                requeueOrDeadLetter();
            });
        }

        private void requeueOrDeadLetter() {
            if (deliveryCount >= maxDeliveries) {
                settle("reject", channel -> channel.basicReject(tag, false));
            } else {
                settle("nack", channel -> channel.basicNack(tag, false, true));
            }
        }

        @Override
        public void deadLetter() {
            if (settled.compareAndSet(false, true)) {
                settle("reject", channel -> channel.basicReject(tag, false));
            }
        }

        void forget() {
            if (settled.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        }

        private void settle(String what, ChannelCall call) {
            inFlight.decrementAndGet();
            channelLock.lock();
            try {
                call.run(getChannel());
            } catch (IOException | RuntimeException e) {
                // the channel is gone (closed, connection lost): RabbitMQ redelivers the message anyway
                log.debug("{} of message {} on queue {} failed: {}", what, message.id(), queue, e.toString());
            } finally {
                channelLock.unlock();
            }
        }
    }

    @FunctionalInterface
    private interface ChannelCall {
        void run(Channel channel) throws IOException;
    }
}
