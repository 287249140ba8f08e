package scalelab.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.core.json.Json;
import scalelab.testkit.TestHttp;

class HttpServerTest {
    record Greeting(String name, int times) {}

    /** A feature with one route of each kind the error mapper must handle. */
    static final class TestRoutes implements Routes {
        final AtomicReference<Health> health = new AtomicReference<>(Health.healthy(Map.of("widgets", 3)));
        final CountDownLatch slowStarted = new CountDownLatch(1);
        final CountDownLatch slowRelease = new CountDownLatch(1);

        @Override
        public void register(Router router) {
            router.post("/greet", ex -> {
                        Greeting g = ex.body(Greeting.class);
                        ex.json(201, Map.of("hello", g.name(), "times", g.times()));
                    })
                    .get(
                            "/query",
                            ex -> ex.json(200, Map.of("first", ex.query("q").orElse("-"), "all", ex.queryAll("q"))))
                    .get("/refuse", ex -> {
                        throw new ApiException(409, "TAKEN", "already taken", "id 7");
                    })
                    .get("/boom", ex -> {
                        throw new IllegalStateException("secret internal detail");
                    })
                    .get("/interrupted", ex -> {
                        throw new InterruptedException("stopping");
                    })
                    .get(
                            "/stream-fails-early",
                            ex -> ex.stream(200, "application/json", out -> {
                                out.write("[1,2,".getBytes());
                                throw new IllegalStateException("store went away");
                            }))
                    .get(
                            "/stream-fails-late",
                            ex -> ex.stream(200, "application/json", out -> {
                                out.write(new byte[200_000]);
                                throw new IllegalStateException("store went away");
                            }))
                    .get("/slow", ex -> {
                        slowStarted.countDown();
                        slowRelease.await(10, TimeUnit.SECONDS);
                        ex.json(200, Map.of("done", true));
                    });
        }

        @Override
        public Health health() {
            return health.get();
        }
    }

    private final TestRoutes routes = new TestRoutes();
    private final HttpServer server =
            HttpServer.start(ServerConfig.loopback("test").withMaxBodyBytes(1_000), routes);
    private final TestHttp http = TestHttp.of(server.uri());

    @AfterEach
    void stop() {
        routes.slowRelease.countDown();
        server.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    @Test
    void queryParametersAreDecodedAndEveryValueOfARepeatedOneIsSeen() {
        JsonNode repeated = json(http.get("/query?q=a%20b&q=%2B1"));
        assertThat(repeated.get("first").asText()).isEqualTo("a b");
        assertThat(repeated.get("all").toString()).isEqualTo("[\"a b\",\"+1\"]");
        JsonNode absent = json(http.get("/query"));
        assertThat(absent.get("first").asText()).isEqualTo("-");
        assertThat(absent.get("all").toString()).isEqualTo("[]");
    }

    @Test
    void validJsonBodyIsBoundAndAnswered() {
        var response = http.post("/greet", "{\"name\":\"ada\",\"times\":2}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response).get("hello").asText()).isEqualTo("ada");
    }

    @Test
    void apiExceptionAnswersItsStatusWithErrorBody() {
        var response = http.get("/refuse");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(Json.read(response.body(), ErrorBody.class))
                .isEqualTo(new ErrorBody("TAKEN", "already taken", "id 7"));
    }

    @Test
    void aHandlerInterruptedWhileStoppingAnswers503ShuttingDownNot500() {
        var response = http.get("/interrupted");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Json.read(response.body(), ErrorBody.class).error()).isEqualTo("SHUTTING_DOWN");
    }

    @Test
    void unexpectedFailureAnswers500WithoutInternals() {
        var response = http.get("/boom");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(Json.read(response.body(), ErrorBody.class))
                .isEqualTo(new ErrorBody("INTERNAL", "internal error", null));
        assertThat(response.body()).doesNotContain("secret", "Exception", "at scalelab");
    }

    @Test
    void malformedJsonAnswers400() {
        var response = http.post("/greet", "{\"name\":");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void contentAfterTheJsonValueOrADuplicateKeyAnswers400MalformedJson() {
        for (String body : new String[] {
            "{\"name\":\"ada\",\"times\":2}xyz",
            "{\"name\":\"ada\",\"times\":2}{}",
            "{\"name\":\"ada\",\"times\":2} 5",
            "{\"name\":\"ada\",\"times\":2,\"name\":\"bob\"}"
        }) {
            var response = http.post("/greet", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).get("error").asText()).as(body).isEqualTo("MALFORMED_JSON");
        }
    }

    @Test
    void aUriTooLongForTheServerAnswersTheJsonErrorBody() {
        var response = http.get("/greet/" + "x".repeat(20_000));
        assertThat(response.statusCode()).isEqualTo(414);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Json.read(response.body(), ErrorBody.class).error()).isEqualTo("URI_TOO_LONG");
    }

