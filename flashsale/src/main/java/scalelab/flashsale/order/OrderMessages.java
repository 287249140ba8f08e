package scalelab.flashsale.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import scalelab.core.json.Json;
import scalelab.core.messaging.Message;
import scalelab.core.messaging.QueueSpec;

/**
 * The wiring of the queue side: orders are published as their JSON to the topic {@value #TOPIC}, which fans
 * out to the durable queue {@value #QUEUE} (the workers; an order is processed in at most {@value
 * #MAX_DELIVERIES} deliveries, then marked failed and dead-lettered to {@code order-processing.dlq}) and to
 * {@value #AUDIT_QUEUE} (the audit log).
 */
public final class OrderMessages {
    /** The topic (exchange) orders are published to. */
    public static final String TOPIC = "orders";
    /** The workers' queue. */
    public static final String QUEUE = "order-processing";
    /** The audit log's queue. */
    public static final String AUDIT_QUEUE = "order-audit";
    /** Deliveries in which one order is processed: {@link OrderDeliveryRules#DEFAULT_MAX_DELIVERIES}. */
    public static final int MAX_DELIVERIES = OrderDeliveryRules.DEFAULT_MAX_DELIVERIES;
    /**
     * The workers' queue and its dead-letter queue. It allows one delivery more than {@link #MAX_DELIVERIES}:
     * a delivery that ends unsettled (a worker crashed or restarted) counts too, and were the broker to
     * dead-letter the message itself after the last one, nobody would mark the order failed. With one more, the
     * consumer sees that extra delivery and gives the order up itself ({@link OrderDeliveryRules#isBeyondLast}).
     * The broker dead-letters on its own only if that extra delivery also ends unsettled.
     */
    public static final QueueSpec PROCESSING = new QueueSpec(TOPIC, QUEUE, MAX_DELIVERIES + 1);
    /** The audit log's queue. */
    public static final QueueSpec AUDIT = new QueueSpec(TOPIC, AUDIT_QUEUE, MAX_DELIVERIES);

    private OrderMessages() {}

    /** The message for an order: its id as the message id, its JSON as the body. */
    public static Message toMessage(Order order) {
        return new Message(
                order.orderId().toString(),
                Json.write(order).getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json"));
    }

    /**
     * The order in a message, read by {@link #read(ObjectMapper, String, String)} with core's {@code Json} mapper.
     *
     * @throws IllegalArgumentException when the body is not an order (a poison message)
     */
    public static Order fromMessage(Message message) {
        return read(Json.mapper(), message.id(), new String(message.body(), StandardCharsets.UTF_8));
    }

    /**
     * A new mapper with core's {@code Json} settings (strict: no trailing content, no duplicate keys), for a
     * function that builds its own at init.
     */
    public static ObjectMapper newMapper() {
        return Json.mapper().copy();
    }

    /**
     * The order in a message body: the one rule of what is an order, shared by the workers and the function, so
     * a message is poison for both or for neither. {@code mapper} must have core's {@code Json} settings (it or
     * {@link #newMapper()}): one JSON object, nothing after it, no key twice, with an {@code order_id}, a
     * {@code status}, a {@code created_at} and at least one item, each with a {@code product_id} and a
     * {@code price}.
     *
     * @param messageId names the message in the error
     * @throws IllegalArgumentException when the body is not an order (a poison message)
     */
    public static Order read(ObjectMapper mapper, String messageId, String body) {
        Order order;
        try {
            order = mapper.readValue(body, Order.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("message " + messageId + " is not an order: " + e.getMessage(), e);
        }
        if (order == null
                || order.orderId() == null
                || order.status() == null
                || order.createdAt() == null
                || order.items().isEmpty()
                || order.items().stream()
                        .anyMatch(item -> item == null || item.productId() == null || item.price() == null)) {
            throw new IllegalArgumentException("message " + messageId + " is not an order: a field is missing");
        }
        return order;
    }
}
