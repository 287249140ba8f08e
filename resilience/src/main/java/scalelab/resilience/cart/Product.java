package scalelab.resilience.cart;

import java.math.BigDecimal;

/**
 * A product as the product service answers it: {@code {"id":"1","name":"Laptop","price":999.99,"stock":10}}.
 * The cart's own copy: the cart reads the product service only over HTTP.
 */
record Product(String id, String name, BigDecimal price, int stock) {

    /** Whether the answer is a usable product: an id, a name, a price >= 0, a stock >= 0. */
    boolean isComplete() {
        return id != null && name != null && price != null && price.signum() >= 0 && stock >= 0;
    }
}
