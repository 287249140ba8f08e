package scalelab.resilience.cart;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Where the cart reads a product: the product service over HTTP, or a test's stand-in. */
interface ProductSource {

    /**
     * Starts reading product {@code id}. The future completes with the product, empty when the product
     * service does not know it (404), or exceptionally ({@link ProductServiceException} or an I/O
     * exception) for any other answer or when the service cannot be reached. Cancelling it abandons the
     * call.
     */
    CompletableFuture<Optional<Product>> fetch(String id);

    /** The product service answered something other than a product or a 404. */
    final class ProductServiceException extends RuntimeException {
        ProductServiceException(String message) {
            super(message, null, false, false); // an expected outcome: no stack trace
        }
    }
}
