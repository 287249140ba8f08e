package scalelab.catalog.carts;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * An {@link InMemoryCartStore} that fails on demand: {@code down} makes every call throw (a database that
 * is gone); {@code completeFailure} is thrown by {@link #complete}, before it records the order or, with
 * {@code completeCommits}, after (a commit whose acknowledgement was lost).
 */
final class FlakyCartStore implements CartStore {
    private final InMemoryCartStore inner = new InMemoryCartStore(1_000);
    volatile boolean down;
    volatile Supplier<? extends Throwable> completeFailure;
    volatile boolean completeCommits;
    volatile boolean findFails;
    int reopens;

    private void check() {
        if (down) {
            throw new IllegalStateException("database down");
        }
    }

    private static RuntimeException sneaky(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        throw (Error) t;
    }

    @Override
    public int create(int customerId) {
        check();
        return inner.create(customerId);
    }

    @Override
    public boolean exists(int cartId) {
        check();
        return inner.exists(cartId);
    }

    @Override
    public Optional<CartView> find(int cartId) {
        check();
        if (findFails) {
            throw new IllegalStateException("database down");
        }
        return inner.find(cartId);
    }

    @Override
    public void addItem(int cartId, int productId, int quantity) {
        check();
        inner.addItem(cartId, productId, quantity);
    }

    @Override
    public Claim claim(int cartId) {
        check();
        return inner.claim(cartId);
    }

    @Override
    public int complete(Claim claim, String transactionId) {
        check();
        Supplier<? extends Throwable> failure = completeFailure;
        if (failure == null) {
            return inner.complete(claim, transactionId);
        }
        completeFailure = null; // once
        if (completeCommits) {
            inner.complete(claim, transactionId);
        }
        throw sneaky(failure.get());
    }

    @Override
    public synchronized void reopen(int cartId) {
        check();
        reopens++;
        inner.reopen(cartId);
    }

    @Override
    public Optional<Order> order(int orderId) {
        check();
        return inner.order(orderId);
    }

    @Override
    public long cartCount() {
        check();
        return inner.cartCount();
    }

    @Override
    public long orderCount() {
        check();
        return inner.orderCount();
    }

    @Override
    public String describe() {
        return "flaky memory";
    }
}
