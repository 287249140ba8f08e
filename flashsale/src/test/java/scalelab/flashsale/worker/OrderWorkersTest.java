package scalelab.flashsale.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.core.messaging.ConsumerSpec;
import scalelab.core.messaging.InProcessBroker;
import scalelab.core.messaging.QueueSpec;
import scalelab.flashsale.order.Order;
import scalelab.flashsale.order.OrderDeliveryRules;
import scalelab.flashsale.order.OrderItem;
import scalelab.flashsale.order.OrderMessages;
import scalelab.flashsale.order.OrderProcessor;
import scalelab.flashsale.order.OrderStatus;
import scalelab.flashsale.order.ProcessOutcome;

class OrderWorkersTest {
    private final InProcessBroker broker = new InProcessBroker();
    private final RecordingProcessor processor = new RecordingProcessor();
    private final ProcessingStats stats = new ProcessingStats();
    private final Order order = new Order(
            UUID.randomUUID(),
            7,
            OrderStatus.PENDING,
            List.of(new OrderItem("product_1", 1, BigDecimal.TEN)),
            Instant.parse("2026-11-24T10:00:00Z"));

    @AfterEach
    void close() {
        broker.close();
    }

    /**
     * Five deliveries that end unsettled (a consumer whose subscription closes mid-handling, as a crashed or
     * restarted worker's channel does) use up the rules' deliveries; the broker must still hand the message over
     * once more, and the worker then marks the order failed and dead-letters it without paying.
     */
    @Test
    void anOrderWhoseDeliveriesAllEndedInCrashesIsMarkedFailedAndDeadLetteredUnprocessed() throws Exception {
        broker.declare(OrderMessages.PROCESSING);
        broker.publish(OrderMessages.TOPIC, OrderMessages.toMessage(order), Duration.ofSeconds(1));
        for (int crash = 1; crash <= OrderDeliveryRules.DEFAULT_MAX_DELIVERIES; crash++) {
            var delivered = new CountDownLatch(1);
            var subscription = broker.consume(OrderMessages.QUEUE, ConsumerSpec.of(1), delivery -> {
                delivered.countDown(); // and never settled: the "worker" dies with it
            });
            assertThat(delivered.await(5, TimeUnit.SECONDS))
                    .as("delivery %d", crash)
                    .isTrue();
            subscription.close();
        }

        try (var workers = OrderWorkers.of(broker, ConsumerSpec.of(1), processor, stats)) {
            workers.start();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> broker.depth(OrderMessages.PROCESSING.deadLetterQueue()) == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> workers.inFlight() == 0);
        }
        assertThat(processor.failed).containsExactly(order.orderId());
        assertThat(processor.processed).as("never paid on the extra delivery").isEmpty();
        assertThat(stats.failedCount()).isEqualTo(1);
        assertThat(broker.depth(OrderMessages.QUEUE)).isZero();
    }

    @Test
    void theQueueMustAllowOneDeliveryMoreThanTheRules() {
        var rules = OrderDeliveryRules.defaults();
        var sameLimit = new QueueSpec(OrderMessages.TOPIC, OrderMessages.QUEUE, rules.maxDeliveries());
        assertThatThrownBy(() -> new OrderWorkers(broker, sameLimit, ConsumerSpec.of(1), processor, stats, rules))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the queue's maxDeliveries (5) must be the rules' (5) + 1");
    }

    private static final class RecordingProcessor implements OrderProcessor {
        final List<UUID> processed = new CopyOnWriteArrayList<>();
        final List<UUID> failed = new CopyOnWriteArrayList<>();

        @Override
        public ProcessOutcome process(Order order) {
            processed.add(order.orderId());
            return ProcessOutcome.COMPLETED;
        }

        @Override
        public void fail(Order order) {
            failed.add(order.orderId());
        }
    }
}
