package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.core.storage.Postgres;
import scalelab.flashsale.FlashSale;
import scalelab.flashsale.FlashSaleConfig;
import scalelab.flashsale.FlashSaleDatabase;
import scalelab.flashsale.order.OrderMessages;
import scalelab.testkit.RabbitVhost;
import scalelab.testkit.RealServices;
import scalelab.testkit.TestHttp;

/**
 * A {@code scalelab flashsale worker} process killed with SIGKILL in the middle of its payments, on the real
 * RabbitMQ and PostgreSQL: no order is lost and none is paid twice. The order API runs in this JVM with
 * {@code --workers 0}; the workers are processes of the built jar, started with the ./scalelab launcher (after
 * {@code package}, as {@link LauncherIT}). A throwaway RabbitMQ vhost and a PostgreSQL schema of its own isolate
 * the run; both are deleted afterwards.
 */
class FlashSaleWorkerKillIT {
    private static final int ORDERS = 30;
    private static final int FIRST_WORKERS = 4;
    private static final BigDecimal ORDER_TOTAL = new BigDecimal("5.25");

    private RabbitVhost vhost;
    private String dbUrl;
    private String schema;
    private FlashSale sale;
    private HttpServer server;
    private FlashSaleDatabase db; // the test's own view of the tables
    private final List<Process> workers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startApi() {
        vhost = RabbitVhost.create();
        dbUrl = RealServices.postgresUrl();
        schema = "flashsale_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sale = FlashSale.open(FlashSaleConfig.defaults()
                .withStorage(vhost.url(), dbUrl)
                .withDbSchema(schema)
                .withWorkers(0, 0)
                .withPaymentTime(Duration.ofSeconds(2)));
        server = HttpServer.start(
                ServerConfig.loopback("flashsale"), sale.routes().toArray(Routes[]::new));
        db = FlashSaleDatabase.open(dbUrl, schema, 2);
    }

    @AfterEach
    void cleanUp() {
        for (Process worker : workers) {
            worker.destroyForcibly();
        }
        if (server != null) {
            server.close();
        }
        if (sale != null) {
            sale.close();
        }
        if (db != null) {
            db.close();
        }
        if (schema != null) {
            Postgres.execute(dbUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        if (vhost != null) {
            vhost.close();
        }
    }

    @Test
    void aWorkerProcessKilledMidPaymentLosesNoOrderAndPaysNoneTwice() throws Exception {
        Process first = startWorker(FIRST_WORKERS);
        var http = TestHttp.of(server.uri());
        var accepted = new HashSet<UUID>();
        for (int i = 1; i <= ORDERS; i++) {
            var response = http.post(
                    "/orders/async",
                    "{\"customer_id\":" + i + ",\"items\":[{\"product_id\":\"p" + i
                            + "\",\"quantity\":1,\"price\":5.25}]}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            accepted.add(UUID.fromString(Json.read(response.body(), JsonNode.class)
                    .at("/order/order_id")
                    .asText()));
        }
        // the worker process takes FIRST_WORKERS orders and pays them (2 s each): kill it then
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> statuses().values().stream()
                                .filter("processing"::equals)
                                .count()
                        >= FIRST_WORKERS);
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no ack
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("exit status of the killed worker").isEqualTo(128 + 9);

        Map<UUID, String> atKill = statuses();
        Map<UUID, String> ledgerAtKill = paymentStates();
        assertThat(atKill.keySet()).as("orders in the store after the kill").isEqualTo(accepted);
        assertThat(Set.copyOf(atKill.values()))
                .as("statuses after the kill")
                .isSubsetOf("pending", "processing", "completed");
        Set<UUID> chargedAtKill = new HashSet<>();
        Set<UUID> midPayment = new HashSet<>(); // claimed, not charged: the kill interrupted their payment
        ledgerAtKill.forEach((id, state) -> (state.equals("charged") ? chargedAtKill : midPayment).add(id));
        assertThat(midPayment).as("orders whose payment the kill interrupted").isNotEmpty();
        assertThat(midPayment).allSatisfy(id -> assertThat(atKill.get(id)).isEqualTo("processing"));
        long completedAtKill =
                atKill.values().stream().filter("completed"::equals).count();
        // RabbitMQ puts the killed consumer's unacknowledged messages back: every unfinished order is queued
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(sale.broker().depth(OrderMessages.QUEUE))
                        .as("messages ready in order-processing after the kill")
                        .isEqualTo(ORDERS - completedAtKill));

        startWorker(16);
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() ->
                        assertThat(metrics().get("store_completed").asLong()).isEqualTo(ORDERS));

        Map<UUID, Integer> attemptsPerOrder = paymentAttempts();
        Map<UUID, BigDecimal> amounts = charges();
        long attempts =
                attemptsPerOrder.values().stream().mapToLong(Integer::longValue).sum();
        String story = ORDERS + " accepted; " + midPayment.size() + " were mid-payment at the SIGKILL and were"
                + " paid again after their claim's lease; " + chargedAtKill.size() + " charged before the kill; "
                + attempts + " payment attempts in the ledger";
        System.out.println("FlashSaleWorkerKillIT: " + story);
        assertThat(paymentStates())
                .as(story)
                .containsOnlyKeys(accepted)
                .allSatisfy((id, state) -> assertThat(state).isEqualTo("charged"));
        // the interrupted payments ran twice (the killed one never finished), every other order exactly once:
        // no redelivery paid an order that was being paid or was paid
        assertThat(attemptsPerOrder)
                .as(story)
                .allSatisfy((id, count) -> assertThat(count)
                        .as("payment attempts of order %s", id)
                        .isEqualTo(midPayment.contains(id) ? 2 : 1));
        assertThat(attempts).as(story).isEqualTo(ORDERS + midPayment.size());
        assertThat(amounts).allSatisfy((id, amount) -> assertThat(amount).isEqualByComparingTo(ORDER_TOTAL));
        assertThat(statuses())
                .as(story)
                .allSatisfy((id, status) -> assertThat(status).isEqualTo("completed"));
        JsonNode metrics = metrics();
        assertThat(metrics.get("accepted").asLong()).isEqualTo(ORDERS);
        assertThat(metrics.get("charges_recorded").asLong()).as(story).isEqualTo(ORDERS);
        assertThat(metrics.get("payment_attempts_recorded").asLong()).as(story).isEqualTo(ORDERS + midPayment.size());
        assertThat(metrics.get("store_failed").asLong()).isZero();
        assertThat(metrics.get("queue_depth").asLong()).isZero();
        assertThat(metrics.get("dead_lettered").asLong())
                .as("order-processing.dlq")
                .isZero();
        assertThat(sale.broker().depth(OrderMessages.PROCESSING.deadLetterQueue()))
                .isZero();
    }

    /** A worker process of the built jar on this test's vhost and schema, 2 s payments; its output is kept. */
    private Process startWorker(int count) throws Exception {
        var pb = LauncherIT.launcher(
                        "flashsale",
                        "worker",
                        "--broker",
                        vhost.url(),
                        "--db",
                        dbUrl,
                        "--db-schema",
                        schema,
                        "--workers",
                        Integer.toString(count),
                        "--payment-time",
                        "2s")
                .redirectErrorStream(true);
        // a small heap and a quick start: two of these share the machine with the build
        pb.environment().put("SCALELAB_JAVA_OPTS", "-XX:+UseSerialGC -Xms64m -Xmx256m -XX:TieredStopAtLevel=1");
        Process p = pb.start();
        workers.add(p);
        var lines = new CopyOnWriteArrayList<String>();
        LauncherIT.collectLines(p, lines);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .failFast("the worker process ended: " + lines, () -> !p.isAlive())
                .until(() -> lines.stream().anyMatch(l -> l.contains("flashsale worker running")));
        return p;
    }

    private JsonNode metrics() {
        return Json.read(TestHttp.of(server.uri()).get("/metrics").body(), JsonNode.class);
    }

    private Map<UUID, String> statuses() {
        return db.query("SELECT order_id, status FROM orders", ps -> {
            var result = new HashMap<UUID, String>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
            return result;
        });
    }

    private Map<UUID, BigDecimal> charges() {
        return db.query("SELECT order_id, amount FROM payments", ps -> {
            var result = new HashMap<UUID, BigDecimal>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getObject(1, UUID.class), rs.getBigDecimal(2));
                }
            }
            return result;
        });
    }

    /** Each claimed order's ledger state: started (being paid, or its payer died) or charged. */
    private Map<UUID, String> paymentStates() {
        return db.query("SELECT order_id, state FROM payments", ps -> {
            var result = new HashMap<UUID, String>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
            return result;
        });
    }

    /** Payment attempts per order: claims taken, the first and each takeover after a lease ended. */
    private Map<UUID, Integer> paymentAttempts() {
        return db.query("SELECT order_id, attempts FROM payments", ps -> {
            var result = new HashMap<UUID, Integer>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getObject(1, UUID.class), rs.getInt(2));
                }
            }
            return result;
        });
    }
}
