package scalelab.flashsale.payment;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import scalelab.flashsale.FlashSaleDatabase;

/**
 * The charge ledger in the {@code payments} table, shared by every process on the database. A claim is one
 * {@code INSERT ... ON CONFLICT (order_id) DO UPDATE ... WHERE state = 'started' AND lease_until <= now}: the
 * conflicting row is locked and the condition checked on its latest version, so of two payers racing for a
 * new or expired claim exactly one gets a row back. Recording is an {@code UPDATE} guarded by the claim's
 * token. It does not close the database (its owner does).
 */
public final class PostgresChargeLedger implements ChargeLedger {
    private final FlashSaleDatabase db;

    public PostgresChargeLedger(FlashSaleDatabase db) {
        this.db = db;
    }

    @Override
    public Claim claim(UUID orderId, BigDecimal amount, Instant now, Instant leaseUntil) {
        UUID token = UUID.randomUUID();
        Integer attempt = db.query(
                "INSERT INTO payments (order_id, amount, state, claim_token, started_at, lease_until, attempts)"
                        + " VALUES (?, ?, 'started', ?, ?, ?, 1)"
                        + " ON CONFLICT (order_id) DO UPDATE SET claim_token = EXCLUDED.claim_token,"
                        + " started_at = EXCLUDED.started_at, lease_until = EXCLUDED.lease_until,"
                        + " amount = EXCLUDED.amount, attempts = payments.attempts + 1"
                        + " WHERE payments.state = 'started' AND payments.lease_until <= EXCLUDED.started_at"
                        + " RETURNING attempts",
                ps -> {
                    ps.setObject(1, orderId);
                    ps.setBigDecimal(2, amount);
                    ps.setObject(3, token);
                    ps.setObject(4, utc(now));
                    ps.setObject(5, utc(leaseUntil));
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getInt(1) : null;
                    }
                });
        if (attempt != null) {
            return new Claim.Taken(token, attempt);
        }
        // Charged, or claimed by someone else: which one (it may have moved on since; the caller looks again).
        return db.query("SELECT state, lease_until FROM payments WHERE order_id = ?", ps -> {
            ps.setObject(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Claim.HeldByOther(now); // rows are never deleted: cannot happen; look again
                }
                if ("charged".equals(rs.getString(1))) {
                    return new Claim.AlreadyCharged();
                }
                return new Claim.HeldByOther(
                        rs.getObject(2, OffsetDateTime.class).toInstant());
            }
        });
    }

    @Override
    public boolean record(UUID orderId, UUID token, Instant chargedAt) {
        return db.query(
                        "UPDATE payments SET state = 'charged', charged_at = ?, lease_until = NULL"
                                + " WHERE order_id = ? AND state = 'started' AND claim_token = ?",
                        ps -> {
                            ps.setObject(1, utc(chargedAt));
                            ps.setObject(2, orderId);
                            ps.setObject(3, token);
                            return ps.executeUpdate();
                        })
                == 1;
    }

    @Override
    public boolean isCharged(UUID orderId) {
        return db.query("SELECT 1 FROM payments WHERE order_id = ? AND state = 'charged'", ps -> {
            ps.setObject(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    @Override
    public int attempts(UUID orderId) {
        return db.query("SELECT attempts FROM payments WHERE order_id = ?", ps -> {
            ps.setObject(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    @Override
    public long count() {
        return single("SELECT count(*) FROM payments WHERE state = 'charged'");
    }

    @Override
    public long totalAttempts() {
        return single("SELECT coalesce(sum(attempts), 0) FROM payments");
    }

    private long single(String sql) {
        return db.query(sql, ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public String describe() {
        return db.describe();
    }
}
