package scalelab.catalog.payments;

import java.util.Optional;

/**
 * Where {@link Payments} keeps the payments it made: {@link InMemoryPaymentLedger} (bounded, one
 * process) or {@link PostgresPaymentLedger} (shared by every instance on one database). Thread-safe.
 * A ledger holds the card's last 4 digits only, never the whole number.
 */
public interface PaymentLedger {
    void record(Payment payment);

    Optional<Payment> find(String transactionId);

    /** The newest approved transaction for this cart, if the ledger still holds one. */
    Optional<String> paidFor(int cartId);

    /** How many payments the ledger holds now. */
    long size();
}
