package scalelab.catalog.carts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.ApiException;

/**
 * Shopping carts and their checkout. A checkout reserves every item in the warehouse, is paid, and
 * becomes an order; when any step fails, every unit reserved so far is released (no leaked stock) and
 * the cart stays open. A cart checks out once: a second checkout is a 400, never a second order.
 *
 * <p>Payment: the checkout body may carry {@code {"credit_card_number": "..."}}, which is charged then;
 * without a body, the cart must have been paid already through {@code POST /payments/checkout} (else
 * 402 {@code PAYMENT_REQUIRED}).
 */
public final class Carts {
    private static final Logger log = LoggerFactory.getLogger(Carts.class);
    public static final int DEFAULT_MAX_CARTS = 1_000_000;

    private final Map<Integer, Cart> carts = new ConcurrentHashMap<>();
    private final Map<Integer, Order> orders = new ConcurrentHashMap<>();
    private final AtomicInteger nextCart = new AtomicInteger(1);
    private final AtomicInteger nextOrder = new AtomicInteger(1);
    private final CartPorts.Products products;
    private final CartPorts.Stock stock;
    private final CartPorts.Payments payments;
    private final int maxCarts;

    public Carts(CartPorts.Products products, CartPorts.Stock stock, CartPorts.Payments payments, int maxCarts) {
        this.products = products;
        this.stock = stock;
        this.payments = payments;
        this.maxCarts = maxCarts;
    }

    public int create(int customerId) {
        if (carts.size() >= maxCarts) {
            throw new ApiException(507, "STORE_FULL", "the service holds its maximum of " + maxCarts + " carts", null);
        }
        int id = nextCart.getAndIncrement();
        carts.put(id, new Cart(id, customerId));
        return id;
    }

    public boolean exists(int cartId) {
        return carts.containsKey(cartId);
    }

    /**
     * The cart as it is now, read without its lock: a checkout in progress (which may be waiting on the
     * payments service, itself asking about this cart) does not make the reader wait.
     */
    public Optional<CartView> find(int cartId) {
        Cart cart = carts.get(cartId);
        if (cart == null) {
            return Optional.empty();
        }
        Integer orderId = cart.orderId;
        var items = cart.items.entrySet().stream()
                .map(item -> new CartView.Item(item.getKey(), item.getValue()))
                .toList();
        return Optional.of(new CartView(cart.id, cart.customerId, items, orderId));
    }

    public void addItem(int cartId, int productId, int quantity) {
        Cart cart = cart(cartId);
        if (!products.exists(productId)) {
            throw new ApiException(404, "PRODUCT_NOT_FOUND", "product not found", "product_id " + productId);
        }
        synchronized (cart) {
            if (cart.orderId != null) {
                throw checkedOut(cart);
            }
            long total = (long) cart.items.getOrDefault(productId, 0) + quantity;
            if (total > Integer.MAX_VALUE) {
                throw ApiException.badRequest(
                        "INVALID_QUANTITY", "too many units of one product", "at most " + Integer.MAX_VALUE);
            }
            cart.items.put(productId, (int) total);
        }
    }

    /** Checks the cart out; {@code cardNumber} may be null (then the cart must be paid already). */
    public int checkout(int cartId, String cardNumber) {
        Cart cart = cart(cartId);
        synchronized (cart) { // one checkout of a cart at a time: the second sees the first's order
            if (cart.orderId != null) {
                throw checkedOut(cart);
            }
            if (cart.items.isEmpty()) {
                throw ApiException.badRequest(
                        "CART_EMPTY", "an empty cart cannot be checked out", "shopping_cart_id " + cartId);
            }
            var reserved = new ArrayList<Map.Entry<Integer, Integer>>();
            try {
                for (var item : cart.items.entrySet()) {
                    stock.reserve(item.getKey(), item.getValue());
                    reserved.add(item);
                }
                String transaction = pay(cartId, cardNumber);
                int orderId = nextOrder.getAndIncrement();
                orders.put(
                        orderId,
                        new Order(
                                orderId,
                                cartId,
                                cart.customerId,
                                Map.copyOf(new LinkedHashMap<>(cart.items)),
                                transaction));
                cart.orderId = orderId;
                return orderId;
            } catch (RuntimeException e) {
                releaseAll(reserved);
                throw e;
            }
        }
    }

    private String pay(int cartId, String cardNumber) {
        if (cardNumber != null) {
            return payments.charge(cardNumber, cartId);
        }
        return payments.paidFor(cartId)
                .orElseThrow(() -> new ApiException(
                        402,
                        "PAYMENT_REQUIRED",
                        "the cart is not paid: pay it through POST /payments/checkout, or send credit_card_number",
                        "shopping_cart_id " + cartId));
    }

    /** Releases what was reserved; a release that fails (the warehouse is unreachable) is logged, not thrown. */
    private void releaseAll(List<Map.Entry<Integer, Integer>> reserved) {
        for (var item : reserved) {
            try {
                stock.release(item.getKey(), item.getValue());
            } catch (RuntimeException e) { // the checkout's own failure is the one to answer with
                log.warn(
                        "release failed, units stay reserved: product={} quantity={}: {}",
                        item.getKey(),
                        item.getValue(),
                        e.getMessage());
            }
        }
    }

    public Optional<Order> order(int orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    public long cartCount() {
        return carts.size();
    }

    public long orderCount() {
        return orders.size();
    }

    private Cart cart(int cartId) {
        Cart cart = carts.get(cartId);
        if (cart == null) {
            throw new ApiException(404, "CART_NOT_FOUND", "shopping cart not found", "shopping_cart_id " + cartId);
        }
        return cart;
    }

    private static ApiException checkedOut(Cart cart) {
        return ApiException.badRequest(
                "CART_CHECKED_OUT", "the cart is already checked out", "order_id " + cart.orderId);
    }
}
