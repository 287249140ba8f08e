package scalelab.catalog.payments;

import java.time.Instant;
import java.util.Objects;

/**
 * One charge, approved or declined, as the ledger keeps it: the card's last 4 digits only.
 *
 * @param success whether the card was charged
 * @param transactionId unique id, {@code txn_} and a random UUID
 * @param last4 the card's last 4 digits
 * @param cartId the shopping cart paid for
 * @param at when the charge was made
 */
public record Payment(boolean success, String transactionId, String last4, int cartId, Instant at) {
    public Payment {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(at, "at");
        if (last4 == null || !last4.matches("[0-9]{4}")) {
            // the value is not quoted: a caller that mixed up the fields may have passed a whole number
            throw new IllegalArgumentException("last4 must be 4 digits");
        }
        if (cartId < 1) {
            throw new IllegalArgumentException("cartId must be >= 1 but was " + cartId);
        }
    }
}
