package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import scalelab.core.json.Json;
import scalelab.testkit.FreePorts;
import scalelab.testkit.RabbitVhost;
import scalelab.testkit.RealServices;
import scalelab.testkit.TestHttp;

/**
 * {@code ./scalelab up --processes} end to end on the real RabbitMQ (a throwaway vhost) and PostgreSQL (a throwaway
 * database): every child becomes healthy, each service answers one real call (the flash-sale order is paid by a
 * worker process, the MapReduce job counted by mapper and reducer processes, search through the balancer), a child SIGKILLed is reported, and
 * SIGTERM to {@code up} leaves no child running and no port bound.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class UpProcessesIT {
    /** Small quick JVMs: ten of them start on two cores beside the build. */
    private static final String CHILD_JAVA_OPTS = "-XX:+UseSerialGC -Xss512k -Xmx160m -XX:TieredStopAtLevel=1";

    private static final int PORTS = ProcessPlan.FIRST_WORKER_OFFSET + 3;

    @TempDir
    Path dir;

    private RabbitVhost vhost;
    private String adminDbUrl;
    private String database;
    private Process up;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<ProcessHandle> children = new ArrayList<>();
    private boolean passed;

    @BeforeEach
    void createVhostAndDatabase() throws SQLException {
        adminDbUrl = RealServices.postgresUrl();
        vhost = RabbitVhost.create();
        database = "scalelab_up_it_" + UUID.randomUUID().toString().substring(0, 8);
        try (var connection = DriverManager.getConnection(adminDbUrl);
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (up != null) {
                var all = new ArrayList<>(children);
                up.toHandle().descendants().forEach(all::add);
                up.toHandle().destroyForcibly();
                all.forEach(ProcessHandle::destroyForcibly);
                up.waitFor(10, TimeUnit.SECONDS);
                for (ProcessHandle child : all) {
                    child.onExit().get(10, TimeUnit.SECONDS);
                }
            }
            if (!passed) {
                System.out.println("---- output of scalelab up --processes");
                lines.forEach(System.out::println);
            }
        } finally {
            try (var connection = DriverManager.getConnection(adminDbUrl);
                    var statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } finally {
                if (vhost != null) vhost.close();
            }
        }
    }

    @Test
    void everyRoleRunsAsAProcessAnswersAndStopsOnSigtermWithNothingLeft() throws Exception {
        int base = FreePorts.range(PORTS);
        Path logs = dir.resolve("logs");
        var pb = LauncherIT.launcher(
                        "up",
                        "--processes",
                        "--host",
                        "127.0.0.1",
                        "--base-port",
                        Integer.toString(base),
                        "--broker",
                        vhost.url(),
                        "--db",
                        databaseUrl(),
                        "--logs",
                        logs.toString(),
                        "--flashsale-workers",
                        "1",
                        "--mappers",
                        "1",
                        "--reducers",
                        "1",
                        "--java-opts",
                        CHILD_JAVA_OPTS)
                .redirectErrorStream(true);
        pb.environment().put("SCALELAB_JAVA_OPTS", "-XX:+UseSerialGC -Xmx96m -XX:TieredStopAtLevel=1");
        up = pb.start();
        Thread reader = LauncherIT.collectLines(up, lines);
        await().atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofMillis(200))
                .failFast("scalelab up ended: " + lines, () -> !up.isAlive())
                .until(() -> lines.stream().anyMatch(l -> l.startsWith("scalelab is up")));
        up.toHandle().children().forEach(children::add);
        assertThat(children).as("child processes").hasSize(12);
        assertThat(lines).anyMatch(l -> l.startsWith("scalelab is up: 12 processes (9 services, 3 workers)"));
        for (String role : List.of(
                "albums",
                "kv",
                "catalog",
                "product",
                "cart",
                "flashsale",
                "mapreduce",
                "search",
                "lb",
                "flashsale-worker-1",
                "mapper-1",
                "reducer-1")) {
            assertThat(lines).as(role).anyMatch(l -> l.matches(role + "\\s+\\d+\\s+http://127\\.0\\.0\\.1:\\d+.*"));
            assertThat(logs.resolve(role + ".log")).as(role).isNotEmptyFile();
        }

        var albums = http(base);
        assertThat(albums.get("/albums/1").body()).contains("Blue Train");
        var kv = http(base + 1);
        assertThat(kv.post("/post", "{\"key\":\"k\",\"value\":\"v\"}").statusCode())
                .isEqualTo(201);
        assertThat(kv.get("/get?key=k").body()).isEqualTo("{\"value\":\"v\"}");
        var catalog = http(base + 2);
        var stored = catalog.post(
                "/products/7/details",
                "{\"product_id\":7,\"sku\":\"SKU-7\",\"manufacturer\":\"Acme\",\"category_id\":1,\"weight\":100,"
                        + "\"some_other_id\":1}");
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(204);
        assertThat(catalog.get("/products/7").body()).contains("SKU-7");
        assertThat(catalog.get("/health").body()).contains("healthy");
        var product = http(base + 3);
        assertThat(product.get("/products/1").body()).contains("Laptop");
        var cart = http(base + 4);
        var added = cart.post("/fixed/cart/alice/add", "{\"product_id\":\"1\",\"quantity\":2}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);

        var flashsale = http(base + 5);
        var placed = flashsale.post(
                "/orders/async",
                "{\"customer_id\":42,\"items\":[{\"product_id\":\"product_12\",\"quantity\":2,\"price\":9.99}]}");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        String orderId = Json.read(placed.body(), JsonNode.class)
                .get("order")
                .get("order_id")
                .asText();
        await().atMost(Duration.ofSeconds(40)) // paid by the worker process: 3 s of payment
                .pollInterval(Duration.ofMillis(250))
                .until(() -> flashsale.get("/orders/" + orderId).body().contains("\"status\":\"completed\""));
        var workerHealth = http(base + ProcessPlan.FIRST_WORKER_OFFSET);
        assertThat(Json.read(workerHealth.get("/metrics").body(), JsonNode.class)
                        .get("worker_completed")
                        .asLong())
                .as("the order was paid by the worker process")
                .isEqualTo(1);

        var mapreduce = http(base + 6);
        var job = mapreduce.post("/jobs", Json.write(Map.of("text", "to be or not to be", "chunks", 2, "reducers", 1)));
        assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
        String jobId = Json.read(job.body(), JsonNode.class).get("job_id").asText();
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> mapreduce.get("/jobs/" + jobId).body().contains("\"status\":\"DONE\""));
        JsonNode counts = Json.read(mapreduce.get("/jobs/" + jobId + "/result").body(), JsonNode.class)
                .get("final_count");
        assertThat(counts.get("to").asInt()).isEqualTo(2);
        assertThat(counts.get("be").asInt()).isEqualTo(2);
        var search = http(base + 7);
        assertThat(search.get("/products/search?q=alpha").body()).contains("\"products\"");
        var lb = http(base + 8); // the balancer in front of search
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> lb.get("/products/search?q=alpha").statusCode() == 200);
        for (int i = 0; i < 3; i++) {
            int port = base + ProcessPlan.FIRST_WORKER_OFFSET + i;
            assertThat(http(port).get("/health").statusCode())
                    .as("worker health on " + port)
                    .isEqualTo(200);
        }

        // a child that dies is reported, with its exit code
        ProcessHandle kvChild = children.stream()
                .filter(c ->
                        c.info().arguments().map(a -> List.of(a).contains("kv")).orElse(false))
                .findFirst()
                .orElseThrow();
        kvChild.destroyForcibly();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lines.stream()
                        .anyMatch(l -> l.contains("kv (pid " + kvChild.pid() + ") exited with code 137")));

        up.toHandle().destroy(); // SIGTERM to the JVM (the launcher exec'd it)
        assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up stopped").isTrue();
        reader.join(5_000);
        for (ProcessHandle child : children) {
            assertThat(child.isAlive()).as("child " + child.pid() + " alive").isFalse();
        }
        assertThat(lines.stream().filter(l -> l.contains("stopped (exit 143)")).count())
                .as("children stopped gracefully by SIGTERM")
                .isEqualTo(11);
        for (int port = base; port < base + PORTS; port++) {
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port); // bindable: nobody holds it any more
            }
        }
        passed = true;
    }

    private static TestHttp http(int port) {
        return TestHttp.of(URI.create("http://127.0.0.1:" + port));
    }

    /** The throwaway database's URL: the admin URL with its database name replaced. */
    private String databaseUrl() {
        URI uri = URI.create(adminDbUrl.substring("jdbc:".length()));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "jdbc:postgresql://" + uri.getRawAuthority() + "/" + database + query;
    }
}
