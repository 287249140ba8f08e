package scalelab.flashsale.order;

/**
 * What one call to {@link OrderProcessor#process} did, so that the callers count each order's completion once
 * however often it is delivered.
 */
public enum ProcessOutcome {
    /** This call completed the order: count it. */
    COMPLETED,
    /**
     * The order was final before this call, or another call made it final meanwhile (a redelivered copy, a
     * failure after the last delivery): nothing to count.
     */
    ALREADY_FINAL
}
