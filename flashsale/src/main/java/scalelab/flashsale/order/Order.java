package scalelab.flashsale.order;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A flash-sale order as API.md shows it. Clients send {@code customer_id} and {@code items}; the server
 * assigns {@code order_id}, {@code status} and {@code created_at}. The same JSON is the message body on
 * the {@code orders} topic.
 */
public record Order(
        @JsonProperty("order_id") UUID orderId,
        @JsonProperty("customer_id") int customerId,
        @JsonProperty("status") OrderStatus status,
        @JsonProperty("items") List<OrderItem> items,
        @JsonProperty("created_at") Instant createdAt) {

    public Order {
        items = List.copyOf(items);
    }

    public Order withStatus(OrderStatus newStatus) {
        return new Order(orderId, customerId, newStatus, items, createdAt);
    }

    /** The amount to charge: the sum of price x quantity. */
    public BigDecimal total() {
        return items.stream()
                .map(item -> item.price().multiply(BigDecimal.valueOf(item.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
