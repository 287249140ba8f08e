package scalelab.core.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.config.Redact;

/**
 * The RabbitMQ adapter of the {@link Broker} port.
 *
 * <ul>
 *   <li>A topic is a durable fanout exchange of the same name; a queue is a durable quorum queue bound to it, with
 *       {@code x-delivery-limit} = maxDeliveries − 1 (a quorum queue dead-letters a message whose earlier failed
 *       deliveries exceed the limit) and a dead-letter exchange (the default one, routing key
 *       {@code queue.dlq}) to the durable quorum queue {@code queue.dlq}.
 *   <li>{@link #publish} sends a persistent message (delivery mode 2, message id, headers) on one of a few
 *       confirm-mode channels and waits for its publisher confirm: many publishes are in flight at once, each
 *       waiting only for its own confirm. While the connection is down (or RabbitMQ blocks publishers) it fails
 *       at once with {@link BrokerUnavailableException}, and never waits past its timeout.
 *   <li>{@link #consume} opens a channel per subscription with {@code basicQos(prefetch)} and manual acks; each
 *       delivery runs on a virtual thread, at most {@code concurrency} at once. {@link Delivery#deliveryCount()}
 *       is the quorum queue's {@code x-delivery-count} header + 1. On RabbitMQ 3.10.8 that header counts
 *       nacks with requeue <em>and</em> deliveries that went back because the consumer's channel or connection
 *       closed without an ack (a crashed worker): both count towards the delivery limit (checked by
 *       {@code RabbitBrokerIT}).
 *   <li>The connection recovers by itself (with its topology: exchanges, queues, bindings, consumers) after a
 *       network failure; publishes fail fast meanwhile and consumers resume afterwards.
 * </ul>
 */
