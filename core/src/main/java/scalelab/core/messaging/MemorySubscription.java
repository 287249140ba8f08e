package scalelab.core.messaging;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer of a {@link MemoryQueue}: one dispatcher virtual thread takes messages while fewer than
 * {@code prefetch} are unsettled, and hands each to a handler virtual thread that runs once one of the
 * {@code concurrency} permits is free.
 */
final class MemorySubscription implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(MemorySubscription.class);

    final int prefetch;
    boolean closed; // guarded by the queue's lock
    int unsettled; // guarded by the queue's lock

    private final MemoryQueue queue;
    private final DeliveryHandler handler;
    private final Semaphore handlers;
    private final Set<MemoryDelivery> outstanding = ConcurrentHashMap.newKeySet(); // unsettled deliveries
    private final Thread dispatcher;
    private final Consumer<MemorySubscription> onClose; // the broker forgets it
    private final AtomicBoolean closing = new AtomicBoolean();

    MemorySubscription(
            MemoryQueue queue, ConsumerSpec spec, DeliveryHandler handler, Consumer<MemorySubscription> onClose) {
        this.queue = queue;
        this.onClose = onClose;
        this.prefetch = spec.prefetch();
        this.handler = handler;
        this.handlers = new Semaphore(spec.concurrency(), true);
        this.dispatcher = Thread.ofVirtual().name("consume-" + queue.name).unstarted(this::dispatch);
    }

    MemorySubscription start() {
        dispatcher.start();
        return this;
    }

    private void dispatch() {
        try {
            while (true) {
                MemoryQueue.Stored next = queue.take(this);
                if (next == null) {
                    return;
                }
                var delivery = new MemoryDelivery(next);
                outstanding.add(delivery);
                Thread.ofVirtual().name("handle-" + queue.name).start(() -> handle(delivery));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(MemoryDelivery delivery) {
        try {
            handlers.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (delivery.released.get()) {
                return; // the subscription closed while it waited: the message is back in the queue
            }
            handler.handle(delivery);
        } catch (Exception | Error e) {
            log.warn(
                    "handler of queue {} failed on message {}; retrying it",
                    queue.name,
                    delivery.message().id(),
                    e);
            delivery.retry(Duration.ZERO);
        } finally {
            handlers.release();
        }
    }

    @Override
    public int inFlight() {
        return outstanding.size();
    }

    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            onClose.accept(this);
        }
        queue.closeConsumer(this);
        try {
            dispatcher.join(); // it registers what it took before it sees the close, so none is missed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (MemoryDelivery delivery : outstanding) {
            delivery.release(MemoryQueue.Outcome.RETURN);
        }
    }

    private final class MemoryDelivery implements Delivery {
        private final MemoryQueue.Stored stored;
        private final int deliveryCount;
        private final AtomicBoolean settled = new AtomicBoolean(); // the handler settled it (once)
        final AtomicBoolean released = new AtomicBoolean(); // the message left this delivery's hands

        MemoryDelivery(MemoryQueue.Stored stored) {
            this.stored = stored;
            this.deliveryCount = stored.deliveries; // read by the dispatcher right after take(), under no race
        }

        @Override
        public Message message() {
            return stored.message;
        }

        @Override
        public int deliveryCount() {
            return deliveryCount;
        }

        @Override
        public void ack() {
            if (settled.compareAndSet(false, true)) {
                release(MemoryQueue.Outcome.ACK);
            }
        }

        @Override
        public void retry(Duration backoff) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            if (backoff.isZero() || backoff.isNegative()) {
                release(MemoryQueue.Outcome.RETURN);
                return;
            }
            Thread.ofVirtual().name("retry-" + queue.name).start(() -> {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                release(MemoryQueue.Outcome.RETURN);
            });
        }

        @Override
        public void deadLetter() {
            if (settled.compareAndSet(false, true)) {
                release(MemoryQueue.Outcome.DEAD_LETTER);
            }
        }

        /** Hands the message back to the queue once: by the handler's settlement or by closing. */
        void release(MemoryQueue.Outcome outcome) {
            if (released.compareAndSet(false, true)) {
                outstanding.remove(this);
                queue.settle(MemorySubscription.this, stored, outcome);
            }
        }
    }
}
