package scalelab.catalog.payments;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The last {@code capacity} payments in memory; the oldest is forgotten first. */
public final class InMemoryPaymentLedger implements PaymentLedger {
    private final int capacity;
    // ledger and lastPaid are written only by record(), under the lock of ledger; insertion order = age
    private final LinkedHashMap<String, Payment> ledger = new LinkedHashMap<>();
    private final Map<Integer, String> lastPaid = new HashMap<>(); // cart -> newest approved txn in ledger

    /**
     * @param capacity how many payments to remember (default {@link Payments#DEFAULT_LEDGER_CAPACITY})
     * @throws IllegalArgumentException when {@code capacity < 1}
     */
    public InMemoryPaymentLedger(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ledgerCapacity must be >= 1 but was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public void record(Payment payment) {
        synchronized (ledger) {
            ledger.put(payment.transactionId(), payment);
            if (payment.success()) {
                lastPaid.put(payment.cartId(), payment.transactionId());
            }
            if (ledger.size() > capacity) {
                var eldest = ledger.entrySet().iterator();
                Payment forgotten = eldest.next().getValue();
                eldest.remove();
                lastPaid.remove(forgotten.cartId(), forgotten.transactionId());
            }
        }
    }

    @Override
    public Optional<Payment> find(String transactionId) {
        synchronized (ledger) {
            return Optional.ofNullable(ledger.get(transactionId));
        }
    }

    @Override
    public Optional<String> paidFor(int cartId) {
        synchronized (ledger) {
            return Optional.ofNullable(lastPaid.get(cartId));
        }
    }

    @Override
    public long size() {
        synchronized (ledger) {
            return ledger.size();
        }
    }
}
