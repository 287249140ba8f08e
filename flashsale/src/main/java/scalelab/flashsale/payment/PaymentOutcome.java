package scalelab.flashsale.payment;

/** What one call to {@link PaymentGateway#pay} did. */
public enum PaymentOutcome {
    /** The payment ran and this call recorded the charge. */
    CHARGED,
    /** The order had been charged already (found before paying, or recorded by another call meanwhile): not charged again. */
    ALREADY_CHARGED
}
