package scalelab.core.messaging;

import java.util.Objects;

/**
 * A durable queue subscribed to a topic.
 *
 * @param topic the topic (exchange) it subscribes to
 * @param queue the queue's name
 * @param maxDeliveries deliveries without an ack after which a message is dead-lettered (at least 1)
 */
public record QueueSpec(String topic, String queue, int maxDeliveries) {
    public QueueSpec {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(queue, "queue");
        if (maxDeliveries < 1) throw new IllegalArgumentException("maxDeliveries must be at least 1");
    }

    /** The queue dead-lettered messages go to: the queue's name + {@code ".dlq"}. */
    public String deadLetterQueue() {
        return queue + ".dlq";
    }
}
