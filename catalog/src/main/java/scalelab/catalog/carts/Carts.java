package scalelab.catalog.carts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.ApiException;

/**
 * Shopping carts and their checkout. A checkout reserves every item in the warehouse, is paid, and
 * becomes an order; when any step fails, every unit reserved so far is released (no leaked stock) and
 * the cart stays open. A cart checks out once: a second checkout is a 400, never a second order.
 *
 * <p>The carts themselves sit in a {@link CartStore} (memory, or PostgreSQL shared by many instances). A
 * checkout first claims the cart (open to checking_out), then reserves and pays without holding any lock,
 * then records the order; a checkout that finds the cart claimed is a 400 {@code CHECKOUT_IN_PROGRESS}.
 *
 * <p>Payment: the checkout body may carry {@code {"credit_card_number": "..."}}, which is charged then;
 * without a body, the cart must have been paid already through {@code POST /payments/checkout} (else
 * 402 {@code PAYMENT_REQUIRED}).
 */
public final class Carts {
    private static final Logger log = LoggerFactory.getLogger(Carts.class);

    public static final int DEFAULT_MAX_CARTS = 1_000_000;

    private final CartStore store;
    private final CartPorts.Products products;
    private final CartPorts.Stock stock;
    private final CartPorts.Payments payments;

    /** Carts in memory, at most {@code maxCarts} of them. */
    public Carts(CartPorts.Products products, CartPorts.Stock stock, CartPorts.Payments payments, int maxCarts) {
        this(products, stock, payments, new InMemoryCartStore(maxCarts));
    }

    public Carts(CartPorts.Products products, CartPorts.Stock stock, CartPorts.Payments payments, CartStore store) {
        this.products = products;
        this.stock = stock;
        this.payments = payments;
        this.store = store;
    }

    public int create(int customerId) {
        return store.create(customerId);
    }

    public boolean exists(int cartId) {
        return store.exists(cartId);
    }

    /**
     * The cart as it is now. A checkout in progress (which may be waiting on the payments service, itself
     * asking about this cart) does not make the reader wait: no store holds a cart's lock across a call to
     * another service.
     */
    public Optional<CartView> find(int cartId) {
        return store.find(cartId);
    }

    public void addItem(int cartId, int productId, int quantity) {
        if (!store.exists(cartId)) { // an unknown cart is reported before an unknown product
            throw CartErrors.notFound(cartId);
        }
        if (!products.exists(productId)) {
            throw new ApiException(404, "PRODUCT_NOT_FOUND", "product not found", "product_id " + productId);
        }
        store.addItem(cartId, productId, quantity);
    }

    /** Checks the cart out; {@code cardNumber} may be null (then the cart must be paid already). */
    public int checkout(int cartId, String cardNumber) {
        CartStore.Claim claim = store.claim(cartId); // only one checkout of a cart gets past here
        var reserved = new ArrayList<Map.Entry<Integer, Integer>>();
        try {
            for (var item : claim.items().entrySet()) {
                stock.reserve(item.getKey(), item.getValue());
                reserved.add(item);
            }
            String transaction = pay(cartId, cardNumber);
            return store.complete(claim, transaction);
        } catch (RuntimeException e) {
            releaseAll(cartId, reserved, e);
            try {
                store.reopen(cartId);
            } catch (RuntimeException reopenFailed) {
                log.error("cart={} stays checking_out: reopening it failed: {}", cartId, reopenFailed.toString());
                e.addSuppressed(reopenFailed);
            }
            throw e;
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

    /** Releases every reserved unit; a release that fails is logged and the others still run. */
    private void releaseAll(int cartId, List<Map.Entry<Integer, Integer>> reserved, RuntimeException cause) {
        for (var item : reserved) {
            try {
                stock.release(item.getKey(), item.getValue());
            } catch (RuntimeException e) {
                log.error(
                        "cart={} product={} quantity={}: releasing reserved units failed: {}",
                        cartId,
                        item.getKey(),
                        item.getValue(),
                        e.toString());
                cause.addSuppressed(e);
            }
        }
    }

    public Optional<Order> order(int orderId) {
        return store.order(orderId);
    }

    public long cartCount() {
        return store.cartCount();
    }

    public long orderCount() {
        return store.orderCount();
    }

    /** Where the carts are, without credentials. */
    public String describe() {
        return store.describe();
    }
}
