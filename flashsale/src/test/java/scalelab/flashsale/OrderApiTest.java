package scalelab.flashsale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static scalelab.flashsale.RunningFlashSale.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.flashsale.order.OrderStatus;

/** Every row of API.md's flash-sale table, over HTTP, with the in-process broker and memory. */
class OrderApiTest {
    private RunningFlashSale running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void aSyncOrderAnswers200CompletedOnlyAfterItsPaymentRan() {
        running = RunningFlashSale.start(TestOrders.config(0, Duration.ofMillis(300)));
        long start = System.nanoTime();
        var response = running.placeSync(TestOrders.twoItems());
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(tookMillis).isGreaterThanOrEqualTo(300); // the payment time is the answer's lower bound
        JsonNode body = json(response);
        assertThat(body.get("message").asText()).isNotBlank();
        JsonNode order = body.get("order");
        assertThat(order.get("status").asText()).isEqualTo("completed");
        assertThat(order.get("customer_id").asInt()).isEqualTo(42);
        assertThat(order.get("items").toString())
                .isEqualTo("[{\"product_id\":\"product_12\",\"quantity\":2,\"price\":9.99},"
                        + "{\"product_id\":\"product_7\",\"quantity\":1,\"price\":100}]");
        assertThat(order.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        UUID id = UUID.fromString(order.get("order_id").asText());
        assertThat(running.sale.ledger().isCharged(id)).isTrue();
        assertThat(running.status(id.toString())).isEqualTo("completed");
        JsonNode metrics = running.metrics();
        assertThat(metrics.get("sync_completed").asLong()).isEqualTo(1);
        assertThat(metrics.get("charges").asLong()).isEqualTo(1);
        assertThat(metrics.get("accepted").asLong()).isZero(); // accepted counts the asynchronous path
        assertThat(metrics.get("store_completed").asLong())
                .as("the store counts sync orders too")
                .isEqualTo(1);
        assertThat(metrics.get("worker_completed").asLong()).isZero();
    }

    @Test
    void aSyncOrderThatCannotStartPaymentWithinTheSyncTimeoutAnswers503AndIsNotKept() throws Exception {
        running = RunningFlashSale.start(
                TestOrders.config(0, Duration.ofSeconds(2)).withSync(Duration.ofMillis(200), 1));
        CompletableFuture<HttpResponse<String>> first =
                CompletableFuture.supplyAsync(() -> running.placeSync(TestOrders.forCustomer(1)));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> running.sale.orders().gate().busy() == 1);

        long start = System.nanoTime();
        var second = running.placeSync(TestOrders.forCustomer(2));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(json(second).get("error").asText()).isEqualTo("PAYMENT_BUSY");
        assertThat(second.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(waitedMillis).isGreaterThanOrEqualTo(200).isLessThan(2_000); // gave up at the timeout
        assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        Map<OrderStatus, Long> byStatus = running.sale.store().countByStatus();
        assertThat(byStatus.get(OrderStatus.COMPLETED)).isEqualTo(1);
        assertThat(byStatus.values().stream().mapToLong(Long::longValue).sum())
                .as("the refused order was removed")
                .isEqualTo(1);
        JsonNode metrics = running.metrics();
        assertThat(metrics.get("sync_rejected").asLong()).isEqualTo(1);
        assertThat(metrics.get("sync_completed").asLong()).isEqualTo(1);
        assertThat(metrics.get("charges").asLong()).isEqualTo(1);
    }

    @Test
    void theGateAdmitsAsManyPaymentsAtOnceAsItHasPermits() throws Exception {
        running = RunningFlashSale.start(
                TestOrders.config(0, Duration.ofSeconds(1)).withSync(Duration.ofMillis(100), 2));
        var first = CompletableFuture.supplyAsync(() -> running.placeSync(TestOrders.forCustomer(1)));
        var second = CompletableFuture.supplyAsync(() -> running.placeSync(TestOrders.forCustomer(2)));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> running.sale.orders().gate().busy() == 2);
        assertThat(running.placeSync(TestOrders.forCustomer(3)).statusCode()).isEqualTo(503);
        assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void anAsyncOrderAnswers202PendingThenEndsCompleted() {
        running = RunningFlashSale.start(TestOrders.config(2, Duration.ofMillis(50)));
        var response = running.placeAsync(TestOrders.twoItems());

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode order = json(response).get("order");
        assertThat(json(response).get("message").asText()).isNotBlank();
        assertThat(order.get("status").asText()).isEqualTo("pending");
        String id = order.get("order_id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> running.status(id).equals("completed"));
        JsonNode metrics = running.metrics();
        assertThat(metrics.get("accepted").asLong()).isEqualTo(1);
        assertThat(metrics.get("worker_completed").asLong()).isEqualTo(1);
        assertThat(metrics.get("store_completed").asLong()).isEqualTo(1);
        assertThat(metrics.get("charges").asLong()).isEqualTo(1);
        assertThat(metrics.get("queue_depth").asLong()).isZero();
        assertThat(metrics.get("workers").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> running.metrics().get("audited").asLong() == 1);
        assertThat(running.metrics().get("audit_recent").toString()).contains(id);
    }

    @Test
    void anAsyncOrderWaitsInTheQueueWhileNoWorkerRuns() {
        running = RunningFlashSale.start(TestOrders.config(0, Duration.ZERO));
        String id = json(running.placeAsync(TestOrders.twoItems()))
                .at("/order/order_id")
                .asText();
        assertThat(running.status(id)).isEqualTo("pending");
        assertThat(running.metrics().get("queue_depth").asLong()).isEqualTo(1);
    }

    @Test
    void healthIsUnhealthyWith503WhileTheBrokerCannotBeReached() {
        var broker = new RefusingBroker();
        running = RunningFlashSale.start(TestOrders.config(1, Duration.ZERO), broker);
        var up = running.http.get("/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(json(up).get("broker_reachable").asBoolean()).isTrue();

        broker.goDown();

        var down = running.http.get("/health");
        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode health = json(down);
        assertThat(health.get("status").asText()).isEqualTo("unhealthy");
        assertThat(health.get("broker_reachable").asBoolean()).isFalse();
        assertThat(health.get("reason").asText()).contains("broker unreachable");
    }

    @Test
    void anAsyncOrderTheBrokerCannotTakeAnswers503AndIsNotAccepted() {
        running = RunningFlashSale.start(TestOrders.config(1, Duration.ZERO), new RefusingBroker());
        var response = running.placeAsync(TestOrders.twoItems());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).get("error").asText()).isEqualTo("QUEUE_UNAVAILABLE");
        assertThat(running.sale.store().countByStatus().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .as("the order is not kept")
                .isZero();
        JsonNode metrics = running.metrics();
        assertThat(metrics.get("accepted").asLong()).isZero();
        assertThat(metrics.get("async_rejected").asLong()).isEqualTo(1);
        assertThat(metrics.get("store_pending").asLong()).isZero();
    }

    @Test
    void badOrdersAnswer400ListingEveryBadField() {
        running = RunningFlashSale.start(TestOrders.config(0, Duration.ZERO));
        for (String path : List.of("/orders/sync", "/orders/async")) {
            var everything = running.http.post(
                    path,
                    "{\"customer_id\":0,\"items\":[{\"product_id\":\" \",\"quantity\":0,\"price\":1.999},"
                            + "{\"product_id\":\"" + "x".repeat(65) + "\",\"quantity\":1001,\"price\":-1},"
                            + "{\"product_id\":7,\"quantity\":1.5,\"price\":\"9.99\"},"
                            + "{\"product_id\":\"ok\",\"quantity\":1,\"price\":1000000.01}, 3]}");
            assertThat(everything.statusCode()).as(path).isEqualTo(400);
            JsonNode error = json(everything);
            assertThat(error.get("error").asText()).isEqualTo("INVALID_ORDER");
            assertThat(error.get("details").asText())
                    .contains("customer_id must be an integer from 1")
                    .contains("items[0].product_id must be a non-blank string of at most 64 characters")
                    .contains("items[0].quantity must be an integer from 1 to 1000")
                    .contains("items[0].price must be a number from 0 to 1000000 with at most 2 decimals")
                    .contains("items[1].product_id", "items[1].quantity", "items[1].price")
                    .contains("items[2].product_id", "items[2].quantity", "items[2].price")
                    .contains("items[3].price")
                    .doesNotContain("items[3].product_id", "items[3].quantity")
                    .contains("items[4] must be an object");
        }
        Map<String, String> bad = Map.ofEntries(
                Map.entry(
                        "{\"customer_id\":1,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":1e-999999999}]}",
                        "items[0].price"), // a double would make it 0
                Map.entry(
                        "{\"customer_id\":1,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":1e999999999}]}",
                        "items[0].price"),
                Map.entry(
                        "{\"customer_id\":1,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":9.990000000000000001}]}",
                        "items[0].price"), // a double would make it 9.99
                Map.entry(
                        "{\"customer_id\":1,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":1000000.000000000001}]}",
                        "items[0].price"), // a double would make it 1000000
                Map.entry(
                        "{\"customer_id\":1,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":-0.000000000000000000001}]}",
                        "items[0].price"));
        bad.forEach((body, expected) -> {
            var response = running.placeAsync(body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).get("details").asText()).as(body).contains(expected);
        });
        bad = Map.of(
                "{\"customer_id\":1,\"items\":[]}",
                "items must be a list of 1 to 100 items",
                "{\"customer_id\":1}",
                "items must be a list of 1 to 100 items",
                "{\"customer_id\":\"1\",\"items\":{}}",
                "customer_id must be an integer",
                "{\"customer_id\":2147483648,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":1}]}",
                "customer_id must be an integer",
                "{\"customer_id\":1,\"items\":" + manyItems(101) + "}",
                "items must be a list of 1 to 100 items",
                "{\"customer_id\":1,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":1e400}]}",
                "items[0].price");
        bad.forEach((body, expected) -> {
            var response = running.placeAsync(body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).get("details").asText()).as(body).contains(expected);
        });
        for (String notAnObject : List.of("[]", "42", "null", "\"order\"")) {
            var response = running.placeAsync(notAnObject);
            assertThat(response.statusCode()).as(notAnObject).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isIn("INVALID_BODY", "BAD_REQUEST", "MALFORMED_JSON");
        }
        var malformed = running.placeAsync("{\"customer_id\":1,");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).has("error")).isTrue();
        assertThat(running.sale.store().countByStatus().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isZero();
    }

    @Test
    void theEdgesOfValidInputAreAccepted() {
        running = RunningFlashSale.start(TestOrders.config(0, Duration.ZERO));
        var response = running.placeAsync("{\"customer_id\":2147483647,\"order_id\":\"mine\",\"status\":\"completed\","
                + "\"unknown\":true,\"items\":" + manyItems(100).replace("\"price\":1", "\"price\":1000000.00")
                + "}");
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode order = json(response).get("order");
        assertThat(order.get("status").asText())
                .as("the server assigns the status")
                .isEqualTo("pending");
        assertThat(order.get("order_id").asText()).isNotEqualTo("mine");
        assertThat(order.get("items")).hasSize(100);
        assertThat(order.at("/items/0/price").decimalValue()).isEqualByComparingTo("1000000");

        var free = running.placeAsync("{\"customer_id\":1,\"items\":[{\"product_id\":\"" + "é".repeat(64)
                + "\",\"quantity\":1000,\"price\":0}]}");
        assertThat(free.statusCode()).isEqualTo(202);
    }

    @Test
    void anUnknownOrderAnswers404AndAMalformedId400() {
        running = RunningFlashSale.start(TestOrders.config(0, Duration.ZERO));
        var unknown = running.http.get("/orders/" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).isEqualTo("ORDER_NOT_FOUND");
        for (String id : List.of("1", "abc", "1-1-1-1-1", "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6", "%27%3B--")) {
            var response = running.http.get("/orders/" + id);
            assertThat(response.statusCode()).as(id).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isEqualTo("INVALID_ORDER_ID");
        }
        String id = json(running.placeAsync(TestOrders.twoItems()))
                .at("/order/order_id")
                .asText();
        assertThat(running.http
                        .get("/orders/" + id.toUpperCase(java.util.Locale.ROOT))
                        .statusCode())
                .as("a UUID in upper case is the same order")
                .isEqualTo(200);
    }

    @Test
    void healthAndMetricsDescribeTheService() {
        running = RunningFlashSale.start(TestOrders.config(3, Duration.ZERO));
        JsonNode health = json(running.http.get("/health"));
        assertThat(health.get("status").asText()).isEqualTo("healthy");
        assertThat(health.get("broker").asText()).isEqualTo("in-process");
        assertThat(health.get("workers").asInt()).isEqualTo(3);
        JsonNode metrics = running.metrics();
        for (String field : List.of(
                "accepted",
                "store_completed",
                "store_failed",
                "store_pending",
                "store_processing",
                "worker_completed",
                "worker_failed",
                "sync_completed",
                "sync_rejected",
                "queue_depth",
                "dead_lettered",
                "in_flight",
                "workers",
                "processing_rate",
                "charges",
                "duplicate_charges_prevented",
                "payments_started",
                "payment_takeovers",
                "payments_waited",
                "payment_leases_lost",
                "charges_recorded",
                "payment_attempts_recorded",
                "audited")) {
            assertThat(metrics.has(field)).as(field).isTrue();
            assertThat(metrics.get(field).isNumber()).as(field).isTrue();
        }
        // store-wide counts are named as such: a bare "completed" beside this process's "accepted" misled
        assertThat(metrics.has("completed")).isFalse();
        assertThat(metrics.has("failed")).isFalse();
    }

    private static String manyItems(int n) {
        var items = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            items.append(i == 0 ? "" : ",")
                    .append("{\"product_id\":\"p")
                    .append(i)
                    .append("\",\"quantity\":1,\"price\":1}");
        }
        return items.append(']').toString();
    }
}
