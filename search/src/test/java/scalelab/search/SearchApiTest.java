package scalelab.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.testkit.TestHttp;

/** The product search contract of API.md over HTTP. */
class SearchApiTest {
    private final HttpServer server = HttpServer.start(
            ServerConfig.loopback("search"), SearchConfig.defaults().routes());
    private final TestHttp http = TestHttp.of(server.uri());

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    @Test
    void searchAnswersAtMost20ProductsTheCountFoundAndTheTime() {
        var response = http.get("/products/search?q=alpha");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.get("products").size()).isEqualTo(20);
        // 100 products checked, every fifth is an Alpha
        assertThat(body.get("total_found").asInt()).isEqualTo(20);
        assertThat(body.get("search_time").asText()).matches("\\d+\\.\\d+s");
        JsonNode first = body.get("products").get(0);
        assertThat(first.get("name").asText()).startsWith("Product Alpha ");
        assertThat(first.get("brand").asText()).isEqualTo("Alpha");
        assertThat(first.has("id") && first.has("category") && first.has("description"))
                .isTrue();
    }

    @Test
    void searchMatchesTheCategoryCaseInsensitively() {
        JsonNode body = json(http.get("/products/search?q=BOOKS"));
        assertThat(body.get("total_found").asInt()).isEqualTo(20);
        body.get("products").forEach(p -> assertThat(p.get("category").asText()).isEqualTo("Books"));
    }

    @Test
    void aQueryThatMatchesNothingAnswersAnEmptyList() {
        JsonNode body = json(http.get("/products/search?q=zebra"));
        assertThat(body.get("products").size()).isZero();
        assertThat(body.get("total_found").asInt()).isZero();
    }

    @Test
    void theSameQueryAlwaysFindsTheSameProducts() {
        assertThat(json(http.get("/products/search?q=product")).get("products"))
                .isEqualTo(json(http.get("/products/search?q=product")).get("products"));
    }

    @Test
    void missingQueryAnswers400WithTheErrorBody() {
        for (String path : new String[] {"/products/search", "/products/search?q="}) {
            var response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            JsonNode body = json(response);
            assertThat(body.get("error").asText()).isEqualTo("MISSING_QUERY");
            assertThat(body.get("message").asText()).isEqualTo("query parameter q is required");
        }
    }

    @Test
    void healthCountsTheProductsAndRootListsTheEndpoints() {
        var health = http.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("healthy");
        assertThat(json(health).get("products_count").asInt()).isEqualTo(100_000);
        var root = json(http.get("/"));
        assertThat(root.get("service").asText()).isEqualTo("search");
        assertThat(root.get("endpoints").toString()).contains("/products/search");
    }

    @Test
    void metricsExportTheCpuCounters() {
        http.get("/products/search?q=alpha");
        JsonNode cpu = json(http.get("/metrics")).get("cpu");
        assertThat(cpu.get("mode").asText()).isEqualTo("real");
        assertThat(cpu.get("wall_seconds").asDouble()).isPositive();
        assertThat(cpu.has("busy_seconds") && cpu.has("utilization_percent")).isTrue();
        assertThat(json(http.get("/metrics")).get("searches").asLong()).isEqualTo(1);
    }

    @Test
    void catalogueIsTheSameOnEveryInstance() {
        var a = ProductCatalog.generate(1000);
        var b = ProductCatalog.generate(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(a.get(i)).isEqualTo(b.get(i));
        }
        assertThat(a.get(0))
                .isEqualTo(new Product(
                        1, "Product Alpha 1", "Electronics", "Product Alpha 1: a electronics item by Alpha", "Alpha"));
        assertThat(a.get(5).category()).isEqualTo("Books");
    }
}
