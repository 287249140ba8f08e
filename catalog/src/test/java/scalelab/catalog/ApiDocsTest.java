package scalelab.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.testkit.TestHttp;

/** {@code /openapi.yaml} and {@code /docs}, served by the catalog from its jar. */
class ApiDocsTest {
    private final HttpServer server = HttpServer.start(
            ServerConfig.loopback("catalog"), Catalog.inMemory().routes().toArray(Routes[]::new));
    /** For /openapi.yaml and /docs, which the document describes: their answers are checked against it. */
    private final OpenApiCheck.Http http = OpenApiCheck.http(server.uri());
    /** For Swagger UI's own files under /docs/, which are not part of the API the document describes. */
    private final TestHttp files = TestHttp.of(server.uri());

    /** Every e-commerce row of API.md: method and path, and the status codes it lists. */
    private static final Map<String, List<String>> API_MD_ROWS = Map.of(
            "GET /products/{productId}", List.of("200", "400", "404"),
            "POST /products/{productId}/details", List.of("204", "400", "404"),
            "POST /shopping-carts", List.of("201", "400"),
            "POST /shopping-carts/{id}/items", List.of("204", "400", "404"),
            "POST /shopping-carts/{id}/checkout", List.of("200", "400", "404"),
            "POST /warehouse/reserve", List.of("204", "400", "404"),
            "POST /warehouse/ship", List.of("204", "400", "404"),
            "POST /payments/checkout", List.of("200", "400", "402", "404"));

    @AfterEach
    void stop() {
        server.close();
    }

    private static OpenAPI parse(String yaml) {
        var result = new OpenAPIV3Parser().readContents(yaml);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        return result.getOpenAPI();
    }

    /** The schema $ref of a JSON answer, following a $ref to a shared response. */
    private static String errorSchemaOf(OpenAPI api, ApiResponse response) {
        if (response.get$ref() != null) {
            String name = response.get$ref().substring("#/components/responses/".length());
            response = api.getComponents().getResponses().get(name);
        }
        return response.getContent().get("application/json").getSchema().get$ref();
    }

    @Test
    void theDocumentIsServedAsYamlAndIsValidOpenApi3() {
        var response = http.get("/openapi.yaml");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
        assertThat(response.body()).isEqualTo(ApiDocs.document());
        assertThat(parse(response.body()).getOpenapi()).startsWith("3.0.");
    }

    @Test
    void theCartCheckoutDocumentsNo402SinceApiMdsRowListsNone() {
        OpenAPI api = parse(ApiDocs.document());
        assertThat(api.getPaths().get("/shopping-carts/{id}/checkout").getPost().getResponses())
                .doesNotContainKey("402");
        assertThat(api.getPaths().get("/payments/checkout").getPost().getResponses())
                .containsKey("402");
    }

    @Test
    void everyApiMdRowIsDocumentedWithItsStatusCodesAndTheErrorBody() {
        OpenAPI api = parse(ApiDocs.document());
        API_MD_ROWS.forEach((row, statuses) -> {
            String[] methodPath = row.split(" ");
            PathItem path = api.getPaths().get(methodPath[1]);
            assertThat(path).as(row).isNotNull();
            Operation operation = path.readOperationsMap().get(PathItem.HttpMethod.valueOf(methodPath[0]));
            assertThat(operation).as(row).isNotNull();
            assertThat(operation.getResponses()).as(row).containsKeys(statuses.toArray(String[]::new));
            assertThat(operation.getResponses()).as(row).containsKey("500");
            statuses.stream()
                    .filter(s -> s.startsWith("4"))
                    .forEach(status -> assertThat(
                                    errorSchemaOf(api, operation.getResponses().get(status)))
                            .as(row + " " + status)
                            .isEqualTo("#/components/schemas/Error"));
            if (methodPath[0].equals("POST")) {
                assertThat(operation.getSecurity()).as(row).hasSize(2);
                assertThat(operation.getResponses()).as(row).containsKeys("401", "403");
            }
        });
        var product = api.getComponents().getSchemas().get("Product");
        assertThat(product.getRequired())
                .containsExactlyInAnyOrder(
                        "product_id", "sku", "manufacturer", "category_id", "weight", "some_other_id");
        assertThat(api.getComponents().getSecuritySchemes()).containsKeys("apiKey", "bearer");
        assertThat(api.getComponents().getSecuritySchemes().get("apiKey").getName())
                .isEqualTo("X-API-Key");
    }

    @Test
    void everyWriteOperationDeclaresBothSchemesAnd401And403AndEveryReadNone() {
        OpenAPI api = parse(ApiDocs.document());
        var writes = new java.util.ArrayList<String>();
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    String row = method + " " + path;
                    if (method == PathItem.HttpMethod.GET) {
                        assertThat(operation.getSecurity()).as(row).isNull();
                        assertThat(operation.getResponses()).as(row).doesNotContainKeys("401", "403");
                    } else {
                        writes.add(row);
                        assertThat(operation.getSecurity()).as(row).hasSize(2);
                        assertThat(operation.getResponses()).as(row).containsKeys("401", "403", "500");
                    }
                }));
        assertThat(writes)
                .containsExactlyInAnyOrder(
                        "POST /products/{productId}/details",
                        "POST /shopping-carts",
                        "POST /shopping-carts/{id}/items",
                        "POST /shopping-carts/{id}/checkout",
                        "POST /warehouse/reserve",
                        "POST /warehouse/ship",
                        "POST /warehouse/release",
                        "POST /payments/checkout");
    }

    @Test
    void theDocsPageRunsSwaggerUiFromThisServiceOnly() {
        var response = http.get("/docs");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body())
                .contains("docs/swagger-ui-bundle.js", "docs/swagger-ui.css", "url: \"openapi.yaml\"")
                .doesNotContain("http://", "https://", "//cdn", "unpkg");
    }

    @Test
    void swaggerUiFilesAreServedFromTheJar() {
        var script = files.get("/docs/swagger-ui-bundle.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(script.body().length()).isGreaterThan(100_000);
        var css = files.get("/docs/swagger-ui.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope.js", "..%2Fpom.properties", "%2E%2E", ".hidden.js", "index.txt", "swagger-ui"})
    void anythingElseUnderDocsIs404WithTheErrorBody(String file) {
        var response = files.get("/docs/" + file);
        assertThat(response.statusCode()).as(file).isEqualTo(404);
        assertThat(response.body()).contains("\"error\":\"NOT_FOUND\"");
    }
}
