package scalelab.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;

/** The checker cannot pass silently: a server that breaks the document fails the test that calls it. */
class OpenApiCheckTest {
    /** Answers that break the document in one way each, on documented paths. */
    private static final Routes BROKEN = router -> router.get("/products/{productId}", ex -> {
                switch (ex.pathParam("productId")) {
                    case "1" -> ex.json(418, Map.of("error", "TEAPOT", "message", "undocumented status"));
                    case "2" -> ex.json(200, Map.of("product_id", "2", "sku", "X")); // wrong type, missing fields
                    case "3" -> ex.stream(200, "text/plain", out -> out.write("not json".getBytes()));
                    case "4" -> ex.json(404, Map.of("message", "no error code")); // the Error schema needs error
                    default ->
                        ex.json(
                                200,
                                Map.of(
                                        "product_id",
                                        5,
                                        "sku",
                                        "S",
                                        "manufacturer",
                                        "M",
                                        "category_id",
                                        1,
                                        "weight",
                                        0,
                                        "some_other_id",
                                        1));
                }
            })
            .post("/shopping-carts", ex -> ex.json(201, Map.of("shopping_cart_id", 1))) // accepts anything
            .get("/not-in-the-document", ex -> ex.json(200, Map.of()));

    private final HttpServer server = HttpServer.start(ServerConfig.loopback("broken"), BROKEN);
    private final OpenApiCheck.Http http = OpenApiCheck.http(server.uri());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDocumentedAnswerPasses() {
        assertThat(http.get("/products/5").statusCode()).isEqualTo(200);
        assertThat(http.post("/shopping-carts", "{\"customer_id\":1}").statusCode())
                .isEqualTo(201);
    }

    @Test
    void anUndocumentedStatusFails() {
        assertThatThrownBy(() -> http.get("/products/1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("418");
    }

    @Test
    void aBodyOfTheWrongShapeFails() {
        assertThatThrownBy(() -> http.get("/products/2"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("product_id")
                .hasMessageContaining("manufacturer");
    }

    @Test
    void anUndeclaredContentTypeFails() {
        assertThatThrownBy(() -> http.get("/products/3"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("text/plain");
    }

    @Test
    void anErrorBodyWithoutItsCodeFails() {
        assertThatThrownBy(() -> http.get("/products/4"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("error");
    }

    @Test
    void anInvalidRequestThatIsNotRefusedFails() {
        assertThatThrownBy(() -> http.post("/shopping-carts", "{\"customer_id\":\"1\"}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("invalid by the OpenAPI document but was answered 201");
    }

    @Test
    void aPathTheDocumentDoesNotHaveFails() {
        assertThatThrownBy(() -> http.get("/not-in-the-document")).isInstanceOf(AssertionError.class);
    }
}
