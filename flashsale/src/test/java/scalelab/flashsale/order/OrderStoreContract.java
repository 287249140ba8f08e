package scalelab.flashsale.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link OrderStore} does; each implementation's test extends it. */
abstract class OrderStoreContract {
    /** A fresh, empty store. */
    abstract OrderStore store();

    static Order pendingOrder() {
        return new Order(
                UUID.randomUUID(),
                42,
                OrderStatus.PENDING,
                List.of(
                        new OrderItem("product_12", 2, new BigDecimal("9.99")),
                        new OrderItem("p7", 1, new BigDecimal("100"))),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void anAddedOrderIsFoundAsItWasAdded() {
        var store = store();
        Order order = pendingOrder();
        store.add(order);
        Order found = store.find(order.orderId()).orElseThrow();
        assertThat(found.orderId()).isEqualTo(order.orderId());
        assertThat(found.customerId()).isEqualTo(42);
        assertThat(found.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(found.createdAt()).isEqualTo(order.createdAt());
        assertThat(found.items()).hasSize(2);
        assertThat(found.total()).isEqualByComparingTo("119.98");
        assertThat(store.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void addingTheSameOrderTwiceIsRefused() {
        var store = store();
        Order order = pendingOrder();
        store.add(order);
        assertThatThrownBy(() -> store.add(order)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOrderMovesForwardAndNeverLeavesAFinalStatus() {
        var store = store();
        Order order = pendingOrder();
        store.add(order);
        assertThat(store.moveTo(order.orderId(), OrderStatus.PROCESSING)
                        .orElseThrow()
                        .status())
                .isEqualTo(OrderStatus.PROCESSING);
        assertThat(store.moveTo(order.orderId(), OrderStatus.PROCESSING)
                        .orElseThrow()
                        .status())
                .as("a redelivery may mark it processing again")
                .isEqualTo(OrderStatus.PROCESSING);
        assertThat(store.moveTo(order.orderId(), OrderStatus.COMPLETED)
                        .orElseThrow()
                        .status())
                .isEqualTo(OrderStatus.COMPLETED);
        assertThat(store.moveTo(order.orderId(), OrderStatus.PROCESSING)
                        .orElseThrow()
                        .status())
                .isEqualTo(OrderStatus.COMPLETED);
        assertThat(store.moveTo(order.orderId(), OrderStatus.FAILED)
                        .orElseThrow()
                        .status())
                .isEqualTo(OrderStatus.COMPLETED);
        assertThat(store.find(order.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.COMPLETED);
        assertThatThrownBy(() -> store.moveTo(order.orderId(), OrderStatus.PENDING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.moveTo(UUID.randomUUID(), OrderStatus.COMPLETED)).isEmpty();
    }

    @Test
    void onlyAPendingOrderIsRemoved() {
        var store = store();
        Order pending = pendingOrder();
        Order taken = pendingOrder();
        store.add(pending);
        store.add(taken);
        store.moveTo(taken.orderId(), OrderStatus.PROCESSING);
        assertThat(store.removeIfPending(pending.orderId())).isTrue();
        assertThat(store.find(pending.orderId())).isEmpty();
        assertThat(store.removeIfPending(taken.orderId())).isFalse();
        assertThat(store.find(taken.orderId())).isPresent();
        assertThat(store.removeIfPending(UUID.randomUUID())).isFalse();
    }

    @Test
    void ordersAreCountedByStatusWithEveryStatusPresent() {
        var store = store();
        assertThat(store.countByStatus())
                .containsOnlyKeys(OrderStatus.values())
                .allSatisfy((status, count) -> assertThat(count).isZero());
        for (int i = 0; i < 3; i++) {
            store.add(pendingOrder());
        }
        Order done = pendingOrder();
        store.add(done);
        store.moveTo(done.orderId(), OrderStatus.COMPLETED);
        var counts = store.countByStatus();
        assertThat(counts.get(OrderStatus.PENDING)).isEqualTo(3);
        assertThat(counts.get(OrderStatus.COMPLETED)).isEqualTo(1);
        assertThat(counts.get(OrderStatus.FAILED)).isZero();
    }

    @Test
    void racingCompletionAndFailureLeaveExactlyOneFinalStatus() throws Exception {
        var store = store();
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Order order = pendingOrder();
            store.add(order);
            orders.add(order);
        }
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<OrderStatus>> completes = new ArrayList<>();
            List<Future<OrderStatus>> fails = new ArrayList<>();
            for (Order order : orders) {
                completes.add(threads.submit(() -> store.moveTo(order.orderId(), OrderStatus.COMPLETED)
                        .orElseThrow()
                        .status()));
                fails.add(threads.submit(() -> store.moveTo(order.orderId(), OrderStatus.FAILED)
                        .orElseThrow()
                        .status()));
            }
            for (int i = 0; i < orders.size(); i++) {
                // both callers see the same final status: whichever came first
                assertThat(completes.get(i).get()).isEqualTo(fails.get(i).get());
            }
        }
    }

    @Test
    void finishTellsWhetherThisCallMadeTheOrderFinal() {
        var store = store();
        Order order = pendingOrder();
        store.add(order);
        store.moveTo(order.orderId(), OrderStatus.PROCESSING);

        assertThat(store.finish(order.orderId(), OrderStatus.COMPLETED)).isTrue();
        assertThat(store.finish(order.orderId(), OrderStatus.COMPLETED))
                .as("final already")
                .isFalse();
        assertThat(store.finish(order.orderId(), OrderStatus.FAILED)).isFalse();
        assertThat(store.find(order.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(store.finish(UUID.randomUUID(), OrderStatus.COMPLETED))
                .as("unknown")
                .isFalse();
        assertThatThrownBy(() -> store.finish(order.orderId(), OrderStatus.PROCESSING))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofRacingFinishesOfOneOrderExactlyOneSucceeds() throws Exception {
        var store = store();
        Order order = pendingOrder();
        store.add(order);
        List<Future<Boolean>> finishes = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                OrderStatus status = i % 2 == 0 ? OrderStatus.COMPLETED : OrderStatus.FAILED;
                finishes.add(threads.submit(() -> store.finish(order.orderId(), status)));
            }
        }
        int finished = 0;
        for (Future<Boolean> finish : finishes) {
            finished += finish.get() ? 1 : 0;
        }
        assertThat(finished).isEqualTo(1);
    }
}
