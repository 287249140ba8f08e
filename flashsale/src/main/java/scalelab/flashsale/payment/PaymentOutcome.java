package scalelab.flashsale.payment;

/** What one call to {@link PaymentGateway#pay} did. */
public enum PaymentOutcome {
    /** The payment ran and this call recorded the charge. */
    CHARGED,
    /**
     * The order was charged by another call (found charged at once, or after waiting for another payer's claim):
     * this call did not pay.
     */
    ALREADY_CHARGED
}
