package scalelab.core.messaging;

import java.time.Duration;

/**
 * The messaging port: topics that fan out (the SNS / exchange role) to durable queues that are consumed
 * with explicit acknowledgements (the SQS / queue role). Two adapters implement it, with the same
 * behaviour, proven by one contract test suite: {@link InProcessBroker} (the embedded default) and
 * {@link RabbitBroker} (RabbitMQ: persistent messages, publisher confirms, manual acks, a dead-letter
 * exchange). {@link Brokers#open} picks one from a URL.
 *
 * <p>Delivery is at least once: a message that was delivered but not acknowledged (the consumer crashed,
 * its channel closed, it asked to retry) is delivered again, with a higher {@link Delivery#deliveryCount()}.
 * After {@link QueueSpec#maxDeliveries()} deliveries without an ack, or at once on {@link
 * Delivery#deadLetter()}, a message moves to the queue's dead-letter queue, {@link QueueSpec#deadLetterQueue()}.
 * Consumers must therefore be idempotent.
 */
public interface Broker extends AutoCloseable {
    /**
     * Declares a topic and a durable queue subscribed to it, with its dead-letter queue. Idempotent: declaring
     * the same queue again with the same settings is a no-op. Several queues may subscribe to one topic; each
     * gets its own copy of every message published after it was declared.
     *
     * @throws IllegalStateException if the queue exists with another delivery limit (RabbitMQ refuses to change
     *     a queue's arguments) or, in-process, with another topic
     */
    void declare(QueueSpec queue);

    /**
     * Publishes a persistent message to every queue subscribed to the topic, and returns only once the broker
     * has taken responsibility for it (a publisher confirm on RabbitMQ). A topic with no queue drops the
     * message, as an exchange with no binding does.
     *
     * @throws BrokerUnavailableException if the broker is unreachable, refused the message, or did not confirm
     *     it within {@code timeout}, or this broker is closed; the message may then or may not have been queued
     */
    void publish(String topic, Message message, Duration timeout);

    /**
     * Starts consuming a declared queue: each delivery is handed to {@code handler} on its own virtual thread,
     * at most {@link ConsumerSpec#concurrency()} at a time, with at most {@link ConsumerSpec#prefetch()}
     * delivered and not yet acknowledged. The handler must settle each delivery (ack, retry or dead-letter);
     * a handler that throws gets the delivery retried at once. Closing the subscription stops new deliveries;
     * unsettled ones go back to the queue.
     *
     * @throws IllegalArgumentException if the queue was never declared
     */
    Subscription consume(String queue, ConsumerSpec consumer, DeliveryHandler handler);

    /**
     * Messages in the queue ready for delivery (not counting those delivered and not yet settled).
     *
     * @throws IllegalArgumentException if the queue was never declared
     */
    long depth(String queue);

    /**
     * Removes every message ready in the queue and returns how many; messages delivered and not yet settled
     * stay (they come back if not acked). For experiments and tests that start from an empty queue.
     *
     * @throws IllegalArgumentException if the queue was never declared
     */
    long purge(String queue);

    /** A short description for logs and reports, without credentials: "in-process" or "amqp://host:port/vhost". */
    String describe();

    /** Closes connections; subscriptions stop, unsettled deliveries go back to their queues. */
    @Override
    void close();
}
