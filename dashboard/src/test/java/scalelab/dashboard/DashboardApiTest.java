package scalelab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.core.faults.FaultRoutes;
import scalelab.core.faults.Faults;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.testkit.TestHttp;

/**
 * The dashboard's JSON API over two small real services: one with core's failure injection, one that shows a
 * breaker state in its /metrics; experiments are a shell script standing in for {@code scalelab experiment}.
 */
class DashboardApiTest {
    /** {@code sh -c SCRIPT sh experiment NAME [--quick] --out DIR}: "slow" waits to be stopped, others write a report. */
    private static final String FAKE_EXPERIMENT = """
            name="$2"; for last; do :; done
            case "$name" in
              slow) echo "slow: started"; exec sleep 120 ;;
              *) echo "progress: $name $3"; echo "arguments: $*"; mkdir -p "$last"; echo '<html>report</html>' > "$last/index.html"; echo done ;;
            esac
            """;

    @TempDir
    Path dir;

    private final Faults faults = new Faults();
    private final AtomicReference<String> breaker = new AtomicReference<>("CLOSED");
    private HttpServer product;
    private HttpServer cart;
    private Dashboard dashboard;
    private TestHttp http;
    private Path reports;

    @BeforeEach
    void start() throws IOException {
        product = HttpServer.start(
                ServerConfig.loopback("product"), faults.inject(new Hello()), new FaultRoutes(faults, null));
        cart = HttpServer.start(ServerConfig.loopback("cart"), new Breaker(breaker));
        reports = Files.createDirectories(dir.resolve("reports"));
        var config = new DashboardConfig(
                List.of(ServiceTarget.of("product", product.uri()), ServiceTarget.of("cart", cart.uri())),
                reports,
                List.of("sh", "-c", FAKE_EXPERIMENT, "sh"),
                List.of("fast", "slow"),
                Duration.ofHours(1), // the tests poll with pollNow()
                Duration.ofMinutes(1));
        dashboard = Dashboard.start(config, ServerConfig.loopback("dashboard"));
        http = TestHttp.of(dashboard.server().uri());
    }

    @AfterEach
    void stop() {
        dashboard.close();
        product.close();
        cart.close();
    }

    /** A route to call. */
    static final class Hello implements Routes {
        @Override
        public void register(Router router) {
            router.get("/hello", ex -> ex.json(200, Map.of("hello", "world")));
        }
    }

    /** A service whose /metrics shows a circuit breaker state. */
    record Breaker(AtomicReference<String> state) implements Routes {
        @Override
        public void register(Router router) {}

        @Override
        public void describeMetrics(Map<String, Object> metrics) {
            metrics.put("circuit_breaker_state", state.get());
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json(response).get("error").asText()).isEqualTo(code);
        assertThat(json(response).has("message")).isTrue();
    }

    private JsonNode service(String name, String path) {
        for (JsonNode service : json(http.get(path)).get("services")) {
            if (service.get("name").asText().equals(name)) {
                return service;
            }
        }
        throw new AssertionError(name + " not in " + path);
    }

    @Test
    void servicesListEveryServiceWithItsUrlAndHealth() throws Exception {
        dashboard.pollNow();
        JsonNode productRow = service("product", "/api/services");
        assertThat(productRow.get("url").asText()).isEqualTo(product.uri().toString());
        assertThat(productRow.get("health").asText()).isEqualTo("healthy");
        assertThat(productRow.get("faults").asBoolean()).isTrue();
        assertThat(service("cart", "/api/services").get("faults").asBoolean()).isFalse();

        product.close();
        dashboard.pollNow();
        assertThat(service("product", "/api/services").get("health").asText()).isIn("unreachable", "unhealthy");
    }

    @Test
    void metricsGiveRequestRateLatencyAndErrorRateLeavingOutTheDashboardsOwnPolling() throws Exception {
        var client = TestHttp.of(product.uri());
        dashboard.pollNow();
        dashboard.pollNow(); // polling alone: no traffic
        JsonNode idle = service("product", "/api/metrics").get("latest");
        assertThat(idle.get("rps").asDouble()).isZero();

        for (int i = 0; i < 4; i++) {
            assertThat(client.get("/hello").statusCode()).isEqualTo(200);
        }
        faults.setFailureMode(true);
        for (int i = 0; i < 4; i++) {
            assertThat(client.get("/hello").statusCode()).isEqualTo(503);
        }
        dashboard.pollNow();
        JsonNode product = service("product", "/api/metrics");
        JsonNode latest = product.get("latest");
        assertThat(latest.get("rps").asDouble()).isPositive();
        assertThat(latest.get("error_percent").asDouble()).isEqualTo(50.0);
        assertThat(latest.get("p50_ms").asDouble()).isPositive();
        assertThat(latest.get("figures").get("latency_ms").asDouble()).isZero();
        assertThat(product.get("states").get("failure_mode").asText()).isEqualTo("true");
        assertThat(product.get("samples").size()).isGreaterThanOrEqualTo(3); // and the ticker's first

        long last = latest.get("t").asLong();
        assertThat(service("product", "/api/metrics?since=" + last).get("samples"))
                .isEmpty();
        assertThat(service("cart", "/api/metrics")
                        .get("states")
                        .get("circuit_breaker_state")
                        .asText())
                .isEqualTo("CLOSED");
    }

