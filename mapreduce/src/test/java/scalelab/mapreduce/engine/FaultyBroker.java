package scalelab.mapreduce.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.BrokerUnavailableException;
import scalelab.core.messaging.ConsumerSpec;
import scalelab.core.messaging.DeliveryHandler;
import scalelab.core.messaging.Message;
import scalelab.core.messaging.QueueSpec;
import scalelab.core.messaging.Subscription;

/**
 * A broker that passes everything to another, except where a test asked to duplicate or alter what is published to
 * a topic, or to wrap the handler of a queue's consumers (one that crashes or hangs).
 */
public final class FaultyBroker implements Broker {
    private final Broker delegate;
    private final Map<String, Integer> copies = new ConcurrentHashMap<>(); // topic -> times each message is sent
    private final Map<String, UnaryOperator<Message>> alterations = new ConcurrentHashMap<>();
    private final Map<String, UnaryOperator<DeliveryHandler>> handlers = new ConcurrentHashMap<>();
    private volatile boolean unreachable;

    /** Publishing and measuring queues fail with {@link BrokerUnavailableException} while unreachable. */
    public FaultyBroker unreachable(boolean down) {
        unreachable = down;
        return this;
    }

    private void requireReachable() {
        if (unreachable) throw new BrokerUnavailableException("the broker is unreachable (test)");
    }

    public FaultyBroker(Broker delegate) {
        this.delegate = delegate;
    }

    FaultyBroker duplicate(String topic) {
        copies.put(topic, 2);
        return this;
    }

    FaultyBroker alter(String topic, UnaryOperator<Message> alteration) {
        alterations.put(topic, alteration);
        return this;
    }

    /** Consumers of {@code queue} that start after this get their handler wrapped. */
    FaultyBroker wrap(String queue, UnaryOperator<DeliveryHandler> wrapper) {
        handlers.put(queue, wrapper);
        return this;
    }

    @Override
    public void declare(QueueSpec queue) {
        delegate.declare(queue);
    }

    @Override
    public void publish(String topic, Message message, Duration timeout) {
        requireReachable();
        Message sent = alterations.getOrDefault(topic, UnaryOperator.identity()).apply(message);
        for (int i = 0; i < copies.getOrDefault(topic, 1); i++) delegate.publish(topic, sent, timeout);
    }

    @Override
    public Subscription consume(String queue, ConsumerSpec consumer, DeliveryHandler handler) {
        return delegate.consume(
                queue,
                consumer,
                handlers.getOrDefault(queue, UnaryOperator.identity()).apply(handler));
    }

    @Override
    public long depth(String queue) {
        requireReachable();
        return delegate.depth(queue);
    }

    @Override
    public long purge(String queue) {
        return delegate.purge(queue);
    }

    @Override
    public String describe() {
        return "faulty " + delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
