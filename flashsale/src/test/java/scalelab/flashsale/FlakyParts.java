package scalelab.flashsale;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import scalelab.core.storage.StorageUnavailableException;
import scalelab.flashsale.order.InMemoryOrderStore;
import scalelab.flashsale.order.Order;
import scalelab.flashsale.order.OrderStatus;
import scalelab.flashsale.order.OrderStore;
import scalelab.flashsale.payment.ChargeLedger;
import scalelab.flashsale.payment.InMemoryChargeLedger;

/** Stores that fail on purpose, to drive the workers' retry, dead-letter and idempotency paths. */
final class FlakyParts {
    private FlakyParts() {}

    /** A ledger that cannot be reached: the payment provider is down; every payment attempt fails. */
    static final class BrokenLedger implements ChargeLedger {
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public Claim claim(UUID orderId, BigDecimal amount, Instant now, Instant leaseUntil) {
            attempts.incrementAndGet();
            throw new StorageUnavailableException("payment provider down (test)", null);
        }

        @Override
        public boolean record(UUID orderId, UUID token, Instant chargedAt) {
            throw new StorageUnavailableException("payment provider down (test)", null);
        }

        @Override
        public boolean isCharged(UUID orderId) {
            return false;
        }

        @Override
        public int attempts(UUID orderId) {
            return 0;
        }

        @Override
        public long count() {
            return 0;
        }

        @Override
        public long totalAttempts() {
            return 0;
        }

        @Override
        public String describe() {
            return "broken";
        }
    }

    /** A ledger that counts how often a charge was recorded for real. */
    static final class CountingLedger implements ChargeLedger {
        final InMemoryChargeLedger inner = new InMemoryChargeLedger();
        final AtomicInteger recorded = new AtomicInteger();

        @Override
        public Claim claim(UUID orderId, BigDecimal amount, Instant now, Instant leaseUntil) {
            return inner.claim(orderId, amount, now, leaseUntil);
        }

        @Override
        public boolean record(UUID orderId, UUID token, Instant chargedAt) {
            boolean fresh = inner.record(orderId, token, chargedAt);
            if (fresh) {
                recorded.incrementAndGet();
            }
            return fresh;
        }

        @Override
        public boolean isCharged(UUID orderId) {
            return inner.isCharged(orderId);
        }

        @Override
        public int attempts(UUID orderId) {
            return inner.attempts(orderId);
        }

        @Override
        public long count() {
            return inner.count();
        }

        @Override
        public long totalAttempts() {
            return inner.totalAttempts();
        }

        @Override
        public String describe() {
            return "counting";
        }
    }

    /**
     * An order store that fails the first {@code failures} moves to completed: a worker that charged the order
     * and then lost the store before it could record the status (and so before its ack).
     */
    static final class StoreFailingCompletion implements OrderStore {
        final InMemoryOrderStore inner = new InMemoryOrderStore();
        final AtomicInteger failuresLeft;

        StoreFailingCompletion(int failures) {
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public void add(Order order) {
            inner.add(order);
        }

        @Override
        public Optional<Order> find(UUID orderId) {
            return inner.find(orderId);
        }

        @Override
        public Optional<Order> moveTo(UUID orderId, OrderStatus status) {
            if (status == OrderStatus.COMPLETED && failuresLeft.getAndDecrement() > 0) {
                throw new StorageUnavailableException("store lost after the charge (test)", null);
            }
            return inner.moveTo(orderId, status);
        }

        @Override
        public boolean finish(UUID orderId, OrderStatus status) {
            if (status == OrderStatus.COMPLETED && failuresLeft.getAndDecrement() > 0) {
                throw new StorageUnavailableException("store lost after the charge (test)", null);
            }
            return inner.finish(orderId, status);
        }

        @Override
        public boolean removeIfPending(UUID orderId) {
            return inner.removeIfPending(orderId);
        }

        @Override
        public Map<OrderStatus, Long> countByStatus() {
            return inner.countByStatus();
        }

        @Override
        public String describe() {
            return "failing-completion";
        }
    }
}
