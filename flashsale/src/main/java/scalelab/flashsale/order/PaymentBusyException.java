package scalelab.flashsale.order;

import java.time.Duration;

/** A synchronous order could not start its payment within the sync timeout: the gate stayed busy. */
public final class PaymentBusyException extends RuntimeException {
    private final Duration retryAfter;

    PaymentBusyException(Duration waited, Duration retryAfter) {
        super("payment could not start within " + waited.toMillis() + " ms", null, false, false);
        this.retryAfter = retryAfter;
    }

    /** A fair guess of when a turn may be free: one payment time. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
