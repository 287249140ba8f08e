package scalelab.catalog.payments;

import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import scalelab.catalog.CatalogDatabase;

/**
 * The payment ledger in the {@code payments} table, so a cart paid through one instance is paid for
 * every instance (a body-less checkout anywhere finds it). Rows keep the last 4 digits only; the
 * transaction id is the primary key. Unlike the in-memory ledger it forgets nothing.
 */
public final class PostgresPaymentLedger implements PaymentLedger {
    private final CatalogDatabase db;

    public PostgresPaymentLedger(CatalogDatabase db) {
        this.db = db;
    }

    @Override
    public void record(Payment payment) {
        db.query(
                "INSERT INTO payments (transaction_id, success, last4, cart_id, paid_at) VALUES (?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, payment.transactionId());
                    ps.setBoolean(2, payment.success());
                    ps.setString(3, payment.last4());
                    ps.setInt(4, payment.cartId());
                    ps.setObject(5, OffsetDateTime.ofInstant(payment.at(), ZoneOffset.UTC));
                    return ps.executeUpdate();
                });
    }

    @Override
    public Optional<Payment> find(String transactionId) {
        return db.query("SELECT success, last4, cart_id, paid_at FROM payments WHERE transaction_id = ?", ps -> {
            ps.setString(1, transactionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Payment(
                                rs.getBoolean(1),
                                transactionId,
                                rs.getString(2),
                                rs.getInt(3),
                                rs.getObject(4, OffsetDateTime.class).toInstant()))
                        : Optional.empty();
            }
        });
    }

    @Override
    public Optional<String> paidFor(int cartId) {
        return db.query(
                "SELECT transaction_id FROM payments WHERE cart_id = ? AND success ORDER BY seq DESC LIMIT 1", ps -> {
                    ps.setInt(1, cartId);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                    }
                });
    }

    @Override
    public long size() {
        return db.query("SELECT count(*) FROM payments", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
