package scalelab.flashsale.order;

import java.util.UUID;

/**
 * A queued order the store does not know: the API could not confirm its publish, answered 503 and removed
 * it, but the message landed after all. It must not be paid or resurrected: the consumer acknowledges the
 * message and counts it.
 */
public final class UnknownOrderException extends RuntimeException {
    private final UUID orderId;

    public UnknownOrderException(UUID orderId) {
        super("order " + orderId + " is not in the store", null, false, false);
        this.orderId = orderId;
    }

    public UUID orderId() {
        return orderId;
    }
}
