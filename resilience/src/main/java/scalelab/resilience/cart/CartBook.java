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

    private final int maxCarts;
    private final ConcurrentHashMap<String, Cart> carts = new ConcurrentHashMap<>();

    CartBook(int maxCarts) {
        if (maxCarts < 1) {
            throw new IllegalArgumentException("maxCarts must be >= 1 but was " + maxCarts);
        }
        this.maxCarts = maxCarts;
    }

    /** The user's cart, created empty if need be. @throws ApiException 507 when a new cart is one too many */
    Cart cartFor(String userId) {
        Cart cart = carts.get(userId);
        if (cart != null) {
            return cart;
        }
        if (carts.size() >= maxCarts) { // checked before creating: concurrent creations may pass it by a few
            throw new ApiException(
                    507, "CART_STORE_FULL", "no room for another cart", "this service holds at most " + maxCarts);
        }
        return carts.computeIfAbsent(userId, id -> new Cart());
    }

    Optional<Cart> find(String userId) {
        return Optional.ofNullable(carts.get(userId));
    }

    /** Removes the user's cart; whether there was one. */
    boolean remove(String userId) {
        return carts.remove(userId) != null;
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
         * item}; returns the line as it now is.
         */
        synchronized CartItem add(CartItem item) {
            CartItem existing = lines.get(item.productId());
            if (existing == null && lines.size() >= MAX_ITEMS_PER_CART) {
                throw new ApiException(
                        507, "CART_FULL", "no room for another product in this cart", "at most " + MAX_ITEMS_PER_CART);
            }
            int total = item.quantity() + (existing == null ? 0 : existing.quantity());
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
