package scalelab.catalog.carts;

import java.util.Optional;

/**
 * What carts need from the other services, as small interfaces: in one process they are the services
 * themselves, when deployed apart they are HTTP clients with timeouts. Each throws core's {@code
 * ApiException} for a refusal (404 unknown product, 400 insufficient stock, 402 declined). {@link Carts}
 * turns the stock's 404 {@code PRODUCT_NOT_FOUND} into 400 {@code INSUFFICIENT_STOCK} and a 402 into a 400
 * with the same code: the cart checkout's API.md row lists only 400 and 404 (the cart).
 */
public final class CartPorts {
    private CartPorts() {}

    /** The products service: does this product exist? */
    public interface Products {
        boolean exists(int productId);
    }

    /** The warehouse: hold units for a checkout, and give them back when it fails. */
    public interface Stock {
        void reserve(int productId, int quantity);

        void release(int productId, int quantity);
    }

    /** The payments service. */
    public interface Payments {
        /** Charges a card for a cart; returns the transaction id, or throws (400 invalid, 402 declined). */
        String charge(String cardNumber, int cartId);

        /** The transaction of an earlier successful payment for this cart, if any. */
        Optional<String> paidFor(int cartId);
    }
}
