package scalelab.resilience.cart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.resilience.cart.FakeProductService.Mode;
import scalelab.testkit.TestHttp;

/** The cart rows of API.md over HTTP, both variants, against a product service the test switches. */
class CartApiTest {
    private final FakeProductService products = new FakeProductService();
    private final MutableClock clock = new MutableClock();
    private final HttpServer server = HttpServer.start(
            ServerConfig.loopback("cart"),
            CartApp.routes(products.uri(), FixedConfig.defaults(), Variant.FIXED, clock)
                    .toArray(Routes[]::new));
    private final TestHttp http = TestHttp.of(server.uri());

    @AfterEach
    void stop() {
        server.close();
        products.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    private HttpResponse<String> add(String prefix, String user, String productId, int quantity) {
        return http.post(
                prefix + "/cart/" + user + "/add",
                "{\"product_id\":\"" + productId + "\",\"quantity\":" + quantity + "}");
    }

    @Test
    void addAnswersTheItemAndTheBreakerStateAndViewTotalsTheCart() {
        var added = add("/fixed", "alice", "1", 2);
        assertThat(added.statusCode()).isEqualTo(200);
        JsonNode body = json(added);
        assertThat(body.get("message").asText()).isEqualTo("Item added to cart");
        assertThat(body.get("circuit_breaker_state").asText()).isEqualTo("CLOSED");
        assertThat(body.get("cart_item").toString())
                .isEqualTo("{\"product_id\":\"1\",\"name\":\"Laptop\",\"price\":999.99,\"quantity\":2}");
        add("/fixed", "alice", "2", 1);
        add("/fixed", "alice", "1", 1);

        var view = http.get("/fixed/cart/alice");

        assertThat(view.statusCode()).isEqualTo(200);
        JsonNode cart = json(view);
        assertThat(cart.get("user_id").asText()).isEqualTo("alice");
        assertThat(cart.get("items")).hasSize(2);
        assertThat(cart.get("items").get(0).get("quantity").asInt())
                .as("adds merge per product")
                .isEqualTo(3);
        assertThat(cart.get("total_price").decimalValue()).isEqualByComparingTo("3029.96");
        assertThat(cart.get("degraded_mode").asBoolean()).isFalse();
    }

    @Test
    void deleteEmptiesTheCart() {
        add("/vulnerable", "bob", "1", 1);
        assertThat(http.delete("/vulnerable/cart/bob").statusCode()).isEqualTo(200);
        JsonNode cart = json(http.get("/vulnerable/cart/bob"));
        assertThat(cart.get("items")).isEmpty();
        assertThat(cart.get("total_price").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void variantsKeepTheirOwnCartsAndTheUnprefixedPathsAreTheStartedVariant() {
        add("", "carol", "3", 1);
        assertThat(json(http.get("/fixed/cart/carol")).get("items")).hasSize(1);
        assertThat(json(http.get("/vulnerable/cart/carol")).get("items")).isEmpty();
    }

    @Test
    void quantityAboveTheStockIs400InsufficientStockOnBothVariants() {
        for (String prefix : List.of("/fixed", "/vulnerable")) {
            var response = add(prefix, "dave", "1", 11);
            assertThat(response.statusCode()).as(prefix).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isEqualTo("INSUFFICIENT_STOCK");
        }
        assertThat(add("/fixed", "dave", "1", 10).statusCode()).isEqualTo(200);
    }

    @Test
    void theStockCheckCountsWhatTheCartAlreadyHoldsOfTheProduct() {
        for (String prefix : List.of("/fixed", "/vulnerable")) {
            assertThat(add(prefix, "dan", "1", 6).statusCode()).isEqualTo(200);
            var beyond = add(prefix, "dan", "1", 5); // 6 + 5 > 10 in stock
            assertThat(beyond.statusCode()).as(prefix).isEqualTo(400);
            assertThat(json(beyond).get("error").asText()).isEqualTo("INSUFFICIENT_STOCK");
            assertThat(json(http.get(prefix + "/cart/dan"))
                            .get("items")
                            .get(0)
                            .get("quantity")
                            .asInt())
                    .as("the refused add left the line as it was")
                    .isEqualTo(6);
            var upToTheStock = add(prefix, "dan", "1", 4);
            assertThat(upToTheStock.statusCode()).isEqualTo(200);
            assertThat(json(upToTheStock).get("cart_item").get("quantity").asInt())
                    .isEqualTo(10);
        }
    }

    @Test
    void unknownProductIs404OnBothVariantsAndNotABreakerFailure() {
        for (int i = 0; i < 6; i++) {
            var fixed = add("/fixed", "erin", "99", 1);
            assertThat(fixed.statusCode()).isEqualTo(404);
            assertThat(json(fixed).get("error").asText()).isEqualTo("PRODUCT_NOT_FOUND");
        }
        assertThat(add("/vulnerable", "erin", "99", 1).statusCode()).isEqualTo(404);
        assertThat(json(http.get("/fixed/metrics")).get("circuit_breaker_state").asText())
                .isEqualTo("CLOSED");
    }

    @Test
    void fallbackGoesLiveThenCacheThenPricePending() {
        JsonNode live = json(add("/fixed", "frank", "1", 1)).get("cart_item");
        assertThat(live.has("cached")).isFalse();

        products.mode(Mode.DOWN);
        JsonNode cached = json(add("/fixed", "grace", "1", 1));
        assertThat(cached.get("cart_item").get("cached").asBoolean()).isTrue();
        assertThat(cached.get("cart_item").get("price").decimalValue()).isEqualByComparingTo("999.99");
        assertThat(cached.get("message").asText()).contains("last known price");

        var pendingAnswer = add("/fixed", "grace", "2", 3);
        assertThat(pendingAnswer.statusCode())
                .as("nothing cached: accepted all the same")
                .isEqualTo(200);
        JsonNode pending = json(pendingAnswer).get("cart_item");
        assertThat(pending.get("status").asText()).isEqualTo("price_pending");
        assertThat(pending.get("price").decimalValue()).isEqualByComparingTo("0");
        assertThat(pending.get("quantity").asInt()).isEqualTo(3);

        JsonNode cart = json(http.get("/fixed/cart/grace"));
        assertThat(cart.get("degraded_mode").asBoolean()).isTrue();
        assertThat(cart.get("total_price").decimalValue()).isEqualByComparingTo("999.99");

        clock.advance(FixedConfig.DEFAULT_CACHE_TTL.plusSeconds(1));
        JsonNode expired = json(add("/fixed", "heidi", "1", 1)).get("cart_item");
        assertThat(expired.get("status").asText()).as("the cache expired").isEqualTo("price_pending");

        products.mode(Mode.UP);
        http.post("/circuit-breaker/reset", "{}");
        JsonNode recovered = json(http.get("/fixed/cart/grace"));
        assertThat(recovered.get("degraded_mode").asBoolean())
                .as("view reads the prices again")
                .isFalse();
        assertThat(recovered.get("total_price").decimalValue()).isEqualByComparingTo("1089.96");
    }

    @Test
    void stockIsCheckedAgainstTheCachedStockAndSkippedWhenThePriceIsPending() {
        add("/fixed", "ivan", "1", 1);
        products.mode(Mode.DOWN);
        assertThat(add("/fixed", "ivan", "1", 11).statusCode()).isEqualTo(400);
        assertThat(add("/fixed", "ivan", "3", 500).statusCode()).isEqualTo(200);
    }

    @Test
    void vulnerableCartFailsWithTheProductService() {
        add("/vulnerable", "judy", "1", 1);
        products.mode(Mode.DOWN);

        var addAnswer = add("/vulnerable", "judy", "2", 1);
        var viewAnswer = http.get("/vulnerable/cart/judy");

        for (var response : List.of(addAnswer, viewAnswer)) {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).get("error").asText()).isEqualTo("PRODUCT_SERVICE_UNAVAILABLE");
            assertThat(json(response).get("details").asText())
                    .as("no class names to the client")
                    .isEqualTo("product service answered 503 for product " + (response == addAnswer ? "2" : "1"));
        }
        assertThat(json(http.get("/vulnerable/metrics")).get("product_failures").asLong())
                .isEqualTo(2);
    }

    @Test
    void failuresOpenTheBreakerAndResetClosesIt() {
        products.mode(Mode.DOWN);
        for (int i = 0; i < 5; i++) {
            assertThat(add("/fixed", "kim", "1", 1).statusCode()).isEqualTo(200);
        }
        JsonNode metrics = json(http.get("/fixed/metrics"));
        assertThat(metrics.get("circuit_breaker_state").asText()).isEqualTo("OPEN");
        assertThat(json(http.get("/fixed/cart/kim")).get("degraded_mode").asBoolean())
                .isTrue();
        assertThat(json(add("/fixed", "kim", "1", 1))
                        .get("circuit_breaker_state")
                        .asText())
                .isEqualTo("OPEN");

        var reset = http.post("/circuit-breaker/reset", "");

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(json(reset).get("circuit_breaker_state").asText()).isEqualTo("CLOSED");
        assertThat(json(http.get("/fixed/metrics")).get("circuit_breaker_state").asText())
                .isEqualTo("CLOSED");
    }

    @Test
    void metricsShowCartCountsBreakerAndCache() {
        add("/fixed", "liam", "1", 1);
        add("/vulnerable", "liam", "1", 1);

        JsonNode fixed = json(http.get("/fixed/metrics"));
        assertThat(fixed.get("circuit_breaker_state").isTextual()).isTrue();
        assertThat(fixed.get("cache_size").asInt()).isEqualTo(1);
        assertThat(fixed.get("carts").asInt()).isEqualTo(1);
        assertThat(fixed.has("not_permitted_calls")).isTrue();
        assertThat(fixed.has("adds_price_pending")).isTrue();
        JsonNode vulnerable = json(http.get("/vulnerable/metrics"));
        assertThat(vulnerable.get("carts").asInt()).isEqualTo(1);
        assertThat(vulnerable.get("circuit_breaker_state").asText()).isEqualTo("NONE");
        JsonNode unprefixed = json(http.get("/metrics"));
        assertThat(unprefixed.get("variant").asText()).isEqualTo("fixed");
        assertThat(unprefixed.get("circuit_breaker_state").asText()).isEqualTo("CLOSED");
        assertThat(http.get("/prometheus").body())
                .contains("resilience4j_circuitbreaker_state", "resilience4j_bulkhead_available_concurrent_calls")
                .contains("cart_product_cache_size");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[1]",
                "{}",
                "{\"product_id\":1,\"quantity\":1}",
                "{\"product_id\":\"\",\"quantity\":1}",
                "{\"product_id\":\"../1\",\"quantity\":1}",
                "{\"product_id\":\"1?x=2\",\"quantity\":1}",
                "{\"product_id\":null,\"quantity\":1}",
                "{\"product_id\":\"1\"}",
                "{\"product_id\":\"1\",\"quantity\":0}",
                "{\"product_id\":\"1\",\"quantity\":-1}",
                "{\"product_id\":\"1\",\"quantity\":1.5}",
                "{\"product_id\":\"1\",\"quantity\":\"2\"}",
                "{\"product_id\":\"1\",\"quantity\":100000000000000000000}",
                "{\"product_id\":\"1\",\"quantity\":10001}",
                "{\"product_id\":\"1\",\"quantity\":1}{}"
            })
    void badAddBodiesAre400OnBothVariants(String body) {
        for (String prefix : List.of("/fixed", "/vulnerable", "")) {
            var response = http.post(prefix + "/cart/mia/add", body);
            assertThat(response.statusCode()).as(prefix + " " + body).isEqualTo(400);
            assertThat(json(response).get("error").isTextual()).isTrue();
        }
        assertThat(products.requests())
                .as("nothing reached the product service")
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"a%20b", "x%2Fy", "%C3%A9", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void badUserIdsAre400(String userId) {
        for (var response : List.of(
                http.get("/fixed/cart/" + userId),
                http.delete("/vulnerable/cart/" + userId),
                http.post("/fixed/cart/" + userId + "/add", "{\"product_id\":\"1\",\"quantity\":1}"))) {
            assertThat(response.statusCode()).as(userId).isIn(400, 404);
            assertThat(response.statusCode()).isNotEqualTo(500);
        }
        if (!userId.contains("%2F")) { // an encoded slash may match no route at all: 404 then
            assertThat(http.get("/fixed/cart/" + userId).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void tooManyCartsIs507() {
        try (var small = new FakeProductService()) {
            HttpServer tiny = HttpServer.start(
                    ServerConfig.loopback("cart-tiny"),
                    CartApp.routes(
                                    HttpProductSource.withoutTimeouts(small.uri()),
                                    HttpProductSource.withTimeouts(
                                            small.uri(), FixedConfig.DEFAULT_TIMEOUT, FixedConfig.DEFAULT_TIMEOUT),
                                    FixedConfig.defaults(),
                                    Variant.FIXED,
                                    clock,
                                    2)
                            .toArray(Routes[]::new));
            try {
                var tinyHttp = TestHttp.of(tiny.uri());
                String item = "{\"product_id\":\"1\",\"quantity\":1}";
                assertThat(tinyHttp.post("/fixed/cart/u1/add", item).statusCode())
                        .isEqualTo(200);
                assertThat(tinyHttp.post("/fixed/cart/u2/add", item).statusCode())
                        .isEqualTo(200);
                var full = tinyHttp.post("/fixed/cart/u3/add", item);
                assertThat(full.statusCode()).isEqualTo(507);
                assertThat(json(full).get("error").asText()).isEqualTo("CART_STORE_FULL");
                assertThat(tinyHttp.post("/fixed/cart/u1/add", item).statusCode())
                        .as("an existing cart still takes items")
                        .isEqualTo(200);
            } finally {
                tiny.close();
            }
        }
    }

    @Test
    void moreThanTwentyProductsInOneCartIs507() {
        products.mode(Mode.DOWN); // every id is accepted as price_pending
        for (int i = 1; i <= CartBook.MAX_ITEMS_PER_CART; i++) {
            assertThat(add("/fixed", "noah", "p" + i, 1).statusCode()).isEqualTo(200);
        }
        var full = add("/fixed", "noah", "p21", 1);
        assertThat(full.statusCode()).isEqualTo(507);
        assertThat(json(full).get("error").asText()).isEqualTo("CART_FULL");
    }
}
