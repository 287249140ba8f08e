package scalelab.flashsale.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * A simulated payment provider: a payment takes {@link #paymentTime()} (the slow dependency of the flash
 * sale) and is idempotent by order id through a {@link ChargeLedger}.
 *
 * <p>Before paying it looks the order up in the ledger: a charge already recorded means "already paid, do
 * not pay again". Otherwise it waits the payment time, then records the charge atomically ({@code INSERT ...
 * ON CONFLICT DO NOTHING}): a caller killed during the payment time leaves no charge, and one killed after
 * the charge but before it acknowledged its message finds the charge on redelivery.
 */
public final class PaymentGateway {
    /** Default time one payment takes: 3 s, as in the original. */
    public static final Duration DEFAULT_PAYMENT_TIME = Duration.ofSeconds(3);

    private final ChargeLedger ledger;
    private final Duration paymentTime;
    private final Clock clock;
    private final LongAdder started = new LongAdder(); // payments that ran (waited the payment time)
    private final LongAdder charges = new LongAdder(); // payments this gateway charged
    private final LongAdder duplicatesPrevented = new LongAdder(); // payments it refused as already charged

    /**
     * @param paymentTime how long each payment takes, zero or more
     * @throws IllegalArgumentException when the payment time is negative
     */
    public PaymentGateway(ChargeLedger ledger, Duration paymentTime, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        if (paymentTime.isNegative()) {
            throw new IllegalArgumentException("paymentTime must be >= 0 but was " + paymentTime);
        }
        this.paymentTime = paymentTime;
        this.clock = clock;
    }

    public PaymentGateway(ChargeLedger ledger, Duration paymentTime) {
        this(ledger, paymentTime, Clock.systemUTC());
    }

    /**
     * Pays for the order unless it was charged before.
     *
     * @throws InterruptedException when interrupted during the payment time: nothing is charged
     * @throws RuntimeException when the ledger cannot be reached (e.g. {@code StorageUnavailableException})
     */
    public PaymentOutcome pay(UUID orderId, BigDecimal amount) throws InterruptedException {
        if (ledger.isCharged(orderId)) {
            duplicatesPrevented.increment();
            return PaymentOutcome.ALREADY_CHARGED;
        }
        started.increment();
        if (!paymentTime.isZero()) {
            Thread.sleep(paymentTime);
        }
        if (ledger.record(orderId, amount, clock.instant())) {
            charges.increment();
            return PaymentOutcome.CHARGED;
        }
        duplicatesPrevented.increment();
        return PaymentOutcome.ALREADY_CHARGED;
    }

    public Duration paymentTime() {
        return paymentTime;
    }

    /** Payments that ran: not found charged before, so the payment time was spent (charged or not). */
    public long paymentsStarted() {
        return started.sum();
    }

    /** Payments this gateway charged. */
    public long charges() {
        return charges.sum();
    }

    /** Payments this gateway did not make because the order had been charged already. */
    public long duplicatesPrevented() {
        return duplicatesPrevented.sum();
    }

    public ChargeLedger ledger() {
        return ledger;
    }
}
