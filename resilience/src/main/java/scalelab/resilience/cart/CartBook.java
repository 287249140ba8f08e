package scalelab.resilience.cart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import scalelab.core.http.ApiException;

/**
 * The carts of one variant, in memory, per user id. Bounded, so that no client can fill the heap: at most
 * {@link #MAX_CARTS} carts (a new user beyond it answers 507 {@code CART_STORE_FULL}), {@link
 * #MAX_ITEMS_PER_CART} distinct products per cart (507 {@code CART_FULL}), and {@link #MAX_QUANTITY} of one
 * product in a cart (400 {@code INVALID_ITEM}).
 */
final class CartBook {
    /** Carts held per variant: 50,000. */
    static final int MAX_CARTS = 50_000;
    /** Distinct products in one cart: 20. */
    static final int MAX_ITEMS_PER_CART = 20;
    /** Units of one product in one cart: 10,000. */
    static final int MAX_QUANTITY = 10_000;

    /** Error code of an add beyond the stock. */
    static final String INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK";

    private final int maxCarts;
    private final ConcurrentHashMap<String, Cart> carts = new ConcurrentHashMap<>();

    CartBook(int maxCarts) {
        if (maxCarts < 1) {
            throw new IllegalArgumentException("maxCarts must be >= 1 but was " + maxCarts);
        }
        this.maxCarts = maxCarts;
    }

    /** {@code stock} of {@link #add} when nothing is known to check against (a price-pending item). */
    static final int UNKNOWN_STOCK = -1;

    /**
     * Adds {@code item} to the user's cart (created if need be) as {@link Cart#add} does, atomically with
     * respect to {@link #remove}: {@code compute} holds the user's entry, so an add either lands in the
     * cart a concurrent remove takes away (and happened before it) or in a new cart, never in a removed
     * one. Nothing is created when the add is refused.
     *
     * @param stock units of the product in stock (live or last known), or {@link #UNKNOWN_STOCK}
     * @param stockNote appended to the insufficient-stock details, e.g. " (last known)"
     * @throws ApiException 507 when a new cart is one too many, and as {@link Cart#add}
     */
    CartItem add(String userId, CartItem item, int stock, String stockNote) {
        var added = new CartItem[1];
        carts.compute(userId, (id, cart) -> {
            Cart target = cart;
            if (target == null) {
                if (carts.size() >= maxCarts) { // concurrent creations of other users may pass it by a few
                    throw new ApiException(
                            507,
                            "CART_STORE_FULL",
                            "no room for another cart",
                            "this service holds at most " + maxCarts);
                }
                target = new Cart();
            }
            added[0] = target.add(item, stock, stockNote); // throws before the new cart is stored
            return target;
        });
        return added[0];
    }

    Optional<Cart> find(String userId) {
        return Optional.ofNullable(carts.get(userId));
    }

    /** Removes the user's cart; the cart removed, if there was one. */
    Optional<Cart> remove(String userId) {
        return Optional.ofNullable(carts.remove(userId));
    }

    int carts() {
        return carts.size();
    }

    long items() {
        return carts.values().stream().mapToLong(Cart::size).sum();
    }

    /** One user's lines, by product id in the order first added. Every method holds the cart's lock. */
    static final class Cart {
        private final LinkedHashMap<String, CartItem> lines = new LinkedHashMap<>();

        /**
         * Adds {@code quantity} of the product to its line (creating it), with the name and price of {@code
         * item}; returns the line as it now is. The line's quantity after the add must not exceed {@code
         * stock} (unless {@link #UNKNOWN_STOCK}): what is already in the cart counts.
         *
         * @throws ApiException 400 {@code INSUFFICIENT_STOCK}, 400 {@code INVALID_ITEM}, 507 {@code
         *     CART_FULL}
         */
        synchronized CartItem add(CartItem item, int stock, String stockNote) {
            CartItem existing = lines.get(item.productId());
            if (existing == null && lines.size() >= MAX_ITEMS_PER_CART) {
                throw new ApiException(
                        507, "CART_FULL", "no room for another product in this cart", "at most " + MAX_ITEMS_PER_CART);
            }
            int inCart = existing == null ? 0 : existing.quantity();
            int total = item.quantity() + inCart;
            if (stock != UNKNOWN_STOCK && total > stock) {
                throw ApiException.badRequest(
                        INSUFFICIENT_STOCK,
                        "insufficient stock",
                        "requested " + item.quantity() + " with " + inCart + " already in the cart, in stock " + stock
                                + stockNote);
            }
            if (total > MAX_QUANTITY) {
                throw ApiException.badRequest(
                        "INVALID_ITEM",
                        "the item is invalid",
                        "quantity in the cart would be " + total + ", more than " + MAX_QUANTITY);
            }
            CartItem line = item.withQuantity(total);
            lines.put(item.productId(), line);
            return line;
        }

        /** Replaces a line's name, price and marks, keeping its quantity; nothing if the line is gone. */
        synchronized void refresh(CartItem fresh) {
            lines.computeIfPresent(fresh.productId(), (id, line) -> fresh.withQuantity(line.quantity()));
        }

        synchronized Optional<CartItem> line(String productId) {
            return Optional.ofNullable(lines.get(productId));
        }

        synchronized List<CartItem> items() {
            return new ArrayList<>(lines.values());
        }

        synchronized int size() {
            return lines.size();
        }
    }
}
