package scalelab.resilience.cart;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * One line of a cart as API.md shows it: {@code {"product_id","name","price","quantity"}}, plus {@code
 * "cached": true} when name and price are the last known ones (the product service could not be read),
 * or {@code "status": "price_pending"} (with price 0 and no name) when nothing was known.
 */
record CartItem(
        @JsonProperty("product_id") String productId,
        @JsonProperty("name") String name,
        @JsonProperty("price") BigDecimal price,
        @JsonProperty("quantity") int quantity,

        @JsonProperty("cached") @JsonInclude(JsonInclude.Include.NON_NULL)
        Boolean cached,

        @JsonProperty("status") @JsonInclude(JsonInclude.Include.NON_NULL)
        String status) {

    static final String PRICE_PENDING = "price_pending";

    static CartItem known(String productId, Product product, int quantity, boolean cached) {
        return new CartItem(productId, product.name(), product.price(), quantity, cached ? Boolean.TRUE : null, null);
    }

    static CartItem pricePending(String productId, int quantity) {
        return new CartItem(productId, null, BigDecimal.ZERO, quantity, null, PRICE_PENDING);
    }

    CartItem withQuantity(int newQuantity) {
        return new CartItem(productId, name, price, newQuantity, cached, status);
    }

    /** The same line marked as last-known data (a pending line stays pending). */
    CartItem asCached() {
        return status != null ? this : new CartItem(productId, name, price, quantity, Boolean.TRUE, null);
    }

    boolean isPricePending() {
        return PRICE_PENDING.equals(status);
    }

    /** Whether this line is not live data: cached or price pending. */
    boolean isDegraded() {
        return Boolean.TRUE.equals(cached) || isPricePending();
    }

    /** price x quantity; 0 while the price is pending. */
    BigDecimal lineTotal() {
        return price.multiply(BigDecimal.valueOf(quantity));
    }
}
