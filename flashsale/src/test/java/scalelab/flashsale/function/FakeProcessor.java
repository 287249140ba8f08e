package scalelab.flashsale.function;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import scalelab.flashsale.order.Order;
import scalelab.flashsale.order.OrderProcessor;
import scalelab.flashsale.order.ProcessOutcome;

/** Completes every order except those told to fail (or found final already); records what it processed and what it marked failed. */
final class FakeProcessor implements OrderProcessor {
    final List<UUID> processed = new CopyOnWriteArrayList<>();
    final List<Order> orders = new CopyOnWriteArrayList<>();
    final List<UUID> markedFailed = new CopyOnWriteArrayList<>();
    final Set<UUID> failing = ConcurrentHashMap.newKeySet();
    final Set<UUID> alreadyFinal = ConcurrentHashMap.newKeySet();

    @Override
    public ProcessOutcome process(Order order) throws Exception {
        if (failing.contains(order.orderId())) throw new IllegalStateException("payment unreachable");
        processed.add(order.orderId());
        orders.add(order);
        return alreadyFinal.contains(order.orderId()) ? ProcessOutcome.ALREADY_FINAL : ProcessOutcome.COMPLETED;
    }

    @Override
    public void fail(Order order) {
        markedFailed.add(order.orderId());
    }
}
