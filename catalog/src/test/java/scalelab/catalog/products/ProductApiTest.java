package scalelab.catalog.products;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import scalelab.catalog.OpenApiCheck;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;

/** The products rows of API.md over HTTP. */
class ProductApiTest {
    private static final String VALID =
            "{\"product_id\":7,\"sku\":\"TAB-007\",\"manufacturer\":\"Lenovo\",\"category_id\":3,\"weight\":450,\"some_other_id\":9}";

    private final InMemoryProductStore store = InMemoryProductStore.seeded();
    private final HttpServer server =
            HttpServer.start(ServerConfig.loopback("products").withMaxBodyBytes(4 << 20), new ProductRoutes(store));
    private final OpenApiCheck.Http http = OpenApiCheck.http(server.uri());

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    @Test
    void seedProductsAreServed() {
        var laptop = http.get("/products/1");
        assertThat(laptop.statusCode()).isEqualTo(200);
        assertThat(laptop.body())
                .isEqualTo("{\"product_id\":1,\"sku\":\"LAPTOP-001\",\"manufacturer\":\"Dell\",\"category_id\":1,"
                        + "\"weight\":2500,\"some_other_id\":101}");
        assertThat(json(http.get("/products/2")).get("sku").asText()).isEqualTo("PHONE-001");
    }

    @Test
    void anUnknownProductIs404() {
        var response = http.get("/products/999");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("PRODUCT_NOT_FOUND");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1.5", "2147483648", "99999999999999999999", "%20", "1e3", "+1", "0x1"})
    void aBadProductIdIs400NeverA404(String id) {
        var get = http.get("/products/" + id);
        assertThat(get.statusCode()).as(id).isEqualTo(400);
        assertThat(json(get).get("error").asText()).isEqualTo("INVALID_ID");
        var post = http.post("/products/" + id + "/details", VALID);
        assertThat(post.statusCode()).as(id).isEqualTo(400);
    }

    @Test
    void detailsCreateThenReplace() {
        assertThat(http.post("/products/7/details", VALID).statusCode()).isEqualTo(204);
        assertThat(json(http.get("/products/7")).get("manufacturer").asText()).isEqualTo("Lenovo");
        assertThat(http.post("/products/7/details", VALID.replace("Lenovo", "Asus"))
                        .statusCode())
                .isEqualTo(204);
        assertThat(json(http.get("/products/7")).get("manufacturer").asText()).isEqualTo("Asus");
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void aBodyIdThatDiffersFromThePathIs400IdMismatchNamingBoth() {
        var response = http.post("/products/8/details", VALID);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("ID_MISMATCH");
        assertThat(json(response).get("details").asText()).contains("8").contains("7");
        assertThat(store.find(8)).isEmpty();
        assertThat(store.find(7)).isEmpty();
    }

    static List<String> hostileBodies() {
        String mega = "x".repeat(1 << 20);
        return List.of(
                "",
                "null",
                "[]",
                "\"product\"",
                "42",
                "{",
                "{}",
                VALID.replace("\"product_id\":7", "\"product_id\":\"7\""),
                VALID.replace("\"product_id\":7", "\"product_id\":7.5"),
                VALID.replace("\"product_id\":7", "\"product_id\":null"),
                VALID.replace("\"product_id\":7", "\"product_id\":1e20"),
                VALID.replace("\"weight\":450", "\"weight\":-1"),
                VALID.replace("\"weight\":450", "\"weight\":2147483648"),
                VALID.replace("\"category_id\":3", "\"category_id\":0"),
                VALID.replace("\"some_other_id\":9", "\"some_other_id\":[9]"),
                VALID.replace("\"sku\":\"TAB-007\"", "\"sku\":\"\""),
                VALID.replace("\"sku\":\"TAB-007\"", "\"sku\":7"),
                VALID.replace("\"sku\":\"TAB-007\"", "\"sku\":\"" + "s".repeat(101) + "\""),
                VALID.replace("\"sku\":\"TAB-007\"", "\"sku\":\"a\\u0000b\""),
                VALID.replace("\"manufacturer\":\"Lenovo\"", "\"manufacturer\":\"" + mega + "\""),
                VALID.replace("\"manufacturer\":\"Lenovo\"", "\"manufacturer\":{}"),
                VALID.replace(",\"some_other_id\":9", ""));
    }

    @ParameterizedTest
    @MethodSource("hostileBodies")
    void aHostileBodyIs400AndStoresNothing(String body) {
        var response = http.post("/products/7/details", body);
        assertThat(response.statusCode())
                .as(body.length() > 200 ? body.substring(0, 200) : body)
                .isEqualTo(400);
        assertThat(json(response).has("error")).isTrue();
        assertThat(store.find(7)).isEmpty();
        assertThat(store.count()).isEqualTo(2);
    }

    @Test
    void unicodeNamesAreKeptAsSent() {
        String body = VALID.replace("Lenovo", "Łódź 電腦 🚀");
        assertThat(http.post("/products/7/details", body).statusCode()).isEqualTo(204);
        assertThat(json(http.get("/products/7")).get("manufacturer").asText()).isEqualTo("Łódź 電腦 🚀");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var response = http.post("/products/7/details", "{\"product_id\":7}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("INVALID_PRODUCT");
        assertThat(json(response).get("details").asText())
                .contains(
                        "sku is required", "manufacturer is required", "category_id is required", "weight is required");
    }
}
