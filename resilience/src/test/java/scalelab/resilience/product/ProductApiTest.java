package scalelab.resilience.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.testkit.TestHttp;

/** Every row of API.md's product-service table, over HTTP. */
class ProductApiTest {
    private static final String TOKEN = "admin-token-123";

    private HttpServer server = start(TOKEN);
    private TestHttp http = TestHttp.of(server.uri());

    private static HttpServer start(String token) {
        return HttpServer.start(
                ServerConfig.loopback("product"), ProductApp.routes(token).toArray(Routes[]::new));
    }

    @AfterEach
    void stop() {
        admin("/reset"); // releases any request still waiting out a latency
        server.close();
    }

    private HttpResponse<String> admin(String path, String header, String value) {
        var request = http.request(path).POST(HttpRequest.BodyPublishers.noBody());
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build());
    }

    private HttpResponse<String> admin(String path) {
        return admin(path, "X-Admin-Token", TOKEN);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void aKnownProductAnswers200WithItsFields() {
        var response = http.get("/products/1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"id\":\"1\",\"name\":\"Laptop\",\"price\":999.99,\"stock\":10}");
    }

    @Test
    void theListHoldsTheFiveSeedProductsInIdOrder() {
        var response = http.get("/products");
        assertThat(response.statusCode()).isEqualTo(200);
        var products = json(response);
        assertThat(products.size()).isEqualTo(5);
        assertThat(products.findValuesAsText("name"))
                .containsExactly("Laptop", "Mouse", "Keyboard", "Monitor", "Headphones");
        assertThat(products.get(4).toString())
                .isEqualTo("{\"id\":\"5\",\"name\":\"Headphones\",\"price\":149.99,\"stock\":30}");
        assertThat(products.get(1).get("price").decimalValue()).isEqualByComparingTo("29.99");
        assertThat(products.get(2).get("stock").asInt()).isEqualTo(50);
    }

    @Test
    void anyUnknownIdAnswers404ProductNotFoundNever500() {
        for (String id : List.of("6", "0", "-1", "abc", "1.0", "01", "%20", "999999999999999999999", "%27%3B--")) {
            var response = http.get("/products/" + id);
            assertThat(response.statusCode()).as(id).isEqualTo(404);
            assertThat(json(response).get("error").asText()).as(id).isEqualTo("PRODUCT_NOT_FOUND");
            assertThat(json(response).get("message").asText()).isEqualTo("product not found");
        }
    }

    @Test
    void failureModeAnswers503OnTheProductsAndTheHealthUntilTurnedOff() {
        var on = admin("/fail/on");
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(json(on).get("failure_mode").asBoolean()).isTrue();
        for (String path : List.of("/products/1", "/products", "/products/999")) {
            var response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(json(response).get("error").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        }
        assertThat(http.get("/health").statusCode()).isEqualTo(503);

        assertThat(admin("/fail/off").statusCode()).isEqualTo(200);
        assertThat(http.get("/products/1").statusCode()).isEqualTo(200);
        assertThat(json(http.get("/health")).get("status").asText()).isEqualTo("healthy");
    }

    @Test
    void crashAndRecoverAreAliasesOfFailOnAndOff() {
        assertThat(admin("/crash").statusCode()).isEqualTo(200);
        assertThat(http.get("/products/2").statusCode()).isEqualTo(503);
        assertThat(http.get("/health").statusCode()).isEqualTo(503);
        var recover = admin("/recover");
        assertThat(recover.statusCode()).isEqualTo(200);
        assertThat(json(recover).get("failure_mode").asBoolean()).isFalse();
        assertThat(http.get("/products/2").statusCode()).isEqualTo(200);
    }

    @Test
    void injectedLatencyDelaysEveryProductAnswerFailuresIncluded() {
        var set = admin("/latency?ms=200");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(json(set).get("latency_ms").asLong()).isEqualTo(200);
        for (String path : List.of("/products/1", "/products", "/products/nope")) {
            long start = System.nanoTime();
            http.get(path);
            assertThat(millisSince(start)).as(path).isGreaterThanOrEqualTo(200);
        }
        admin("/fail/on");
        long start = System.nanoTime();
        assertThat(http.get("/products/1").statusCode()).isEqualTo(503);
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(200);
    }

    @Test
    void healthMetricsAndAdminAreNotDelayedSoTheOperatorCanAlwaysHeal() throws Exception {
        assertThat(admin("/latency?ms=60000").statusCode()).isEqualTo(200);
        var waiting = CompletableFuture.supplyAsync(() -> http.get("/products/3"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (json(http.get("/metrics")).get("requests").asLong() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the product request is in, waiting out its minute
        }
        assertThat(waiting).isNotDone();
        long start = System.nanoTime(); // each of these would time out (10 s) if it waited the minute
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
        assertThat(http.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(admin("/latency?ms=0").statusCode()).isEqualTo(200);
        assertThat(millisSince(start)).isLessThan(5_000);
        // the request that was waiting out the minute is released by the lower latency
        assertThat(waiting.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void latencyOutsideTheRangeOrNotANumberAnswers400() {
        for (String path : List.of("/latency", "/latency?ms=-1", "/latency?ms=60001", "/latency?ms=fast")) {
            var response = admin(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isEqualTo("INVALID_LATENCY");
        }
        assertThat(json(http.get("/metrics")).get("latency_ms").asLong()).isZero();
    }

    @Test
    void metricsCountRequestsSuccessesAndFailures() {
        http.get("/products/1");
        http.get("/products");
        http.get("/products/42"); // a 404 is the service working: a success
        admin("/fail/on");
        http.get("/products/1");
        admin("/latency?ms=7");
        var metrics = json(http.get("/metrics"));
        assertThat(metrics.get("requests").asLong()).isEqualTo(4);
        assertThat(metrics.get("successes").asLong()).isEqualTo(3);
        assertThat(metrics.get("failures").asLong()).isEqualTo(1);
        assertThat(metrics.get("failure_mode").asBoolean()).isTrue();
        assertThat(metrics.get("latency_ms").asLong()).isEqualTo(7);
    }

    @Test
    void resetTurnsFailureOffLatencyToZeroAndCountersToZero() {
        http.get("/products/1");
        admin("/fail/on");
        admin("/latency?ms=300");
        var reset = admin("/reset");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(json(reset).get("failure_mode").asBoolean()).isFalse();
        assertThat(json(reset).get("latency_ms").asLong()).isZero();
        var metrics = json(http.get("/metrics"));
        assertThat(List.of("requests", "successes", "failures", "latency_ms"))
                .allSatisfy(key -> assertThat(metrics.get(key).asLong()).as(key).isZero());
        assertThat(metrics.get("failure_mode").asBoolean()).isFalse();
        long start = System.nanoTime();
        assertThat(http.get("/products/1").statusCode()).isEqualTo(200);
        assertThat(millisSince(start)).isLessThan(300);
    }

    @Test
    void adminEndpointsRefuseAMissingTokenWith401AndAWrongOneWith403() {
        for (String path : List.of("/fail/on", "/fail/off", "/crash", "/recover", "/latency?ms=100", "/reset")) {
            var missing = admin(path, null, null);
            assertThat(missing.statusCode()).as(path).isEqualTo(401);
            assertThat(json(missing).get("error").asText()).isEqualTo("UNAUTHORIZED");
            var wrong = admin(path, "X-Admin-Token", "guess");
            assertThat(wrong.statusCode()).as(path).isEqualTo(403);
            assertThat(json(wrong).get("error").asText()).isEqualTo("FORBIDDEN");
        }
        var metrics = json(http.get("/metrics"));
        assertThat(metrics.get("failure_mode").asBoolean()).isFalse();
        assertThat(metrics.get("latency_ms").asLong()).isZero();
        assertThat(admin("/fail/on", "Authorization", "Bearer " + TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(http.get("/products/1").statusCode()).isEqualTo(503);
    }

    @Test
    void withoutATokenTheAdminEndpointsAreOpen() {
        server.close();
        server = start(null);
        http = TestHttp.of(server.uri());
        assertThat(admin("/fail/on", null, null).statusCode()).isEqualTo(200);
        assertThat(http.get("/products/1").statusCode()).isEqualTo(503);
    }

    @Test
    void adminEndpointsAnswerPostOnly() {
        var get = http.get("/fail/on");
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(json(http.get("/metrics")).get("failure_mode").asBoolean()).isFalse();
    }
}
