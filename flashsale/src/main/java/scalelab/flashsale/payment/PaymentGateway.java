package scalelab.flashsale.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated payment provider: a payment takes {@link #paymentTime()} (the slow dependency of the flash
 * sale) and is idempotent by order id, as a real provider is with an idempotency key, through a {@link
 * ChargeLedger}.
 *
 * <p>The payment is <em>claimed</em> in the ledger before the payment time is spent, with a lease of the
 * payment time plus a margin ({@link #DEFAULT_LEASE_MARGIN} unless told otherwise):
 *
 * <ul>
 *   <li>claim taken: pay (wait the payment time), then record the charge with the claim's token;
 *   <li>already charged: do not pay;
 *   <li>claimed by another payer (a second copy of the order, e.g. redelivered while the first handler still
 *       runs): do not pay; look again every {@link #pollInterval()} until the order is charged (then it is
 *       paid: return) or the other claim's lease ended (its payer died mid-payment: take it over and pay).
 * </ul>
 *
 * <p>So two concurrent copies of an order spend the payment time once, and a payer killed mid-payment holds
 * its order back for at most the lease. A payer that overran its lease (paused longer than the margin) and
 * was taken over cannot record its charge: counted in {@link #leasesLost()}, and it then waits for the new
 * owner's charge; the ledger's attempts show that order as paid twice.
 */
public final class PaymentGateway {
    private static final Logger log = LoggerFactory.getLogger(PaymentGateway.class);

    /** Default time one payment takes: 3 s, as in the original. */
    public static final Duration DEFAULT_PAYMENT_TIME = Duration.ofSeconds(3);

    /** Default lease beyond the payment time before another payer may take a claim over: 5 s. */
    public static final Duration DEFAULT_LEASE_MARGIN = Duration.ofSeconds(5);

    /** Default interval at which a payer waiting on another's claim looks at the ledger again: 200 ms. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

    private final ChargeLedger ledger;
    private final Duration paymentTime;
    private final Duration lease;
    private final Duration pollInterval;
    private final Clock clock;
    private final LongAdder started = new LongAdder(); // claims taken: the payment time spent
    private final LongAdder takeovers = new LongAdder(); // of those, expired claims taken over
    private final LongAdder charges = new LongAdder(); // charges this gateway recorded
    private final LongAdder duplicatesPrevented = new LongAdder(); // pays that found the order charged
    private final LongAdder waited = new LongAdder(); // pays that found a live claim of another payer
    private final LongAdder leasesLost = new LongAdder(); // payments taken over before they recorded

    /**
     * @param paymentTime how long each payment takes, zero or more
     * @param leaseMargin how long past the payment time a claim stays live, more than zero
     * @param pollInterval how often a payer waiting on another's claim looks again, more than zero
     * @throws IllegalArgumentException when a duration is out of range
     */
    public PaymentGateway(
            ChargeLedger ledger, Duration paymentTime, Duration leaseMargin, Duration pollInterval, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        if (paymentTime.isNegative()) {
            throw new IllegalArgumentException("paymentTime must be >= 0 but was " + paymentTime);
        }
        if (leaseMargin.isNegative() || leaseMargin.isZero()) {
            throw new IllegalArgumentException("leaseMargin must be > 0 but was " + leaseMargin);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be > 0 but was " + pollInterval);
        }
        this.paymentTime = paymentTime;
        this.lease = paymentTime.plus(leaseMargin);
        this.pollInterval = pollInterval;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The default lease margin and poll interval. */
    public PaymentGateway(ChargeLedger ledger, Duration paymentTime, Clock clock) {
        this(ledger, paymentTime, DEFAULT_LEASE_MARGIN, DEFAULT_POLL_INTERVAL, clock);
    }

    public PaymentGateway(ChargeLedger ledger, Duration paymentTime) {
        this(ledger, paymentTime, Clock.systemUTC());
    }

    /**
     * Pays for the order unless it is charged or being paid by another payer; in the latter case returns once
     * that payer charged it (or takes over and pays if its lease ends first).
     *
     * @throws InterruptedException when interrupted during the payment time (nothing is charged; the claim
     *     stays until its lease ends, as a killed payer's would) or while waiting on another's claim
     * @throws RuntimeException when the ledger cannot be reached (e.g. {@code StorageUnavailableException})
     */
    public PaymentOutcome pay(UUID orderId, BigDecimal amount) throws InterruptedException {
        boolean waiting = false;
        while (true) {
            Instant now = clock.instant();
            switch (ledger.claim(orderId, amount, now, now.plus(lease))) {
                case ChargeLedger.Claim.AlreadyCharged charged -> {
                    duplicatesPrevented.increment();
                    return PaymentOutcome.ALREADY_CHARGED;
                }
                case ChargeLedger.Claim.Taken taken -> {
                    started.increment();
                    if (taken.takeover()) {
                        takeovers.increment();
                        log.info("order={} payment taken over (attempt {})", orderId, taken.attempt());
                    }
                    if (!paymentTime.isZero()) {
                        Thread.sleep(paymentTime);
                    }
                    if (ledger.record(orderId, taken.token(), clock.instant())) {
                        charges.increment();
                        return PaymentOutcome.CHARGED;
                    }
                    leasesLost.increment(); // overran the lease: another payer owns the claim now
                    log.warn("order={} payment overran its lease {} and was taken over", orderId, lease);
                }
                case ChargeLedger.Claim.HeldByOther held -> {
                    if (!waiting) {
                        waiting = true;
                        waited.increment();
                    }
                    Duration untilExpiry = Duration.between(now, held.leaseUntil());
                    Duration nap = untilExpiry.compareTo(pollInterval) < 0 ? untilExpiry : pollInterval;
                    Thread.sleep(nap.isNegative() || nap.isZero() ? Duration.ofMillis(1) : nap);
                }
            }
        }
    }

    public Duration paymentTime() {
        return paymentTime;
    }

    /** How long a claim stays live: the payment time plus the margin. */
    public Duration lease() {
        return lease;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** Claims this gateway took (first ones and takeovers): payments that spent the payment time. */
    public long paymentsStarted() {
        return started.sum();
    }

    /** Of {@link #paymentsStarted()}, those that took over a claim whose lease had ended (its payer died). */
    public long takeovers() {
        return takeovers.sum();
    }

    /** Charges this gateway recorded. */
    public long charges() {
        return charges.sum();
    }

    /**
     * Calls to {@link #pay} that did not pay because the order was charged: found charged at once, or after
     * waiting for another payer's claim.
     */
    public long duplicatesPrevented() {
        return duplicatesPrevented.sum();
    }

    /** Calls to {@link #pay} that found another payer's live claim and waited on it (counted once per call). */
    public long waitedForAnotherPayer() {
        return waited.sum();
    }

    /** Payments whose claim was taken over before they could record the charge: such an order was paid twice. */
    public long leasesLost() {
        return leasesLost.sum();
    }

    public ChargeLedger ledger() {
        return ledger;
    }
}