    @Test
    void faultButtonsTurnTheServicesSwitch() throws Exception {
        dashboard.pollNow();
        var on = http.post("/api/services/product/faults", "{\"action\":\"fail_on\"}");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(faults.failureMode()).isTrue();
        dashboard.pollNow();
        assertThat(service("product", "/api/services").get("health").asText()).isEqualTo("unhealthy");

        assertThat(http.post("/api/services/product/faults", "{\"action\":\"latency\",\"latency_ms\":250}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(faults.latencyMillis()).isEqualTo(250);
        assertThat(http.post("/api/services/product/faults", "{\"action\":\"fail_off\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(faults.failureMode()).isFalse();
        assertThat(http.post("/api/services/product/faults", "{\"action\":\"reset\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(faults.latencyMillis()).isZero();
    }

    @Test
    void badFaultRequestsAre4xxWithTheErrorBody() throws Exception {
        dashboard.pollNow();
        assertError(http.post("/api/services/product/faults", "{\"action\":\"explode\"}"), 400, "INVALID_FAULT");
        assertError(http.post("/api/services/product/faults", "{\"action\":\"latency\"}"), 400, "INVALID_FAULT");
        assertError(
                http.post("/api/services/product/faults", "{\"action\":\"latency\",\"latency_ms\":-5}"),
                400,
                "INVALID_FAULT");
        assertError(
                http.post("/api/services/product/faults", "{\"action\":\"latency\",\"latency_ms\":\"5\"}"),
                400,
                "INVALID_FAULT");
        assertError(http.post("/api/services/product/faults", "[1]"), 400, "INVALID_FAULT");
        assertThat(http.post("/api/services/product/faults", "{not json").statusCode())
                .isEqualTo(400);
        assertThat(http.send("POST", "/api/services/product/faults", "text/plain", "x".getBytes())
                        .statusCode())
                .isEqualTo(415);
        assertError(http.post("/api/services/nobody/faults", "{\"action\":\"fail_on\"}"), 404, "SERVICE_NOT_FOUND");
        assertError(http.post("/api/services/cart/faults", "{\"action\":\"fail_on\"}"), 409, "FAULTS_NOT_SUPPORTED");
        assertError(http.post("/api/services/cart/traffic", "{\"requests\":0}"), 400, "INVALID_TRAFFIC");
        assertError(http.post("/api/services/product/traffic", "{\"requests\":5}"), 409, "TRAFFIC_NOT_SUPPORTED");
        assertError(http.get("/api/metrics?since=yesterday"), 400, "INVALID_SINCE");
        assertThat(faults.failureMode()).isFalse();
    }

    @Test
    void anExperimentNotInTheListIs400() {
        assertError(http.post("/api/experiments", "{\"name\":\"rm -rf /\"}"), 400, "UNKNOWN_EXPERIMENT");
        assertError(http.post("/api/experiments", "{\"name\":\"../fast\",\"quick\":true}"), 400, "UNKNOWN_EXPERIMENT");
        assertError(http.post("/api/experiments", "{\"quick\":true}"), 400, "INVALID_EXPERIMENT");
        assertError(http.post("/api/experiments", "{\"name\":\"fast\",\"quick\":\"yes\"}"), 400, "INVALID_EXPERIMENT");
        assertError(http.get("/api/experiments/exp-404"), 404, "EXPERIMENT_NOT_FOUND");
        assertThat(json(http.get("/api/experiments")).get("names").toString()).isEqualTo("[\"fast\",\"slow\"]");
    }

    @Test
    void optionsArePassedAsSeparateArgumentsBeforeTheDashboardsOut() {
        var started = http.post(
                "/api/experiments",
                "{\"name\":\"fast\",\"quick\":true,\"options\":[\"--size\",\"10MB\",\"--seed=7\"]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(json(started).get("options").toString()).isEqualTo("[\"--size\",\"10MB\",\"--seed=7\"]");
        String id = json(started).get("id").asText();
        JsonNode run = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> json(http.get("/api/experiments/" + id)),
                        r -> !r.get("status").asText().equals("running"));
        assertThat(run.get("lines").toString())
                .containsPattern("arguments: experiment fast --quick --size 10MB --seed=7 --out /\\S+");
    }

    @Test
    void optionsThatAreNotPlainWordsOrChooseTheOutputAre400AndStartNothing() {
        for (String options : new String[] {
            "\"--size\"", // not a list
            "[1]",
            "[\"--size 10MB\"]", // a space: two words in one
            "[\"$(reboot)\"]",
            "[\"--out\", \"/tmp/x\"]",
            "[\"--out=/tmp/x\"]",
            "[\"" + "x".repeat(101) + "\"]",
            "[" + String.join(",", java.util.Collections.nCopies(17, "\"-v\"")) + "]",
        }) {
            assertError(
                    http.post("/api/experiments", "{\"name\":\"fast\",\"options\":" + options + "}"),
                    400,
                    "INVALID_EXPERIMENT");
        }
        assertThat(json(http.get("/api/experiments")).get("runs")).isEmpty();
    }

    @Test
    void onlyOneExperimentRunsAtATime() {
        var slow = http.post("/api/experiments", "{\"name\":\"slow\",\"quick\":true}");
        assertThat(slow.statusCode()).as(slow.body()).isEqualTo(202);
        String id = json(slow).get("id").asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> json(http.get("/api/experiments/" + id))
                                .get("lines")
                                .toString(),
                        l -> l.contains("slow: started"));

        assertError(http.post("/api/experiments", "{\"name\":\"fast\"}"), 409, "EXPERIMENT_RUNNING");

        assertThat(http.post("/api/experiments/" + id + "/stop", "{}").statusCode())
                .isEqualTo(200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> json(http.get("/api/experiments/" + id))
                                .get("status")
                                .asText(),
                        "stopped"::equals);
        assertError(http.post("/api/experiments/" + id + "/stop", "{}"), 409, "NOT_RUNNING");
        assertThat(http.post("/api/experiments", "{\"name\":\"fast\"}").statusCode())
                .isEqualTo(202);
    }

    @Test
    void aFinishedExperimentLinksToItsReportWhichTheDashboardServes() {
        var started = http.post("/api/experiments", "{\"name\":\"fast\",\"quick\":true}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = json(started).get("id").asText();
        JsonNode run = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> json(http.get("/api/experiments/" + id)),
                        r -> !r.get("status").asText().equals("running"));
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("exit_code").asInt()).isZero();
        assertThat(run.get("lines").toString()).contains("progress: fast --quick");
        String report = run.get("report").asText();
        assertThat(report).matches("/reports/fast-\\d{8}-\\d{6}(-\\d+)?/index\\.html");

        var page = http.get(report);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<html>report</html>");
        assertThat(json(http.get("/api/reports"))
                        .get("reports")
                        .get(0)
                        .get("url")
                        .asText())
                .isEqualTo(report);
        // lines are paged: from the next line on there is nothing new
        long next = run.get("next_line").asLong();
        assertThat(json(http.get("/api/experiments/" + id + "?from=" + next)).get("lines"))
                .isEmpty();
    }

    @Test
    void reportPathsCannotLeaveTheReportsFolder() throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "top secret", StandardCharsets.UTF_8);
        Path report = Files.createDirectories(reports.resolve("ok-1"));
        Files.writeString(report.resolve("index.html"), "<html>fine</html>", StandardCharsets.UTF_8);
        Files.writeString(report.resolve(".hidden.txt"), "HIDDEN-CONTENT", StandardCharsets.UTF_8);
        Files.createSymbolicLink(report.resolve("link.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(reports.resolve("out"), dir);

        assertThat(http.get("/reports/ok-1/index.html").body()).isEqualTo("<html>fine</html>");
        for (String path : List.of(
                "/reports/%2e%2e/secret.txt",
                "/reports/ok-1/%2e%2e/%2e%2e/secret.txt",
                "/reports/..%2Fsecret.txt",
                "/reports/ok-1/%2E%2E%2F%2E%2E%2Fsecret.txt",
                "/reports/ok-1/.hidden.txt",
                "/reports/ok-1/link.txt",
                "/reports/out/secret.txt",
                "/reports/ok-1/index.html%00.txt",
                "/reports//etc/passwd")) {
            var answer = http.send(
                    HttpRequest.newBuilder(URI.create(dashboard.server().uri() + path))
                            .GET()
                            .build());
            assertThat(answer.statusCode()).as(path).isIn(400, 404);
            assertThat(answer.body())
                    .as(path)
                    .doesNotContain("top secret", "HIDDEN-CONTENT")
                    .contains("\"error\"");
        }
        assertError(http.get("/reports/ok-1/missing.html"), 404, "REPORT_FILE_NOT_FOUND");
        assertError(http.get("/reports/ok-1/.hidden.txt"), 400, "INVALID_PATH");
    }

    @Test
    void thePageAndItsAssetsComeFromTheJar() {
        var page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("scalelab dashboard", "/assets/uPlot.iife.min.js")
                .doesNotContain("https://");
        assertThat(http.get("/assets/uPlot.iife.min.js").body()).contains("uPlot");
        assertThat(http.get("/assets/dashboard.js").statusCode()).isEqualTo(200);
        assertError(http.get("/assets/../pom.xml"), 404, "NOT_FOUND");
        assertError(http.get("/assets/secret.js"), 404, "NOT_FOUND");
    }
}