public final class RabbitBroker implements Broker {
    /** How long opening the TCP connection may take. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The AMQP heartbeat: a silent peer is declared dead after about twice this. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    /** Time between two attempts to recover a lost connection. */
    public static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(1);
    /** How long declaring or measuring a queue may wait for RabbitMQ. */
    public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);
    /** Confirm-mode channels publishes are spread over. */
    public static final int DEFAULT_PUBLISH_CHANNELS = 4;

    static final String DELIVERY_COUNT_HEADER = "x-delivery-count";
    private static final Logger log = LoggerFactory.getLogger(RabbitBroker.class);

    private final String description;
    private final Connection connection;
    private final List<ConfirmChannel> publishers;
    private final AtomicInteger nextPublisher = new AtomicInteger();
    private final ReentrantLock declareLock = new ReentrantLock();
    private Channel declareChannel; // guarded by declareLock; reopened after a channel error closed it
    private final Map<String, QueueSpec> declared = new ConcurrentHashMap<>(); // by queue name, this broker's
    private final Set<String> exchanges = ConcurrentHashMap.newKeySet(); // topics known to exist
    private final List<RabbitSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile String blockedReason; // set while RabbitMQ blocks publishers (a resource alarm)
    private volatile boolean closed;

    private RabbitBroker(String description, Connection connection, List<ConfirmChannel> publishers) {
        this.description = description;
        this.connection = connection;
        this.publishers = publishers;
        connection.addBlockedListener(reason -> blockedReason = reason, () -> blockedReason = null);
    }

    /**
     * Connects to the {@code amqp://} or {@code amqps://} URL (user, password, host, port, vhost as in the AMQP
     * URI spec), with the default timeouts, heartbeat and automatic recovery. A URL with no vhost or an empty
     * one ({@code amqp://host:5672/}) means RabbitMQ's default vhost {@code /}, as most clients read it (the
     * spec's empty vhost does not exist on a default RabbitMQ); {@code /%2F} names it explicitly.
     *
     * @throws IllegalArgumentException if the URL is not an AMQP URI
     * @throws BrokerUnavailableException if RabbitMQ cannot be reached or refuses the login
     */
    public static RabbitBroker open(String url) {
        var factory = new ConnectionFactory();
        try {
            factory.setUri(url);
        } catch (Exception e) {
            throw new IllegalArgumentException("not an AMQP URI: " + Redact.credentials(url), e);
        }
        if (factory.getVirtualHost().isEmpty()) {
            factory.setVirtualHost(ConnectionFactory.DEFAULT_VHOST);
        }
        factory.setConnectionTimeout(Math.toIntExact(DEFAULT_CONNECT_TIMEOUT.toMillis()));
        factory.setHandshakeTimeout(Math.toIntExact(DEFAULT_CONNECT_TIMEOUT.toMillis()));
        factory.setRequestedHeartbeat(Math.toIntExact(DEFAULT_HEARTBEAT.toSeconds()));
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(DEFAULT_RECOVERY_INTERVAL.toMillis());
        factory.setChannelRpcTimeout(Math.toIntExact(DEFAULT_RPC_TIMEOUT.toMillis()));
        String description = describe(factory);
        Connection connection;
        try {
            connection = factory.newConnection("scalelab");
        } catch (IOException | TimeoutException e) {
            throw new BrokerUnavailableException("RabbitMQ unreachable at " + description + ": " + e, e);
        }
        try {
            var publishers = new CopyOnWriteArrayList<ConfirmChannel>();
            for (int i = 0; i < DEFAULT_PUBLISH_CHANNELS; i++) {
                publishers.add(new ConfirmChannel(connection));
            }
            return new RabbitBroker(description, connection, List.copyOf(publishers));
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw new BrokerUnavailableException("could not open channels on " + description + ": " + e, e);
        }
    }

    private static String describe(ConnectionFactory factory) {
        String scheme = factory.isSSL() ? "amqps" : "amqp";
        String vhost = URLEncoder.encode(factory.getVirtualHost(), StandardCharsets.UTF_8);
        return scheme + "://" + factory.getHost() + ":" + factory.getPort() + "/" + vhost;
    }

    @Override
    public void declare(QueueSpec queue) {
        Objects.requireNonNull(queue, "queue");
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", "quorum");
        arguments.put("x-delivery-limit", queue.maxDeliveries() - 1);
        arguments.put("x-dead-letter-exchange", "");
        arguments.put("x-dead-letter-routing-key", queue.deadLetterQueue());
        onDeclareChannel("declare " + queue, channel -> {
            channel.exchangeDeclare(queue.topic(), "fanout", true);
            channel.queueDeclare(queue.deadLetterQueue(), true, false, false, Map.of("x-queue-type", "quorum"));
            channel.queueDeclare(queue.queue(), true, false, false, arguments);
            channel.queueBind(queue.queue(), queue.topic(), "");
            return null;
        });
        exchanges.add(queue.topic());
        declared.put(queue.queue(), queue);
    }

    @Override
    public void publish(String topic, Message message, Duration timeout) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(message, "message");
        long deadline = System.nanoTime() + timeout.toNanos();
        requireConnected();
        if (!exchanges.contains(topic)) {
            // publishing to a missing exchange is a channel error: make the topic exist, as declare does
            onDeclareChannel("declare topic " + topic, channel -> channel.exchangeDeclare(topic, "fanout", true));
            exchanges.add(topic);
        }
        var properties = new AMQP.BasicProperties.Builder()
                .deliveryMode(2)
                .messageId(message.id())
                .headers(Map.copyOf(message.headers()))
                .timestamp(new java.util.Date())
                .build();
        ConfirmChannel publisher = publishers.get(Math.floorMod(nextPublisher.getAndIncrement(), publishers.size()));
        CompletableFuture<Void> confirm = null;
        try {
            confirm = publisher.publish(topic, properties, message.body(), deadline);
            confirm.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (confirm != null) {
                publisher.forget(confirm);
            }
            throw new BrokerUnavailableException(
                    "RabbitMQ at " + description + " did not confirm message " + message.id() + " within " + timeout);
        } catch (ExecutionException e) {
            throw new BrokerUnavailableException(
                    "RabbitMQ at " + description + " did not take message " + message.id() + ": " + e.getCause(),
                    e.getCause());
        } catch (IOException | ShutdownSignalException e) {
            throw new BrokerUnavailableException(
                    "RabbitMQ at " + description + " did not take message " + message.id() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while publishing message " + message.id(), e);
        }
    }

    @Override
    public Subscription consume(String queue, ConsumerSpec consumer, DeliveryHandler handler) {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(handler, "handler");
        depth(queue); // refuses a queue that does not exist
        Channel channel = null;
        RabbitSubscription subscription = null;
        try {
            channel = connection.createChannel();
            if (channel == null) {
                throw new IOException("no channel available on the connection");
            }
            channel.basicQos(consumer.prefetch());
            subscription = new RabbitSubscription(
                    channel, queue, maxDeliveries(queue), consumer, handler, subscriptions::remove);
            subscriptions.add(subscription);
            channel.basicConsume(queue, false, subscription);
            return subscription;
        } catch (IOException | RuntimeException e) {
            if (channel != null) { // not consuming: the channel (and its subscription) must not outlive the call
                abort(channel);
            }
            if (subscription != null) {
                subscriptions.remove(subscription);
            }
            if (e instanceof IllegalArgumentException bad) {
                throw bad; // e.g. a prefetch above AMQP's 65535
            }
            throw new BrokerUnavailableException("could not consume " + queue + " on " + description + ": " + e, e);
        }
    }

    /** Subscriptions not closed yet (tests: closed ones are forgotten). */
    int openSubscriptions() {
        return subscriptions.size();
    }

    private void abort(Channel channel) {
        try {
            channel.abort();
        } catch (IOException | RuntimeException e) {
            log.debug("aborting a channel on {} failed", description, e);
        }
    }

    /** A queue declared here, its dead-letter queue (no limit), or one declared elsewhere (its own limit rules). */
    private int maxDeliveries(String queue) {
        QueueSpec spec = declared.get(queue);
        return spec == null ? Integer.MAX_VALUE : spec.maxDeliveries();
    }

    @Override
    public long depth(String queue) {
        requireConnected();
        // a passive declare of a missing queue closes its channel: use a channel of its own
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            if (replyCode(e) == 404) {
                throw new IllegalArgumentException("no queue named " + queue + " on " + description, e);
            }
            throw new BrokerUnavailableException("could not measure " + queue + " on " + description + ": " + e, e);
        } catch (TimeoutException | ShutdownSignalException e) {
            throw new BrokerUnavailableException("could not measure " + queue + " on " + description + ": " + e, e);
        }
    }

    @Override
    public long purge(String queue) {
        requireConnected();
        // a passive declare of a missing queue closes its channel: use a channel of its own
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclarePassive(queue); // a missing queue answers 404 here rather than being created
            return channel.queuePurge(queue).getMessageCount();
        } catch (IOException e) {
            if (replyCode(e) == 404) {
                throw new IllegalArgumentException("no queue named " + queue + " on " + description, e);
            }
            throw new BrokerUnavailableException("could not purge " + queue + " on " + description + ": " + e, e);
        } catch (TimeoutException | ShutdownSignalException e) {
            throw new BrokerUnavailableException("could not purge " + queue + " on " + description + ": " + e, e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriptions.forEach(RabbitSubscription::close);
        try {
            connection.close(Math.toIntExact(DEFAULT_RPC_TIMEOUT.toMillis()));
        } catch (IOException | RuntimeException e) {
            log.debug("closing the connection to {} failed", description, e);
            connection.abort();
        }
    }

    private void requireConnected() {
        if (closed) {
            throw new BrokerUnavailableException("the broker for " + description + " is closed");
        }
        if (!connection.isOpen()) {
            throw new BrokerUnavailableException("RabbitMQ at " + description + " is unreachable (reconnecting)");
        }
        String blocked = blockedReason;
        if (blocked != null) {
            throw new BrokerUnavailableException("RabbitMQ at " + description + " blocks publishers: " + blocked);
        }
    }

    @FunctionalInterface
    private interface ChannelWork<T> {
        T run(Channel channel) throws IOException;
    }

    private <T> T onDeclareChannel(String what, ChannelWork<T> work) {
        if (closed || !connection.isOpen()) {
            requireConnected();
        }
        declareLock.lock();
        try {
            if (declareChannel == null || !declareChannel.isOpen()) {
                declareChannel = connection.createChannel();
                if (declareChannel == null) {
                    throw new IOException("no channel available on the connection");
                }
            }
            return work.run(declareChannel);
        } catch (IOException e) {
            if (replyCode(e) == 406) {
                throw new IllegalStateException(
                        "RabbitMQ refused to " + what + ": it exists with other settings (" + cause(e) + ")", e);
            }
            throw new BrokerUnavailableException("could not " + what + " on " + description + ": " + e, e);
        } catch (ShutdownSignalException e) {
            throw new BrokerUnavailableException("could not " + what + " on " + description + ": " + e, e);
        } finally {
            declareLock.unlock();
        }
    }

    /** The AMQP reply code of the channel error behind {@code e} (404 not found, 406 precondition failed), or 0. */
    private static int replyCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal
                    && signal.getReason() instanceof com.rabbitmq.client.Method method
                    && method instanceof AMQP.Channel.Close close) {
                return close.getReplyCode();
            }
        }
        return 0;
    }

    private static String cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal) {
                return signal.getMessage();
            }
        }
        return e.toString();
    }
}
