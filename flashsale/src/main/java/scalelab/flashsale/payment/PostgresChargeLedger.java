package scalelab.flashsale.payment;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import scalelab.flashsale.FlashSaleDatabase;

/**
 * The charge ledger in the {@code payments} table, shared by every process on the database: the primary key
 * on {@code order_id} and {@code INSERT ... ON CONFLICT DO NOTHING} make one charge per order, whichever
 * worker gets there first. It does not close the database (its owner does).
 */
public final class PostgresChargeLedger implements ChargeLedger {
    private final FlashSaleDatabase db;

    public PostgresChargeLedger(FlashSaleDatabase db) {
        this.db = db;
    }

    @Override
    public boolean isCharged(UUID orderId) {
        return db.query("SELECT 1 FROM payments WHERE order_id = ?", ps -> {
            ps.setObject(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    @Override
    public boolean record(UUID orderId, BigDecimal amount, Instant chargedAt) {
        return db.query(
                        "INSERT INTO payments (order_id, amount, charged_at) VALUES (?, ?, ?)"
                                + " ON CONFLICT (order_id) DO NOTHING",
                        ps -> {
                            ps.setObject(1, orderId);
                            ps.setBigDecimal(2, amount);
                            ps.setObject(3, OffsetDateTime.ofInstant(chargedAt, ZoneOffset.UTC));
                            return ps.executeUpdate();
                        })
                == 1;
    }

    @Override
    public long count() {
        return db.query("SELECT count(*) FROM payments", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public String describe() {
        return db.describe();
    }
}
