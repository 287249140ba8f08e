package scalelab.core.messaging;

import java.time.Duration;

/**
 * One delivery of a message to a consumer. Settle it exactly once: {@link #ack()}, {@link #retry(Duration)}
 * or {@link #deadLetter()}; later calls are ignored.
 */
public interface Delivery {
    Message message();

    /** 1 for the first delivery of this message, 2 for its first redelivery, and so on. */
    int deliveryCount();

    /** Done: the message leaves the queue. */
    void ack();

    /**
     * Not done: the message is delivered again after {@code backoff} (kept unacknowledged meanwhile, so a crash
     * during the backoff also redelivers it), or dead-lettered if this was its last allowed delivery.
     */
    void retry(Duration backoff);

    /** Never processable (a poison message): it moves to the dead-letter queue at once. */
    void deadLetter();
}
