package scalelab.flashsale;

import java.time.Duration;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.BrokerUnavailableException;
import scalelab.core.messaging.ConsumerSpec;
import scalelab.core.messaging.DeliveryHandler;
import scalelab.core.messaging.InProcessBroker;
import scalelab.core.messaging.Message;
import scalelab.core.messaging.QueueSpec;
import scalelab.core.messaging.Subscription;

/**
 * A broker that cannot take messages: every publish throws {@link BrokerUnavailableException}, as an
 * unreachable RabbitMQ or a missing confirm does. With {@code landsAnyway} the message is queued first, as an
 * unconfirmed publish that did land. Queues and consumers are an in-process broker's.
 */
final class RefusingBroker implements Broker {
    private final InProcessBroker inner = new InProcessBroker();
    private final boolean landsAnyway;
    private volatile boolean down; // set by goDown: it cannot even be asked for a queue's depth

    RefusingBroker() {
        this(false);
    }

    RefusingBroker(boolean landsAnyway) {
        this.landsAnyway = landsAnyway;
    }

    @Override
    public void declare(QueueSpec queue) {
        inner.declare(queue);
    }

    @Override
    public void publish(String topic, Message message, Duration timeout) {
        if (landsAnyway) {
            inner.publish(topic, message, timeout);
        }
        throw new BrokerUnavailableException("no confirm within " + timeout.toMillis() + " ms (test)");
    }

    @Override
    public Subscription consume(String queue, ConsumerSpec consumer, DeliveryHandler handler) {
        return inner.consume(queue, consumer, handler);
    }

    /** Publishes for real, bypassing the refusal: a message that got in some other way. */
    void publishAnyway(String topic, Message message) {
        inner.publish(topic, message, Duration.ofSeconds(1));
    }

    /** From now on it is unreachable: asking for a queue's depth fails too. */
    void goDown() {
        down = true;
    }

    @Override
    public long depth(String queue) {
        if (down) {
            throw new BrokerUnavailableException("unreachable (test)");
        }
        return inner.depth(queue);
    }

    @Override
    public long purge(String queue) {
        return inner.purge(queue);
    }

    @Override
    public String describe() {
        return "refusing(in-process)";
    }

    @Override
    public void close() {
        inner.close();
    }
}
