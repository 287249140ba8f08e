package scalelab.flashsale.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The charge ledger of one process, in a concurrent map: each claim and record is one atomic {@code compute}. */
public final class InMemoryChargeLedger implements ChargeLedger {
    private record Row(
            BigDecimal amount, boolean charged, UUID token, Instant leaseUntil, int attempts, Instant chargedAt) {}

    private final Map<UUID, Row> rows = new ConcurrentHashMap<>(); // written by claim and record only

    @Override
    public Claim claim(UUID orderId, BigDecimal amount, Instant now, Instant leaseUntil) {
        var found = new Claim[1];
        rows.compute(orderId, (id, row) -> {
            if (row == null || (!row.charged() && !row.leaseUntil().isAfter(now))) {
                UUID token = UUID.randomUUID();
                int attempt = row == null ? 1 : row.attempts() + 1;
                found[0] = new Claim.Taken(token, attempt);
                return new Row(amount, false, token, leaseUntil, attempt, null);
            }
            found[0] = row.charged() ? new Claim.AlreadyCharged() : new Claim.HeldByOther(row.leaseUntil());
            return row;
        });
        return found[0];
    }

    @Override
    public boolean record(UUID orderId, UUID token, Instant chargedAt) {
        var recorded = new boolean[1];
        rows.computeIfPresent(orderId, (id, row) -> {
            if (row.charged() || !row.token().equals(token)) {
                return row;
            }
            recorded[0] = true;
            return new Row(row.amount(), true, token, null, row.attempts(), chargedAt);
        });
        return recorded[0];
    }

    @Override
    public boolean isCharged(UUID orderId) {
        Row row = rows.get(orderId);
        return row != null && row.charged();
    }

    @Override
    public int attempts(UUID orderId) {
        Row row = rows.get(orderId);
        return row == null ? 0 : row.attempts();
    }

    @Override
    public long count() {
        return rows.values().stream().filter(Row::charged).count();
    }

    @Override
    public long totalAttempts() {
        return rows.values().stream().mapToLong(Row::attempts).sum();
    }

    @Override
    public String describe() {
        return "in-memory";
    }
}
