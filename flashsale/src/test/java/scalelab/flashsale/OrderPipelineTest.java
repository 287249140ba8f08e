package scalelab.flashsale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static scalelab.flashsale.RunningFlashSale.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.core.messaging.InProcessBroker;
import scalelab.core.messaging.Message;
import scalelab.flashsale.order.InMemoryOrderStore;
import scalelab.flashsale.order.Order;
import scalelab.flashsale.order.OrderItem;
import scalelab.flashsale.order.OrderMessages;
import scalelab.flashsale.order.OrderStatus;

/**
 * The asynchronous path end to end on the in-process broker: accepted orders all end completed, poison and
 * failing orders end in the dead-letter queue, and no order is paid twice whatever is redelivered.
 */
class OrderPipelineTest {
    private RunningFlashSale running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void everyAcceptedOrderEndsCompletedAndIsPaidOnce() throws Exception {
        var ledger = new FlakyParts.CountingLedger();
        running = RunningFlashSale.start(
                TestOrders.config(20, Duration.ofMillis(20)), new InProcessBroker(), new InMemoryOrderStore(), ledger);
        List<String> ids = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> placed = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                int customer = i;
                placed.add(clients.submit(() -> {
                    var response = running.placeAsync(TestOrders.forCustomer(customer));
                    assertThat(response.statusCode()).isEqualTo(202);
                    return json(response).at("/order/order_id").asText();
                }));
            }
            for (Future<String> id : placed) {
                ids.add(id.get());
            }
        }
        // only async orders in this store: its completed count is the accepted orders'
        await().atMost(Duration.ofSeconds(30))
                .until(() -> running.metrics().get("store_completed").asLong() == 200);

        JsonNode metrics = running.metrics();
        assertThat(metrics.get("accepted").asLong()).isEqualTo(200);
        assertThat(metrics.get("worker_completed").asLong())
                .as("each order counted once")
                .isEqualTo(200);
        assertThat(metrics.get("store_failed").asLong()).isZero();
        assertThat(metrics.get("payments_started").asLong()).isEqualTo(200);
        assertThat(metrics.get("payment_attempts_recorded").asLong()).isEqualTo(200);
        assertThat(metrics.get("queue_depth").asLong()).isZero();
        assertThat(metrics.get("dead_lettered").asLong()).isZero();
        assertThat(metrics.get("charges").asLong()).isEqualTo(200);
        assertThat(ledger.recorded.get()).isEqualTo(200);
        assertThat(ids)
                .doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(running.status(id)).isEqualTo("completed"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> running.metrics().get("audited").asLong() == 200);
        assertThat(running.metrics().get("processing_rate").asDouble()).isPositive();
    }

    @Test
    void theFunctionVariantCompletesEveryAcceptedOrderAndReportsItsColdStarts() throws Exception {
        var ledger = new FlakyParts.CountingLedger();
        running = RunningFlashSale.start(
                TestOrders.config(5, Duration.ofMillis(50)).withProcessor(Processor.FUNCTION),
                new InProcessBroker(),
                new InMemoryOrderStore(),
                ledger);
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> placed = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                int customer = i;
                placed.add(clients.submit(() ->
                        running.placeAsync(TestOrders.forCustomer(customer)).statusCode()));
            }
            for (Future<Integer> status : placed) {
                assertThat(status.get()).isEqualTo(202);
            }
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> running.metrics().get("store_completed").asLong() == 40);

        JsonNode metrics = running.metrics();
        assertThat(metrics.get("processor").asText()).isEqualTo("function");
        assertThat(metrics.get("worker_completed").asLong()).isEqualTo(40);
        assertThat(metrics.get("workers").asInt()).isEqualTo(5); // the function's concurrency limit
        assertThat(ledger.recorded.get()).isEqualTo(40);
        assertThat(metrics.get("function_invocations").asLong()).isEqualTo(40);
        // 40 orders of 50 ms, at most 5 at once: between 1 and 5 environments were created, then reused
        assertThat(metrics.get("function_cold_starts").asLong()).isBetween(1L, 5L);
        assertThat(metrics.get("function_peak_concurrent_executions").asLong()).isBetween(1L, 5L);
        assertThat(metrics.get("function_billed_duration_ms").asLong()).isGreaterThanOrEqualTo(40 * 50);
        assertThat(metrics.get("dead_lettered").asLong()).isZero();
    }

    @Test
    void aPoisonMessageLandsInTheDeadLetterQueueAndTheRestGoOn() {
        running = RunningFlashSale.start(TestOrders.config(2, Duration.ZERO));
        running.sale
                .broker()
                .publish(
                        OrderMessages.TOPIC,
                        new Message("poison-1", "not json {".getBytes(StandardCharsets.UTF_8)),
                        Duration.ofSeconds(1));
        running.sale
                .broker()
                .publish(
                        OrderMessages.TOPIC,
                        new Message("poison-2", "{\"order_id\":null}".getBytes(StandardCharsets.UTF_8)),
                        Duration.ofSeconds(1));
        String id = json(running.placeAsync(TestOrders.twoItems()))
                .at("/order/order_id")
                .asText();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> running.metrics().get("dead_lettered").asLong() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.status(id).equals("completed"));
        JsonNode metrics = running.metrics();
        assertThat(metrics.get("poison").asLong()).isEqualTo(2);
        assertThat(metrics.get("retried").asLong()).as("poison is not retried").isZero();
        assertThat(metrics.get("queue_depth").asLong()).isZero();
    }

    @Test
    void aFailingPaymentIsRetriedAndAfterFiveDeliveriesTheOrderIsFailedAndDeadLettered() {
        var ledger = new FlakyParts.BrokenLedger();
        running = RunningFlashSale.start(
                TestOrders.config(1, Duration.ZERO), new InProcessBroker(), new InMemoryOrderStore(), ledger);
        String id = json(running.placeAsync(TestOrders.twoItems()))
                .at("/order/order_id")
                .asText();

        // backoff 100 + 200 + 400 + 800 ms between the five deliveries
        await().atMost(Duration.ofSeconds(15)).until(() -> running.status(id).equals("failed"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> running.metrics().get("dead_lettered").asLong() == 1);
        assertThat(ledger.attempts.get()).isEqualTo(OrderMessages.MAX_DELIVERIES);
        JsonNode metrics = running.metrics();
        assertThat(metrics.get("retried").asLong()).isEqualTo(OrderMessages.MAX_DELIVERIES - 1);
        assertThat(metrics.get("store_failed").asLong()).isEqualTo(1);
        assertThat(metrics.get("worker_failed").asLong()).isEqualTo(1);
        assertThat(metrics.get("store_completed").asLong()).isZero();
        assertThat(metrics.get("worker_completed").asLong()).isZero();
        assertThat(metrics.get("charges").asLong()).isZero();
        assertThat(metrics.get("queue_depth").asLong()).isZero();
    }

    @Test
    void theSameOrderMessagePublishedTwiceIsPaidOnce() {
        var ledger = new FlakyParts.CountingLedger();
        running = RunningFlashSale.start(
                TestOrders.config(2, Duration.ofSeconds(1)), new InProcessBroker(), new InMemoryOrderStore(), ledger);
        var response = running.placeAsync(TestOrders.twoItems());
        Order order = orderOf(json(response).get("order"));
        // the duplicate arrives while the first delivery is still paying: the second worker finds its claim,
        // waits for the charge instead of paying, and returns "already charged"
        running.sale.broker().publish(OrderMessages.TOPIC, OrderMessages.toMessage(order), Duration.ofSeconds(1));

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        running.metrics().get("duplicate_charges_prevented").asLong() == 1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> running.metrics().get("queue_depth").asLong() == 0
                        && running.metrics().get("in_flight").asLong() == 0);
        JsonNode metrics = running.metrics();
        assertThat(running.status(order.orderId().toString())).isEqualTo("completed");
        assertThat(metrics.get("payments_started").asLong())
                .as("the payment time spent once")
                .isEqualTo(1);
        assertThat(metrics.get("payments_waited").asLong()).isEqualTo(1);
        assertThat(metrics.get("charges").asLong()).isEqualTo(1);
        assertThat(ledger.recorded.get()).isEqualTo(1);
        assertThat(ledger.totalAttempts()).isEqualTo(1);
        assertThat(metrics.get("worker_completed").asLong())
                .as("completed once, not per copy")
                .isEqualTo(1);
    }

    @Test
    void aRetryAfterTheChargeFindsItAndDoesNotPayAgain() {
        var ledger = new FlakyParts.CountingLedger();
        var store = new FlakyParts.StoreFailingCompletion(1);
        running = RunningFlashSale.start(
                TestOrders.config(1, Duration.ofMillis(20)), new InProcessBroker(), store, ledger);
        String id = json(running.placeAsync(TestOrders.twoItems()))
                .at("/order/order_id")
                .asText();

        await().atMost(Duration.ofSeconds(10)).until(() -> running.status(id).equals("completed"));
        JsonNode metrics = running.metrics();
        assertThat(metrics.get("retried").asLong()).isEqualTo(1);
        assertThat(metrics.get("charges").asLong()).isEqualTo(1);
        assertThat(metrics.get("duplicate_charges_prevented").asLong()).isEqualTo(1);
        assertThat(metrics.get("payments_started").asLong())
                .as("the retry found the charge before paying")
                .isEqualTo(1);
        assertThat(metrics.get("worker_completed").asLong()).isEqualTo(1);
        assertThat(ledger.recorded.get()).isEqualTo(1);
    }

    @Test
    void aQueuedOrderTheStoreDoesNotKnowIsAckedSkippedAndCountedNotResurrected() {
        var broker = new RefusingBroker();
        running = RunningFlashSale.start(TestOrders.config(1, Duration.ZERO), broker);
        Order ghost = new Order(
                UUID.randomUUID(),
                7,
                OrderStatus.PENDING,
                List.of(new OrderItem("p", 1, java.math.BigDecimal.ONE)),
                Instant.now());
        broker.publishAnyway(OrderMessages.TOPIC, OrderMessages.toMessage(ghost));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> running.metrics().get("unknown_skipped").asLong() == 1);
        assertThat(running.http.get("/orders/" + ghost.orderId()).statusCode()).isEqualTo(404);
        JsonNode metrics = running.metrics();
        assertThat(metrics.get("charges").asLong()).isZero();
        assertThat(metrics.get("queue_depth").asLong()).isZero();
        assertThat(metrics.get("dead_lettered").asLong()).isZero();
    }

    @Test
    void unconfirmedPublishesThatLandAnywayEndEitherRefusedAndUnpaidOrAcceptedAndCompleted() throws Exception {
        var ledger = new FlakyParts.CountingLedger();
        var store = new InMemoryOrderStore();
        running = RunningFlashSale.start(TestOrders.config(4, Duration.ZERO), new RefusingBroker(true), store, ledger);
        int accepted = 0;
        int refused = 0;
        for (int i = 1; i <= 40; i++) {
            var response = running.placeAsync(TestOrders.forCustomer(i));
            if (response.statusCode() == 202) {
                accepted++;
            } else {
                assertThat(response.statusCode()).isEqualTo(503);
                refused++;
            }
        }
        int expectAccepted = accepted;
        int expectRefused = refused;
        await().atMost(Duration.ofSeconds(10))
                .until(() -> running.metrics().get("store_completed").asLong() == expectAccepted
                        && running.metrics().get("unknown_skipped").asLong() == expectRefused
                        && running.metrics().get("queue_depth").asLong() == 0);
        JsonNode metrics = running.metrics();
        assertThat(metrics.get("accepted").asLong()).isEqualTo(accepted);
        assertThat(metrics.get("async_rejected").asLong()).isEqualTo(refused);
        assertThat(ledger.recorded.get()).as("only accepted orders are paid").isEqualTo(accepted);
        assertThat(metrics.get("store_pending").asLong()
                        + metrics.get("store_processing").asLong())
                .isZero();
    }

    private static Order orderOf(JsonNode json) {
        return scalelab.core.json.Json.read(json.toString(), Order.class);
    }
}
