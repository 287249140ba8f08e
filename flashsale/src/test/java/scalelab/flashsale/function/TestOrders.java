package scalelab.flashsale.function;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import scalelab.core.json.Json;
import scalelab.core.messaging.Message;
import scalelab.flashsale.order.Order;
import scalelab.flashsale.order.OrderItem;
import scalelab.flashsale.order.OrderStatus;

/** Small factories of orders and their messages. */
final class TestOrders {
    private TestOrders() {}

    static Order pending() {
        return new Order(
                UUID.randomUUID(),
                42,
                OrderStatus.PENDING,
                List.of(new OrderItem("product_12", 2, new BigDecimal("9.99"))),
                Instant.parse("2026-11-24T10:15:30Z"));
    }

    static Message message(Order order) {
        return new Message(order.orderId().toString(), Json.write(order).getBytes(StandardCharsets.UTF_8));
    }

    static Message poison() {
        return new Message("not-an-order", "{\"order_id\": ".getBytes(StandardCharsets.UTF_8));
    }
}
