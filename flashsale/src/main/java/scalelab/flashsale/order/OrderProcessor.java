package scalelab.flashsale.order;

/**
 * What a worker (or a function) does with one queued order: run its payment and record its final status.
 * Idempotent by {@link Order#orderId()}: called again for the same order (a redelivered message, a retry
 * after a crash) it never pays twice, and an order already final is left as it is.
 */
public interface OrderProcessor {
    /**
     * Processes the order.
     *
     * @return {@link ProcessOutcome#COMPLETED} only when this call completed the order; {@link
     *     ProcessOutcome#ALREADY_FINAL} when it was (or became, by another call) final
     * @throws Exception on a transient failure (the payment or the store could not be reached): the caller
     *     retries the order later, or marks it failed after its last allowed attempt
     */
    ProcessOutcome process(Order order) throws Exception;

    /** Records the order as failed after its last allowed attempt (unless it already is final). */
    void fail(Order order);
}
