package scalelab.flashsale.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Which orders are being paid and which have been charged: the idempotency record of the payment provider,
 * one row per order id. A payment is <em>claimed</em> before the payment time is spent, so two copies of one
 * order (a redelivery while the first handler still runs) never both pay:
 *
 * <ul>
 *   <li>no row: {@link #claim} inserts one {@code started} with a new token and a lease: this caller pays;
 *   <li>{@code charged}: already paid, nobody pays again;
 *   <li>{@code started} with a live lease: someone else is paying: wait and look again;
 *   <li>{@code started} with an expired lease (its payer died mid-payment): {@link #claim} takes it over
 *       atomically, with a new token and lease, and counts one more attempt.
 * </ul>
 *
 * <p>The charge is recorded ({@link #record}) only by the owner of the current claim. Each claim taken, the
 * first and every takeover, adds one to the order's {@code attempts}: an order whose attempts exceed 1 was
 * paid (the payment time spent) more than once.
 *
 * <p>Times are the callers' clocks ({@code now}); processes sharing a ledger are assumed to agree within the
 * lease margin.
 */
public interface ChargeLedger extends AutoCloseable {
    /**
     * Tries to take the claim to pay the order, in one atomic step: inserts a {@code started} row, or takes
     * over a {@code started} row whose lease ended at or before {@code now}.
     *
     * @param leaseUntil when the claim may be taken over if not charged by then (after {@code now})
     */
    Claim claim(UUID orderId, BigDecimal amount, Instant now, Instant leaseUntil);

    /**
     * Records the charge: moves the order's row from {@code started} to {@code charged}, only if {@code
     * token} still owns the claim.
     *
     * @return true if this call recorded it; false if the claim was taken over (or the order is charged)
     */
    boolean record(UUID orderId, UUID token, Instant chargedAt);

    /** Whether a charge is recorded for the order. */
    boolean isCharged(UUID orderId);

    /** Claims taken for the order (first and takeovers); 0 when it has no row. */
    int attempts(UUID orderId);

    /** Charges recorded, all orders together. */
    long count();

    /** Claims taken, all orders together: equals {@link #count()} when no order was paid twice. */
    long totalAttempts();

    /** Where charges are kept, without credentials. */
    String describe();

    @Override
    default void close() {}

    /** What {@link #claim} found. */
    sealed interface Claim {
        /** This caller holds the claim: pay, then {@link #record} with the token. */
        record Taken(UUID token, int attempt) implements Claim {
            /** Whether it took over an expired claim of an earlier payer. */
            public boolean takeover() {
                return attempt > 1;
            }
        }

        /** The order is charged already: do not pay. */
        record AlreadyCharged() implements Claim {}

        /** Another payer holds a live claim until {@code leaseUntil}: do not pay now. */
        record HeldByOther(Instant leaseUntil) implements Claim {}
    }
}
