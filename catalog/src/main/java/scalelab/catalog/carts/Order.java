package scalelab.catalog.carts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** What a checkout records: the cart's items, paid by a transaction. */
public record Order(
        @JsonProperty("order_id") int orderId,
        @JsonProperty("shopping_cart_id") int cartId,
        @JsonProperty("customer_id") int customerId,
        @JsonProperty("items") Map<Integer, Integer> items,
        @JsonProperty("transaction_id") String transactionId) {}
