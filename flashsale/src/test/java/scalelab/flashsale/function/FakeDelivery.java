package scalelab.flashsale.function;

import java.time.Duration;
import scalelab.core.messaging.Delivery;
import scalelab.core.messaging.Message;

/** Records how a delivery was settled. */
final class FakeDelivery implements Delivery {
    enum Outcome {
        ACKED,
        RETRIED,
        DEAD_LETTERED
    }

    private final Message message;
    private final int deliveryCount;
    volatile Outcome outcome;
    volatile Duration backoff;

    FakeDelivery(Message message, int deliveryCount) {
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
        settle(Outcome.ACKED);
    }

    @Override
    public void retry(Duration backoff) {
        this.backoff = backoff;
        settle(Outcome.RETRIED);
    }

    @Override
    public void deadLetter() {
        settle(Outcome.DEAD_LETTERED);
    }

    private void settle(Outcome settled) {
        if (outcome != null) throw new AssertionError("settled twice: " + outcome + " then " + settled);
        outcome = settled;
    }
}
