package scalelab.flashsale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static scalelab.flashsale.RunningFlashSale.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scalelab.core.messaging.ConsumerSpec;
import scalelab.core.messaging.Message;
import scalelab.core.messaging.RabbitBroker;
import scalelab.flashsale.order.OrderMessages;
import scalelab.testkit.RabbitVhost;
import scalelab.testkit.TcpProxy;

/**
 * The flash sale end to end on the real RabbitMQ and PostgreSQL, workers in the API process. Each test has a
 * throwaway RabbitMQ vhost (its own {@code orders} exchange and queues) and a PostgreSQL schema of its own, both
 * deleted afterwards.
 */
class RabbitFlashSaleIT {
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

    private RabbitVhost vhost;
    private TestDatabase database;
    private TcpProxy proxy;
    private RunningFlashSale running;

    @BeforeEach
    void isolate() {
        vhost = RabbitVhost.create();
        database = TestDatabase.create();
    }

    @AfterEach
    void cleanUp() {
        if (running != null) {
            running.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (database != null) {
            database.close();
        }
        if (vhost != null) {
            vhost.close();
        }
    }

    private FlashSaleConfig config(String brokerUrl, int workers, Duration paymentTime) {
        return FlashSaleConfig.defaults()
                .withStorage(brokerUrl, database.url())
                .withDbSchema(database.schema())
                .withWorkers(workers, workers)
                .withPaymentTime(paymentTime)
                .withPublishTimeout(PUBLISH_TIMEOUT);
    }

    @Test
    void everyAcceptedOrderEndsCompletedAndCountedAndTheAuditQueueSeesEachOne() throws Exception {
        running = RunningFlashSale.serve(FlashSale.open(config(vhost.url(), 50, Duration.ofMillis(50))));
        int orders = 300;
        var statuses = new ConcurrentHashMap<Integer, Integer>();
        var accepted = new LinkedBlockingQueue<String>();
        try (var users = Executors.newFixedThreadPool(20, Thread.ofVirtual().factory())) {
            var placed = IntStream.rangeClosed(1, orders)
                    .mapToObj(i -> CompletableFuture.runAsync(
                            () -> {
                                HttpResponse<String> response = running.placeAsync(TestOrders.forCustomer(i));
                                statuses.merge(response.statusCode(), 1, Integer::sum);
                                if (response.statusCode() == 202) {
                                    accepted.add(
                                            json(response).at("/order/order_id").asText());
                                }
                            },
                            users))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(placed).get(60, TimeUnit.SECONDS);
        }
        assertThat(statuses).as("answers by status code").isEqualTo(Map.of(202, orders));

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(
                                running.metrics().get("store_completed").asLong())
                        .isEqualTo(orders));
        for (String id : accepted) {
            assertThat(running.status(id)).as("order %s", id).isEqualTo("completed");
        }
        JsonNode metrics = running.metrics();
        assertThat(metrics.get("accepted").asLong()).isEqualTo(orders);
        assertThat(metrics.get("async_rejected").asLong()).isZero();
        assertThat(metrics.get("worker_completed").asLong()).isEqualTo(orders);
        assertThat(metrics.get("store_pending").asLong()).isZero();
        assertThat(metrics.get("store_processing").asLong()).isZero();
        assertThat(metrics.get("store_failed").asLong()).isZero();
        assertThat(metrics.get("charges_recorded").asLong())
                .as("one charge per order")
                .isEqualTo(orders);
        assertThat(metrics.get("payment_attempts_recorded").asLong())
                .as("each order paid once")
                .isEqualTo(orders);
        assertThat(metrics.get("queue_depth").asLong()).isZero();
        assertThat(metrics.get("dead_lettered").asLong()).isZero();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(running.sale.audit().audited())
                        .as("orders the audit log saw")
                        .isEqualTo(orders));
        assertThat(running.sale.broker().depth(OrderMessages.AUDIT_QUEUE)).isZero();
        assertThat(accepted).containsAll(running.sale.audit().recent());
    }

    @Test
    void aPoisonMessageOnTheOrdersTopicLandsInTheDeadLetterQueueAndTheOtherOrdersComplete() throws Exception {
        running = RunningFlashSale.serve(FlashSale.open(config(vhost.url(), 5, Duration.ofMillis(50))));
        String dlq = OrderMessages.PROCESSING.deadLetterQueue();
        for (int i = 1; i <= 10; i++) {
            assertThat(running.placeAsync(TestOrders.forCustomer(i)).statusCode())
                    .isEqualTo(202);
        }
        // another publisher, straight to the exchange: a body that is no order
        try (var publisher = RabbitBroker.open(vhost.url())) {
            publisher.publish(
                    OrderMessages.TOPIC,
                    new Message("poison-1", "{\"not\":\"an order\"".getBytes(StandardCharsets.UTF_8), Map.of()),
                    Duration.ofSeconds(5));
            for (int i = 11; i <= 20; i++) {
                assertThat(running.placeAsync(TestOrders.forCustomer(i)).statusCode())
                        .isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        assertThat(running.sale.broker().depth(dlq))
                                .as("dead-letter queue depth")
                                .isEqualTo(1);
                        assertThat(running.metrics().get("store_completed").asLong())
                                .isEqualTo(20);
                    });
            JsonNode metrics = running.metrics();
            assertThat(metrics.get("poison").asLong()).isEqualTo(1);
            assertThat(metrics.get("dead_lettered").asLong()).isEqualTo(1);
            assertThat(metrics.get("store_failed").asLong()).isZero();
            assertThat(metrics.get("charges_recorded").asLong()).isEqualTo(20);
            assertThat(metrics.get("queue_depth").asLong()).isZero();

            // what lies in the DLQ is the poison message, as published
            var dead = new LinkedBlockingQueue<Message>();
            var subscription = publisher.consume(dlq, ConsumerSpec.of(1), delivery -> {
                dead.add(delivery.message());
                delivery.ack();
            });
            try {
                Message message = dead.poll(10, TimeUnit.SECONDS);
                assertThat(message).isNotNull();
                assertThat(message.id()).isEqualTo("poison-1");
                assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("{\"not\":\"an order\"");
            } finally {
                subscription.close();
            }
        }
    }

    @Test
    void whileRabbitMqIsUnreachableAsyncOrdersGet503AndAfterwardsEveryAcceptedOrderIsProcessed() {
        URI rabbit = URI.create(vhost.url());
        proxy = TcpProxy.to(rabbit.getHost(), rabbit.getPort() < 0 ? 5672 : rabbit.getPort());
        String viaProxy = rabbit.getScheme() + "://" + rabbit.getRawUserInfo() + "@" + proxy.host() + ":" + proxy.port()
                + rabbit.getRawPath();
        running = RunningFlashSale.serve(FlashSale.open(config(viaProxy, 10, Duration.ofSeconds(1))));
        var accepted = new ArrayList<String>();
        accepted.addAll(placeAccepted(1, 20));
        // cut while the workers are paying: their acks are lost with the connection, the orders are redelivered
        assertThat(running.metrics().get("in_flight").asInt())
                .as("orders in flight at the cut")
                .isPositive();

        proxy.cut();
        int refused = 5;
        for (int i = 1; i <= refused; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = running.placeAsync(TestOrders.forCustomer(9_000 + i));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(json(response).get("error").asText()).isEqualTo("QUEUE_UNAVAILABLE");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(took).as("time to answer 503").isLessThan(Duration.ofSeconds(3));
        }
        JsonNode during = running.metrics();
        assertThat(during.get("accepted").asLong()).isEqualTo(20);
        assertThat(during.get("async_rejected").asLong()).isEqualTo(refused);
        assertThat(during.get("queue_depth").isNull())
                .as("queue depth while unreachable")
                .isTrue();

        proxy.restore();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !running.metrics().get("queue_depth").isNull()); // reconnected
        accepted.addAll(placeAccepted(21, 40));

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(
                                running.metrics().get("store_completed").asLong())
                        .isEqualTo(accepted.size()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> running.metrics().get("in_flight").asInt() == 0);
        JsonNode after = running.metrics();
        assertThat(after.get("accepted").asLong()).isEqualTo(accepted.size());
        assertThat(after.get("worker_completed").asLong())
                .as("completed once each, redelivered copies not counted again")
                .isEqualTo(accepted.size());
        assertThat(after.get("async_rejected").asLong()).isEqualTo(refused);
        assertThat(after.get("store_pending").asLong()).isZero();
        assertThat(after.get("store_processing").asLong()).isZero();
        assertThat(after.get("store_failed").asLong()).isZero();
        assertThat(after.get("charges_recorded").asLong()).isEqualTo(accepted.size());
        assertThat(after.get("payment_attempts_recorded").asLong())
                .as("no order paid twice")
                .isEqualTo(accepted.size());
        assertThat(after.get("dead_lettered").asLong()).isZero();
        for (String id : accepted) {
            assertThat(running.status(id)).as("order %s", id).isEqualTo("completed");
        }
        // the refused orders (customers 9001..) were not kept: a 503 carries no order id, so look them up by customer
        long refusedKept = database.db.query("SELECT count(*) FROM orders WHERE customer_id > 9000", ps -> {
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(refusedKept).as("refused orders kept in the store").isZero();
        long total = database.db.query("SELECT count(*) FROM orders", ps -> {
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(total).as("orders in the store").isEqualTo(accepted.size());
    }

    /**
     * The reviewer's scenario: a connection blip while every order is mid-payment. RabbitMQ redelivers the
     * unacknowledged orders as soon as the workers reconnect, while the handlers started before the blip are
     * still paying: the redelivered copies must wait for those payments, not pay a second time.
     */
    @Test
    void aConnectionBlipMidPaymentPaysNoOrderTwice() {
        URI rabbit = URI.create(vhost.url());
        proxy = TcpProxy.to(rabbit.getHost(), rabbit.getPort() < 0 ? 5672 : rabbit.getPort());
        String viaProxy = rabbit.getScheme() + "://" + rabbit.getRawUserInfo() + "@" + proxy.host() + ":" + proxy.port()
                + rabbit.getRawPath();
        int orders = 10;
        Duration paymentTime = Duration.ofSeconds(6);
        running = RunningFlashSale.serve(FlashSale.open(config(viaProxy, orders, paymentTime)));
        List<String> accepted = placeAccepted(1, orders);
        await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> running.metrics().get("payments_started").asLong() == orders); // all paying

        proxy.cut(); // the unacked deliveries go back to the queue
        proxy.restore(); // the workers reconnect and get them again while the first payments still run
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(
                                running.metrics().get("store_completed").asLong())
                        .isEqualTo(orders));
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> running.metrics().get("in_flight").asInt() == 0
                        && running.metrics().get("queue_depth").asLong() == 0);

        for (String id : accepted) {
            assertThat(running.status(id)).as("order %s", id).isEqualTo("completed");
        }
        JsonNode metrics = running.metrics();
        assertThat(metrics.get("payments_waited").asLong())
                .as("copies redelivered while their first payment still ran (else the blip tested nothing)")
                .isPositive();
        assertThat(metrics.get("payments_started").asLong())
                .as("payments that spent the payment time")
                .isEqualTo(orders);
        long attempts = database.db.query("SELECT coalesce(sum(attempts), 0) FROM payments", ps -> {
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(attempts)
                .as("payment attempts in the ledger: no order paid twice")
                .isEqualTo(orders);
        assertThat(metrics.get("charges_recorded").asLong()).isEqualTo(orders);
        assertThat(metrics.get("worker_completed").asLong())
                .as("each order counted completed once")
                .isEqualTo(orders);
        assertThat(metrics.get("store_failed").asLong()).isZero();
        assertThat(metrics.get("dead_lettered").asLong()).isZero();
    }

    /** Places orders for customers from..to, each must be accepted; their ids. */
    private List<String> placeAccepted(int from, int to) {
        var ids = new ArrayList<String>();
        for (int i = from; i <= to; i++) {
            HttpResponse<String> response = running.placeAsync(TestOrders.forCustomer(i));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            ids.add(json(response).at("/order/order_id").asText());
        }
        return ids;
    }
}
