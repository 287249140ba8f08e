package scalelab.flashsale.order;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/** One line of an order, as API.md shows it: {@code {"product_id": "product_12", "quantity": 2, "price": 9.99}}. */
public record OrderItem(
        @JsonProperty("product_id") String productId,
        @JsonProperty("quantity") int quantity,
        @JsonProperty("price") BigDecimal price) {}
