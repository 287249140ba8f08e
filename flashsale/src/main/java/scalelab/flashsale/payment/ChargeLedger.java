package scalelab.flashsale.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Which orders have been charged: at most one charge per order id, recorded atomically. This is what makes
 * payment idempotent: {@link PaymentGateway} checks it before paying and records the charge when the payment
 * ends, so a redelivered order finds its charge and is not paid again.
 */
public interface ChargeLedger extends AutoCloseable {
    /** Whether a charge is recorded for the order. */
    boolean isCharged(UUID orderId);

    /**
     * Records the order's charge unless one is recorded already, in one atomic step.
     *
     * @return true if this call recorded it, false if the order had been charged before
     */
    boolean record(UUID orderId, BigDecimal amount, Instant chargedAt);

    /** Charges recorded, all orders together. */
    long count();

    /** Where charges are kept, without credentials. */
    String describe();

    @Override
    default void close() {}
}
