package scalelab.catalog.carts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import scalelab.core.http.ApiException;

/**
 * Carts and orders in maps, capped at {@code maxCarts} (507 {@code STORE_FULL} beyond it). Each change of
 * a cart runs under that cart's lock, held only for the change itself, never across a reservation or a
 * payment.
 */
public final class InMemoryCartStore implements CartStore {
    private final Map<Integer, Cart> carts = new ConcurrentHashMap<>();
    private final Map<Integer, Order> orders = new ConcurrentHashMap<>();
    private final AtomicInteger nextCart = new AtomicInteger(1);
    private final AtomicInteger nextOrder = new AtomicInteger(1);
    private final int maxCarts;

    /**
     * @param maxCarts most carts held (default {@link Carts#DEFAULT_MAX_CARTS})
     */
    public InMemoryCartStore(int maxCarts) {
        if (maxCarts < 1) {
            throw new IllegalArgumentException("maxCarts must be >= 1 but was " + maxCarts);
        }
        this.maxCarts = maxCarts;
    }

    @Override
    public int create(int customerId) {
        if (carts.size() >= maxCarts) {
            throw new ApiException(507, "STORE_FULL", "the service holds its maximum of " + maxCarts + " carts", null);
        }
        int id = nextCart.getAndIncrement();
        carts.put(id, new Cart(id, customerId));
        return id;
    }

    @Override
    public boolean exists(int cartId) {
        return carts.containsKey(cartId);
    }

    @Override
    public Optional<CartView> find(int cartId) {
        Cart cart = carts.get(cartId);
        if (cart == null) {
            return Optional.empty();
        }
        synchronized (cart) { // held only for in-memory steps, never across a call to another service
            var items = cart.items.entrySet().stream()
                    .map(item -> new CartView.Item(item.getKey(), item.getValue()))
                    .toList();
            return Optional.of(new CartView(cart.id, cart.customerId, items, cart.orderId));
        }
    }

    @Override
    public void addItem(int cartId, int productId, int quantity) {
        Cart cart = cart(cartId);
        synchronized (cart) {
            requireOpen(cart);
            long total = (long) cart.items.getOrDefault(productId, 0) + quantity;
            if (total > Integer.MAX_VALUE) {
                throw CartErrors.tooManyUnits();
            }
            cart.items.put(productId, (int) total);
        }
    }

    @Override
    public Claim claim(int cartId) {
        Cart cart = cart(cartId);
        synchronized (cart) {
            requireOpen(cart);
            if (cart.items.isEmpty()) {
                throw CartErrors.empty(cartId);
            }
            cart.state = Cart.State.CHECKING_OUT;
            return new Claim(cartId, cart.customerId, Collections.unmodifiableMap(new LinkedHashMap<>(cart.items)));
        }
    }

    @Override
    public int complete(Claim claim, String transactionId) {
        Cart cart = cart(claim.cartId());
        synchronized (cart) {
            if (cart.state != Cart.State.CHECKING_OUT) {
                throw new IllegalStateException("cart " + cart.id + " is not being checked out but " + cart.state);
            }
            int orderId = nextOrder.getAndIncrement();
            orders.put(
                    orderId, new Order(orderId, cart.id, claim.customerId(), Map.copyOf(claim.items()), transactionId));
            cart.orderId = orderId;
            cart.state = Cart.State.CHECKED_OUT;
            return orderId;
        }
    }

    @Override
    public void reopen(int cartId) {
        Cart cart = cart(cartId);
        synchronized (cart) {
            if (cart.state == Cart.State.CHECKING_OUT) {
                cart.state = Cart.State.OPEN;
            }
        }
    }

    @Override
    public Optional<Order> order(int orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    @Override
    public long cartCount() {
        return carts.size();
    }

    @Override
    public long orderCount() {
        return orders.size();
    }

    @Override
    public String describe() {
        return "memory";
    }

    private Cart cart(int cartId) {
        Cart cart = carts.get(cartId);
        if (cart == null) {
            throw CartErrors.notFound(cartId);
        }
        return cart;
    }

    private static void requireOpen(Cart cart) {
        switch (cart.state) {
            case CHECKED_OUT -> throw CartErrors.checkedOut(cart.orderId);
            case CHECKING_OUT -> throw CartErrors.checkoutInProgress(cart.id);
            case OPEN -> {}
        }
    }
}
