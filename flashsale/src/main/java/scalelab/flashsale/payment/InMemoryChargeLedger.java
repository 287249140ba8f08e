package scalelab.flashsale.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The charge ledger of one process, in a concurrent map: {@code putIfAbsent} is the atomic step. */
public final class InMemoryChargeLedger implements ChargeLedger {
    private record Charge(BigDecimal amount, Instant chargedAt) {}

    private final Map<UUID, Charge> charges = new ConcurrentHashMap<>(); // written by record only

    @Override
    public boolean isCharged(UUID orderId) {
        return charges.containsKey(orderId);
    }

    @Override
    public boolean record(UUID orderId, BigDecimal amount, Instant chargedAt) {
        return charges.putIfAbsent(orderId, new Charge(amount, chargedAt)) == null;
    }

    @Override
    public long count() {
        return charges.size();
    }

    @Override
    public String describe() {
        return "in-memory";
    }
}