    @Test
    void wrongFieldTypeAnswers400NamingTheField() {
        var response = http.post("/greet", "{\"name\":\"ada\",\"times\":\"often\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("INVALID_FIELD");
        assertThat(json(response).get("details").asText()).isEqualTo("times must be a JSON number");
    }

    @Test
    void emptyBodyAnswers400() {
        var response = http.post("/greet", "");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("MISSING_BODY");
    }

    @Test
    void nonJsonContentTypeAnswers415() {
        var response = http.send("POST", "/greet", "text/plain", "{\"name\":\"ada\"}".getBytes());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("error").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void jsonWithCharsetAndNoContentTypeAreAccepted() {
        assertThat(http.send(
                                "POST",
                                "/greet",
                                "application/json; charset=utf-8",
                                "{\"name\":\"a\",\"times\":1}".getBytes())
                        .statusCode())
                .isEqualTo(201);
        assertThat(http.send("POST", "/greet", null, "{\"name\":\"a\",\"times\":1}".getBytes())
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void bodyOverTheLimitAnswers413() {
        String big = "{\"name\":\"" + "x".repeat(2_000) + "\"}";
        var response = http.post("/greet", big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void chunkedBodyOverTheLimitAnswers413() {
        String big = "{\"name\":\"" + "x".repeat(2_000) + "\"}";
        var request = http.request("/greet")
                .header("Content-Type", "application/json")
                // a publisher of unknown length makes the JDK client send the body chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();
        var response = http.send(request);
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void unknownRouteAnswers404WithErrorBody() {
        var response = http.get("/nowhere");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void healthMergesFeatureDetailsAndTurns503WhenAFeatureIsUnhealthy() {
        var healthy = http.get("/health");
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(json(healthy).get("status").asText()).isEqualTo("healthy");
        assertThat(json(healthy).get("widgets").asInt()).isEqualTo(3);

        routes.health.set(Health.unhealthy("disk on fire"));
        var unhealthy = http.get("/health");
        assertThat(unhealthy.statusCode()).isEqualTo(503);
        assertThat(json(unhealthy).get("status").asText()).isEqualTo("unhealthy");
    }

    @Test
    void metricsCountRequestsPerRoute() {
        http.post("/greet", "{\"name\":\"a\",\"times\":1}");
        http.post("/greet", "{\"name\":\"b\",\"times\":1}");
        http.get("/boom");
        JsonNode metrics = json(http.get("/metrics"));
        assertThat(metrics.get("service").asText()).isEqualTo("test");
        JsonNode greet = null;
        JsonNode boom = null;
        for (JsonNode route : metrics.get("routes")) {
            if (route.get("route").asText().equals("POST /greet")) greet = route;
            if (route.get("route").asText().equals("GET /boom")) boom = route;
        }
        assertThat(greet).isNotNull();
        assertThat(greet.get("count").asLong()).isEqualTo(2);
        assertThat(boom.get("server_errors").asLong()).isEqualTo(1);
    }

    @Test
    void metricsGiveLatencyPercentilesOfTheServiceRoutesOnly() {
        JsonNode idle = json(http.get("/metrics")).get("response_time_ms");
        assertThat(idle.get("p50").asDouble()).isZero(); // core's own routes are left out
        assertThat(idle.get("window_seconds").asLong()).isEqualTo(HttpServer.LATENCY_WINDOW.toSeconds());

        http.post("/greet", "{\"name\":\"a\",\"times\":1}");
        JsonNode latency = json(http.get("/metrics")).get("response_time_ms");
        assertThat(latency.get("p50").asDouble()).isPositive();
        assertThat(latency.get("p99").asDouble())
                .isGreaterThanOrEqualTo(latency.get("p50").asDouble());
    }

    @Test
    void prometheusExposesPerRouteTimers() {
        http.post("/greet", "{\"name\":\"a\",\"times\":1}");
        var response = http.get("/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(response.body())
                .contains(
                        "http_server_requests_seconds_count{method=\"POST\",route=\"/greet\",service=\"test\",status=\"201\"} 1")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void closeLetsInFlightRequestsFinishAndRefusesNewOnes() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> http.get("/slow"));
        assertThat(routes.slowStarted.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        // while draining, a new request is refused with 503
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(http.get("/health").statusCode()).isEqualTo(503);
        });
        assertThat(closing).isNotDone();

        routes.slowRelease.countDown();
        assertThat(slow.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        closing.get(5, TimeUnit.SECONDS);
    }

    @Test
    void startOnAPortInUseFailsWithAClearMessage() {
        var taken = ServerConfig.loopback("second").withShutdownGrace(Duration.ZERO);
        var onTakenPort = new ServerConfig(taken.name(), "127.0.0.1", server.port(), 1_000, Duration.ZERO);
        Assertions.assertThatThrownBy(() -> HttpServer.start(onTakenPort))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("second cannot listen on 127.0.0.1:" + server.port() + ": Address already in use");
    }

    @Test
    void aStreamThatFailsBeforeAnythingIsSentAnswersAnError() {
        var response = http.get("/stream-fails-early");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(Json.read(response.body(), ErrorBody.class).error()).isEqualTo("INTERNAL");
    }

    @Test
    void aStreamThatFailsHalfWayCutsTheConnectionInsteadOfEndingCleanly() {
        Assertions.assertThatThrownBy(() -> http.get("/stream-fails-late")).isInstanceOf(UncheckedIOException.class);
        assertThat(http.get("/health").statusCode()).isEqualTo(200); // the server itself is fine
    }
}
