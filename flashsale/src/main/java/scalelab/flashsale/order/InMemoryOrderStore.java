package scalelab.flashsale.order;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The orders of one process, in a concurrent map; each status change is one atomic {@code computeIfPresent}. */
public final class InMemoryOrderStore implements OrderStore {
    private final Map<UUID, Order> orders =
            new ConcurrentHashMap<>(); // written by add, moveTo, finish, removeIfPending

    @Override
    public void add(Order order) {
        if (orders.putIfAbsent(order.orderId(), order) != null) {
            throw new IllegalStateException("order " + order.orderId() + " exists already");
        }
    }

    @Override
    public Optional<Order> find(UUID orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    @Override
    public Optional<Order> moveTo(UUID orderId, OrderStatus status) {
        if (status == OrderStatus.PENDING) {
            throw new IllegalArgumentException("an order never moves back to pending");
        }
        return Optional.ofNullable(orders.computeIfPresent(
                orderId, (id, order) -> order.status().isFinal() ? order : order.withStatus(status)));
    }

    @Override
    public boolean finish(UUID orderId, OrderStatus status) {
        if (!status.isFinal()) {
            throw new IllegalArgumentException("finish needs a final status but was " + status);
        }
        var finished = new boolean[1];
        orders.computeIfPresent(orderId, (id, order) -> {
            finished[0] = !order.status().isFinal();
            return finished[0] ? order.withStatus(status) : order;
        });
        return finished[0];
    }

    @Override
    public boolean removeIfPending(UUID orderId) {
        var removed = new boolean[1];
        orders.computeIfPresent(orderId, (id, order) -> {
            removed[0] = order.status() == OrderStatus.PENDING;
            return removed[0] ? null : order;
        });
        return removed[0];
    }

    @Override
    public Map<OrderStatus, Long> countByStatus() {
        var counts = new EnumMap<OrderStatus, Long>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            counts.put(status, 0L);
        }
        orders.values().forEach(order -> counts.merge(order.status(), 1L, Long::sum));
        return counts;
    }

    @Override
    public String describe() {
        return "in-memory";
    }
}
