package scalelab.catalog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import scalelab.catalog.OpenApiCheck;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;

/** The warehouse rows of API.md over HTTP, with the service's default body limit. */
class WarehouseApiTest {
    private final InMemoryWarehouse warehouse = InMemoryWarehouse.seeded();
    private final HttpServer server =
            HttpServer.start(ServerConfig.loopback("warehouse"), new WarehouseRoutes(warehouse));
    private final OpenApiCheck.Http http = OpenApiCheck.http(server.uri());

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    private static String units(int productId, int quantity) {
        return "{\"product_id\":" + productId + ",\"quantity\":" + quantity + "}";
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("error").asText()).isEqualTo(code);
        assertThat(json(response).get("message").asText()).isNotBlank();
    }

    @Test
    void stockOfASeedProductIsServed() {
        var response = http.get("/warehouse/stock/1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"product_id\":1,\"available\":1000,\"reserved\":0}");
    }

    @Test
    void reserveAnswers204AndMovesUnitsToReserved() {
        var response = http.post("/warehouse/reserve", units(1, 3));
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(http.get("/warehouse/stock/1").body())
                .isEqualTo("{\"product_id\":1,\"available\":997,\"reserved\":3}");
    }

    @Test
    void shipAnswers204AndTakesReservedUnits() {
        http.post("/warehouse/reserve", units(2, 5));
        var response = http.post("/warehouse/ship", units(2, 4));
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(warehouse.stock(2)).isEqualTo(new Stock(2, 995, 1));
    }

    @Test
    void releaseAnswers204AndGivesReservedUnitsBack() {
        http.post("/warehouse/reserve", units(1, 5));
        var response = http.post("/warehouse/release", units(1, 3));
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 998, 2));
    }

    @Test
    void releasingMoreThanIsReservedIs400InsufficientReservedAndChangesNothing() {
        warehouse.reserve(1, 2);
        var response = http.post("/warehouse/release", units(1, 3));
        assertError(response, 400, "INSUFFICIENT_RESERVED");
        assertThat(json(response).get("details").asText()).isEqualTo("product_id 1: requested 3, reserved 2");
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 998, 2));
    }

    @Test
    void releaseOfAnUnknownProductIs404AndAnInvalidBodyIs400() {
        assertError(http.post("/warehouse/release", units(99, 1)), 404, "PRODUCT_NOT_FOUND");
        assertError(http.post("/warehouse/release", units(1, 0)), 400, "INVALID_REQUEST");
        assertError(http.post("/warehouse/release", "{\"product_id\":\"1\",\"quantity\":1}"), 400, "INVALID_REQUEST");
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 1000, 0));
    }

    @Test
    void reservingMoreThanIsAvailableIs400InsufficientStockNamingBothFigures() {
        warehouse.setStock(1, 2);
        var response = http.post("/warehouse/reserve", units(1, 3));
        assertError(response, 400, "INSUFFICIENT_STOCK");
        assertThat(json(response).get("details").asText()).isEqualTo("product_id 1: requested 3, available 2");
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 2, 0));
    }

    @Test
    void shippingMoreThanIsReservedIs400InsufficientReservedEvenWithUnitsAvailable() {
        warehouse.reserve(1, 2);
        var response = http.post("/warehouse/ship", units(1, 3));
        assertError(response, 400, "INSUFFICIENT_RESERVED");
        assertThat(json(response).get("details").asText()).isEqualTo("product_id 1: requested 3, reserved 2");
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 998, 2));
    }

    @Test
    void anUnknownProductIs404OnEveryRoute() {
        for (var response : List.of(
                http.post("/warehouse/reserve", units(99, 1)),
                http.post("/warehouse/ship", units(99, 1)),
                http.get("/warehouse/stock/99"))) {
            assertError(response, 404, "PRODUCT_NOT_FOUND");
            assertThat(json(response).get("details").asText()).isEqualTo("product_id 99");
        }
        assertThat(warehouse.knows(99)).isFalse();
    }

    @Test
    void anInvalidBodyIs400EvenForAnUnknownProduct() {
        assertError(http.post("/warehouse/reserve", units(99, 0)), 400, "INVALID_REQUEST");
        assertError(http.post("/warehouse/ship", units(99, 0)), 400, "INVALID_REQUEST");
    }

    @Test
    void everyProblemWithABodyIsReportedAtOnce() {
        var response = http.post("/warehouse/reserve", "{\"product_id\":\"1\",\"quantity\":0}");
        assertError(response, 400, "INVALID_REQUEST");
        assertThat(json(response).get("details").asText())
                .isEqualTo("product_id must be an integer; quantity must be >= 1");
        assertThat(json(http.post("/warehouse/ship", "{}")).get("details").asText())
                .isEqualTo("product_id is required; quantity is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1.5", "2147483648", "99999999999999999999", "%20", "1e3", "+1", "0x1"})
    void aBadStockIdIs400NeverA404(String id) {
        assertError(http.get("/warehouse/stock/" + id), 400, "INVALID_ID");
    }

    @Test
    void extraFieldsAreIgnored() {
        var response = http.post("/warehouse/reserve", "{\"product_id\":1,\"quantity\":1,\"note\":\"gift\"}");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 999, 1));
    }

    static Stream<Arguments> hostileBodies() {
        String mega = "x".repeat(1_000_000); // 1 MB: under the default 1 MiB body limit, so it reaches the parser
        var bodies = new ArrayList<String>(List.of(
                "",
                " ",
                "null",
                "true",
                "42",
                "\"reserve\"",
                "[]",
                "[" + units(1, 1) + "]",
                "{}",
                "{",
                "{\"product_id\":1,\"quantity\":1",
                "{product_id:1,quantity:1}",
                "{'product_id':1,'quantity':1}",
                "{\"product_id\":01,\"quantity\":1}",
                "{\"product_id\":1,\"quantity\":NaN}",
                "{\"quantity\":1}",
                "{\"product_id\":1}",
                "{\"product_id\":\u00a01,\"quantity\":1}",
                "{\"prodüct_id\":1,\"quantity\":1}",
                "{\"product_id\":\"١\",\"quantity\":1}",
                "{\"product_id\":1,\"quantity\":\"一\"}",
                "{\"product_id\":1,\"quantity\":\"" + mega + "\"}",
                "{\"product_id\":1,\"quantity\":1,\"product_id\":\"" + mega + "\"}"));
        List<String> badValues = List.of(
                "null",
                "1e20",
                "1E0",
                "2147483648",
                "-2147483649",
                "99999999999999999999999",
                "-1",
                "0",
                "1.5",
                "1.0",
                "\"1\"",
                "\"\"",
                "true",
                "[]",
                "[1]",
                "{}",
                "{\"value\":1}");
        for (String value : badValues) {
            bodies.add("{\"product_id\":" + value + ",\"quantity\":1}");
            bodies.add("{\"product_id\":1,\"quantity\":" + value + "}");
        }
        return bodies.stream()
                .flatMap(body ->
                        Stream.of("/warehouse/reserve", "/warehouse/ship").map(path -> Arguments.of(path, body)));
    }

    @ParameterizedTest
    @MethodSource("hostileBodies")
    void aHostileBodyIs400AndLeavesStockUnchanged(String path, String body) {
        warehouse.reserve(1, 5); // so that a ship slipping through would show
        Stock before = warehouse.stock(1);
        var response = http.post(path, body);
        assertThat(response.statusCode())
                .as(path + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body))
                .isEqualTo(400);
        assertThat(json(response).get("error").asText()).isNotBlank();
        assertThat(warehouse.stock(1)).isEqualTo(before);
        assertThat(warehouse.stock(2)).isEqualTo(new Stock(2, 1000, 0));
    }

    @Test
    void aMissingBodyIs400AndLeavesStockUnchanged() {
        for (String path : List.of("/warehouse/reserve", "/warehouse/ship")) {
            var response = http.send(
                    http.request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertError(response, 400, "MISSING_BODY");
        }
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 1000, 0));
    }

    @Test
    void aBodyThatIsNotJsonIs415AndOneOverTheLimitIs413() {
        var text = http.send(
                "POST", "/warehouse/reserve", "text/plain", units(1, 1).getBytes());
        assertError(text, 415, "UNSUPPORTED_MEDIA_TYPE");
        var huge = http.post("/warehouse/reserve", "{\"product_id\":\"" + "9".repeat(2 << 20) + "\",\"quantity\":1}");
        assertError(huge, 413, "PAYLOAD_TOO_LARGE");
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 1000, 0));
    }

    @Test
    void hundredConcurrentReservationsOfTheLastTenUnitsLetExactlyTenThrough() throws Exception {
        warehouse.setStock(1, 10);
        var start = new CountDownLatch(1);
        var statuses = new ArrayList<Future<HttpResponse<String>>>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return http.post("/warehouse/reserve", units(1, 1));
                }));
            }
            start.countDown();
        }
        int reserved = 0;
        for (Future<HttpResponse<String>> future : statuses) {
            var response = future.get();
            if (response.statusCode() == 204) {
                reserved++;
            } else {
                assertError(response, 400, "INSUFFICIENT_STOCK");
            }
        }
        assertThat(reserved).isEqualTo(10);
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 0, 10));
        assertThat(http.get("/warehouse/stock/1").body())
                .isEqualTo("{\"product_id\":1,\"available\":0,\"reserved\":10}");
    }

    @Test
    void healthAndMetricsShowStockFigures() {
        warehouse.reserve(1, 4);
        var health = http.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("warehouse").toString())
                .isEqualTo("{\"products\":2,\"available\":1996,\"reserved\":4}");
        assertThat(json(http.get("/metrics")).get("warehouse").toString())
                .isEqualTo("{\"products\":2,\"available\":1996,\"reserved\":4}");
    }
}
