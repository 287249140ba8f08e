package scalelab.resilience.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.testkit.TestHttp;

/**
 * What a hanging product service does to each variant's callers: the fixed cart answers within its time
 * limit, the vulnerable one keeps them waiting; and the bulkhead turns away what is beyond its limit at
 * once. The margins are wide (this machine is shared): they separate "answers in about 0.5 s" from
 * "still waiting after 2 s", not fine timings.
 */
class HangingDependencyTest {
    private static final Duration MARGIN = Duration.ofMillis(1500);
    private static final String ITEM = "{\"product_id\":\"1\",\"quantity\":1}";

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    private static HttpServer cart(java.net.URI productUrl, FixedConfig config) {
        return HttpServer.start(
                ServerConfig.loopback("cart").withShutdownGrace(Duration.ofSeconds(2)),
                CartApp.routes(productUrl, config, Variant.FIXED).toArray(Routes[]::new));
    }

    @Test
    void fixedAnswersWithinItsTimeoutWhileTheProductServiceHangsAndVulnerableKeepsWaiting() throws Exception {
        FixedConfig config = FixedConfig.defaults();
        try (var hanging = new HangingProductServer()) {
            HttpServer server = cart(hanging.uri(), config);
            try {
                var http = TestHttp.of(server.uri());

                long start = System.nanoTime();
                var fixed = http.post("/fixed/cart/ann/add", ITEM);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(fixed.statusCode()).isEqualTo(200);
                assertThat(json(fixed).get("cart_item").get("status").asText()).isEqualTo("price_pending");
                assertThat(took)
                        .isGreaterThanOrEqualTo(config.timeout())
                        .isLessThan(config.timeout().plus(MARGIN));

                CompletableFuture<HttpResponse<String>> vulnerable = java.net.http.HttpClient.newHttpClient()
                        .sendAsync(
                                http.request("/vulnerable/cart/ann/add")
                                        .header("Content-Type", "application/json")
                                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ITEM))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThatThrownBy(() ->
                                vulnerable.get(config.timeout().plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS))
                        .as("the vulnerable cart is still waiting")
                        .isInstanceOf(TimeoutException.class);
                vulnerable.cancel(true);
            } finally {
                hanging.close(); // frees the vulnerable cart's stuck request before the cart stops
                server.close();
            }
        }
    }

    @Test
    void aFiveLineFixedViewAnswersWithinOneTimeoutWhileTheProductServiceHangs() {
        FixedConfig config = FixedConfig.defaults();
        try (var fake = new FakeProductService()) {
            HttpServer server = cart(fake.uri(), config);
            try {
                var http = TestHttp.of(server.uri());
                for (String id : List.of("1", "2", "3", "4", "5")) {
                    var added = http.post("/fixed/cart/ann/add", "{\"product_id\":\"" + id + "\",\"quantity\":1}");
                    assertThat(added.statusCode()).isEqualTo(200);
                }
                fake.mode(FakeProductService.Mode.STALLED); // breaker CLOSED: each line would wait its timeout

                long start = System.nanoTime();
                var view = http.get("/fixed/cart/ann");
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(view.statusCode()).isEqualTo(200);
                assertThat(took)
                        .as("one deadline for the view, not one timeout per line")
                        .isLessThan(config.timeout().plus(Duration.ofSeconds(1)));
                JsonNode items = json(view).get("items");
                assertThat(items).hasSize(5);
                assertThat(items)
                        .as("each line from the cache")
                        .allSatisfy(item ->
                                assertThat(item.path("cached").asBoolean()).isTrue());
            } finally {
                server.close();
            }
        }
    }

    @Test
    void timeoutsOpenTheBreakerAndThenFixedNoLongerWaitsForTheProductService() throws Exception {
        FixedConfig config = FixedConfig.defaults().withTimeout(Duration.ofMillis(200));
        try (var hanging = new HangingProductServer()) {
            HttpServer server = cart(hanging.uri(), config);
            try {
                var http = TestHttp.of(server.uri());
                for (int i = 0; i < FixedConfig.DEFAULT_MINIMUM_CALLS; i++) {
                    assertThat(http.post("/fixed/cart/bea/add", ITEM).statusCode())
                            .isEqualTo(200);
                }
                JsonNode metrics = json(http.get("/fixed/metrics"));
                assertThat(metrics.get("circuit_breaker_state").asText()).isEqualTo("OPEN");
                assertThat(metrics.get("timeouts").asLong()).isEqualTo(FixedConfig.DEFAULT_MINIMUM_CALLS);
                int connections = hanging.connections();

                var answer = http.post("/fixed/cart/bea/add", ITEM);
                var view = http.get("/fixed/cart/bea");

                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(json(answer).get("circuit_breaker_state").asText()).isEqualTo("OPEN");
                assertThat(json(view).get("degraded_mode").asBoolean()).isTrue();
                assertThat(hanging.connections())
                        .as("no new call to the product service")
                        .isEqualTo(connections);
            } finally {
                server.close();
            }
        }
    }

    @Test
    void bulkheadTurnsAwayCallsBeyondItsLimitAtOnce() throws Exception {
        FixedConfig config =
                FixedConfig.defaults().withTimeout(Duration.ofSeconds(20)).withBulkhead(2, Duration.ZERO);
        try (var stalled = new FakeProductService()) {
            stalled.mode(FakeProductService.Mode.STALLED);
            HttpServer server = cart(stalled.uri(), config);
            try {
                var http = TestHttp.of(server.uri());
                List<CompletableFuture<HttpResponse<String>>> first = List.of(
                        CompletableFuture.supplyAsync(() -> http.post("/fixed/cart/u1/add", ITEM)),
                        CompletableFuture.supplyAsync(() -> http.post("/fixed/cart/u2/add", ITEM)));
                await().atMost(Duration.ofSeconds(10)).until(() -> stalled.requests() == 2);

                long start = System.nanoTime();
                var third = http.post("/fixed/cart/u3/add", ITEM);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(third.statusCode()).isEqualTo(200);
                assertThat(json(third).get("cart_item").get("status").asText()).isEqualTo("price_pending");
                assertThat(took).isLessThan(MARGIN);
                JsonNode metrics = json(http.get("/fixed/metrics"));
                assertThat(metrics.get("bulkhead_rejected").asLong()).isEqualTo(1);
                assertThat(metrics.get("bulkhead_available").asInt()).isZero();
                assertThat(metrics.get("circuit_breaker_state").asText())
                        .as("a full bulkhead is not the product service's failure")
                        .isEqualTo("CLOSED");
                assertThat(stalled.requests())
                        .as("the third never reached the product service")
                        .isEqualTo(2);

                stalled.release();
                for (var call : first) {
                    HttpResponse<String> answer = call.get(10, TimeUnit.SECONDS);
                    assertThat(answer.statusCode()).isEqualTo(200);
                    assertThat(json(answer).get("cart_item").get("name").asText())
                            .isEqualTo("Laptop");
                }
            } finally {
                server.close();
            }
        }
    }
}
