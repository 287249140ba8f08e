package scalelab.catalog.payments;

/**
 * What payments needs to know about shopping carts. The carts service implements it: in one process
 * directly, when deployed apart as an HTTP client (whose failures become a 500 or 503, never a 404).
 */
@FunctionalInterface
public interface CartDirectory {
    /** Whether the shopping cart {@code cartId} exists. */
    boolean exists(int cartId);
}
