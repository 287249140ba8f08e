package scalelab.flashsale.order;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import scalelab.core.json.Json;
import scalelab.core.messaging.Message;
import scalelab.core.messaging.QueueSpec;

/**
 * The wiring of the queue side: orders are published as their JSON to the topic {@value #TOPIC}, which fans
 * out to the durable queue {@value #QUEUE} (the workers; dead-lettered to {@code order-processing.dlq} after
 * {@value #MAX_DELIVERIES} deliveries) and to {@value #AUDIT_QUEUE} (the audit log).
 */
public final class OrderMessages {
    /** The topic (exchange) orders are published to. */
    public static final String TOPIC = "orders";
    /** The workers' queue. */
    public static final String QUEUE = "order-processing";
    /** The audit log's queue. */
    public static final String AUDIT_QUEUE = "order-audit";
    /** Deliveries of one order message before it is dead-lettered. */
    public static final int MAX_DELIVERIES = 5;
    /** The workers' queue and its dead-letter queue. */
    public static final QueueSpec PROCESSING = new QueueSpec(TOPIC, QUEUE, MAX_DELIVERIES);
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
     * The order in a message.
     *
     * @throws IllegalArgumentException when the body is not an order (a poison message)
     */
    public static Order fromMessage(Message message) {
        Order order;
        try {
            order = Json.read(new String(message.body(), StandardCharsets.UTF_8), Order.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("message " + message.id() + " is not an order: " + e.getMessage(), e);
        }
        if (order == null
                || order.orderId() == null
                || order.status() == null
                || order.createdAt() == null
                || order.items().isEmpty()
                || order.items().stream()
                        .anyMatch(item -> item == null || item.productId() == null || item.price() == null)) {
            throw new IllegalArgumentException("message " + message.id() + " is not an order: a field is missing");
        }
        return order;
    }
}
