package scalelab.catalog.carts;

import java.util.Map;
import java.util.Optional;
import scalelab.core.http.ApiException;

/**
 * Where carts and orders live: {@link InMemoryCartStore} in one process, {@link PostgresCartStore} shared
 * by every instance on one database. Both follow one state machine, so a checkout behaves the same:
 *
 * <pre>
 * open --claim--> checking_out --complete--> checked_out (with its order)
 *                       \--reopen--> open      (the checkout failed; its stock was released)
 * </pre>
 *
 * Only one checkout can hold the claim of a cart, so a cart becomes at most one order, however many
 * checkouts race for it on however many instances. Refusals are {@link ApiException}s worded by {@link
 * CartErrors}.
 */
public interface CartStore extends AutoCloseable {

    /** A new open, empty cart; returns its id. */
    int create(int customerId);

    boolean exists(int cartId);

    /** The cart as it is now (items in the order they were first added; {@code order_id} once checked out). */
    Optional<CartView> find(int cartId);

    /**
     * Adds {@code quantity} units of a product to an open cart.
     *
     * @throws ApiException 404 {@code CART_NOT_FOUND}; 400 {@code CART_CHECKED_OUT}, {@code
     *     CHECKOUT_IN_PROGRESS} or {@code INVALID_QUANTITY} (more than {@link Integer#MAX_VALUE} units)
     */
    void addItem(int cartId, int productId, int quantity);

    /**
     * Moves an open cart with items to checking_out and returns what it holds.
     *
     * @throws ApiException 404 {@code CART_NOT_FOUND}; 400 {@code CART_CHECKED_OUT}, {@code
     *     CHECKOUT_IN_PROGRESS}, or {@code CART_EMPTY} (the cart stays open)
     */
    Claim claim(int cartId);

    /** Records the order of a claimed cart and marks the cart checked out, in one step; returns the order id. */
    int complete(Claim claim, String transactionId);

    /** Gives a claimed cart back to open, after its checkout failed. */
    void reopen(int cartId);

    Optional<Order> order(int orderId);

    long cartCount();

    long orderCount();

    /** Where the carts are, without credentials. */
    String describe();

    @Override
    default void close() {}

    /**
     * A cart held by one checkout.
     *
     * @param items product id to quantity, in the order the products were first added
     */
    record Claim(int cartId, int customerId, Map<Integer, Integer> items) {}
}
