package scalelab.catalog.carts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A cart as {@code GET /shopping-carts/{id}} shows it: its items by product id, and its order once it is
 * checked out ({@code order_id} null until then).
 */
public record CartView(
        @JsonProperty("shopping_cart_id") int cartId,
        @JsonProperty("customer_id") int customerId,
        @JsonProperty("items") List<Item> items,

        @JsonProperty("order_id") @JsonInclude(JsonInclude.Include.ALWAYS)
        Integer orderId) {

    public CartView {
        items = List.copyOf(items);
    }

    public record Item(
            @JsonProperty("product_id") int productId,
            @JsonProperty("quantity") int quantity) {}
}
