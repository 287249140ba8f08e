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
 * 400 {@code PAYMENT_REQUIRED}). An approved payment the cart already has is used rather than charging again.
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

    /**
     * Checks the cart out; {@code cardNumber} may be null (then the cart must be paid already). A card is
     * validated by the caller ({@code CardNumber.parse}) before this claims the cart.
     *
     * @throws ApiException 404 {@code CART_NOT_FOUND}; 400 {@code CART_EMPTY}, {@code CART_CHECKED_OUT},
     *     {@code CHECKOUT_IN_PROGRESS}, {@code INSUFFICIENT_STOCK} (a product the warehouse does not know has
     *     none), {@code INVALID_CARD}, {@code PAYMENT_REQUIRED} or {@code PAYMENT_DECLINED} (API.md's row
     *     lists no 402 for this endpoint: a refused payment is an invalid cart state, 400 with the payments
     *     service's code); 503 when a service it calls cannot be reached
     */
    public int checkout(int cartId, String cardNumber) {
        CartStore.Claim claim = store.claim(cartId); // only one checkout of a cart gets past here
        var reserved = new ArrayList<Map.Entry<Integer, Integer>>();
        boolean completing = false;
        try {
            for (var item : claim.items().entrySet()) {
                reserve(item.getKey(), item.getValue());
                reserved.add(item);
            }
            String transaction = pay(cartId, cardNumber);
            completing = true;
            return store.complete(claim, transaction);
        } catch (RuntimeException | Error e) {
            if (completing) {
                // the commit may have reached the store and only its acknowledgement was lost
                Optional<Integer> order = completedOrder(cartId, e);
                if (order == null) {
                    throw e; // cannot tell: leave the claim and the reservations as they are
                }
                if (order.isPresent()) {
                    log.warn("cart={} checked out although completing it failed: {}", cartId, e.toString());
                    return order.get();
                }
            }
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

    /**
     * After {@code complete} failed: the order of the cart when it is in fact checked out, empty when it is
     * not, null when the store cannot tell (then nothing is released: releasing the stock of an order that
     * was recorded would sell it twice; the claim stays, see the README's limitations).
     */
    private Optional<Integer> completedOrder(int cartId, Throwable failure) {
        try {
            return store.find(cartId).map(CartView::orderId);
        } catch (RuntimeException e) {
            log.error(
                    "cart={} stays checking_out with its units reserved: completing failed ({}) and re-reading"
                            + " the cart failed: {}",
                    cartId,
                    failure.toString(),
                    e.toString());
            failure.addSuppressed(e);
            return null;
        }
    }

    /** Reserves units; a product the warehouse does not know has no stock: 400, not the cart's 404. */
    private void reserve(int productId, int quantity) {
        try {
            stock.reserve(productId, quantity);
        } catch (ApiException e) {
            if (e.status() == 404 && "PRODUCT_NOT_FOUND".equals(e.code())) {
                throw ApiException.badRequest(
                        "INSUFFICIENT_STOCK",
                        "not enough stock available",
                        "product_id " + productId + ": requested " + quantity
                                + ", available 0 (the warehouse does not stock it)");
            }
            throw e;
        }
    }

    /**
     * The transaction that pays the cart: an approved payment it already has (a retry after a checkout
     * that failed once paid must not charge twice), else a charge of the card. A refusal is a 400 here
     * (see {@link #checkout}).
     */
    private String pay(int cartId, String cardNumber) {
        Optional<String> earlier = payments.paidFor(cartId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (cardNumber == null) {
            throw ApiException.badRequest(
                    "PAYMENT_REQUIRED",
                    "the cart is not paid: pay it through POST /payments/checkout, or send credit_card_number",
                    "shopping_cart_id " + cartId);
        }
        try {
            return payments.charge(cardNumber, cartId);
        } catch (ApiException e) {
            if (e.status() == 402) {
                throw ApiException.badRequest(e.code(), e.getMessage(), e.details());
            }
            throw e;
        }
    }

    /** Releases every reserved unit; a release that fails is logged and the others still run. */
    private void releaseAll(int cartId, List<Map.Entry<Integer, Integer>> reserved, Throwable cause) {
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

    /** Asks the store something cheap (a primary-key lookup); throws when the store cannot answer. */
    public void probe() {
        store.exists(1);
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
