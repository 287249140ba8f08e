package scalelab.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import scalelab.catalog.carts.Order;
import scalelab.catalog.products.Product;
import scalelab.catalog.warehouse.Stock;
import scalelab.catalog.warehouse.StockTotals;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;

/**
 * A table of hostile inputs against every endpoint that takes a body or a path parameter, on the whole
 * catalog in memory: wrong JSON types, nulls, missing fields, huge and fractional numbers, control and
 * bidi characters, a 1 MiB string, deep nesting, non-objects, trailing content, duplicate keys, path
 * ids that are not int32 >= 1, and query values that are not one int32 >= 1. Each one must be refused with a 4xx and the JSON error body (never a 5xx),
 * the answer must match openapi.yaml, and nothing stored may change: products, stock, carts, orders and
 * the payment ledger are compared before and after every request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {
    private static final String VISA = "4242424242424242";
    private static final String MEBIBYTE = "x".repeat(1024 * 1024);

    private final Catalog catalog = Catalog.inMemory();
    // the body limit is raised past 1 MiB so that a 1 MiB field reaches the field checks instead of a 413
    private final HttpServer server = HttpServer.start(
            ServerConfig.loopback("catalog").withMaxBodyBytes(4L * 1024 * 1024),
            catalog.routes().toArray(Routes[]::new));
    private final OpenApiCheck.Http http = OpenApiCheck.http(server.uri());
    /** An open cart holding one unit of product 1; no hostile request may add to it or check it out. */
    private int cart;
    /** An empty cart with an approved payment: {@code GET /payments?shopping_cart_id=} it answers 200. */
    private int paidCart;

    @BeforeAll
    void openACart() {
        cart = catalog.carts().create(7);
        catalog.carts().addItem(cart, 1, 1);
        paidCart = catalog.carts().create(8);
        catalog.payments().chargeOrThrow(VISA, paidCart);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** Raw JSON values that are wrong for an int32 >= 1 field. */
    private static final List<String> BAD_IDS = List.of(
            "null",
            "\"1\"",
            "1.0",
            "1.5",
            "1e3",
            "0",
            "-0",
            "-1",
            "2147483648",
            "9223372036854775808",
            "1" + "0".repeat(400),
            "1e309",
            "-1e309",
            "true",
            "[]",
            "[1]",
            "{}",
            "[[[[[[[[1]]]]]]]]",
            "\"１\"",
            "\"😀\"",
            "\"\\u0000\"",
            "\"" + MEBIBYTE + "\"");

    /** Raw JSON values that are wrong for a string field of 1 to 100 characters. */
    private static List<String> badStrings(int maxLength) {
        return List.of(
                "null",
                "1",
                "1.5",
                "true",
                "[]",
                "[\"a\"]",
                "{}",
                "{\"a\":\"b\"}",
                "[[[[[[[[\"a\"]]]]]]]]",
                "\"\"",
                "\"" + "é".repeat(maxLength + 1) + "\"",
                "\"" + "😀".repeat(maxLength + 1) + "\"",
                "\"a\\u0000b\"",
                "\"line\\nbreak\"",
                "\"\\ud800\"",
                "\"" + MEBIBYTE + "\"");
    }

    /** Raw JSON values that are not a valid card number (13 to 19 ASCII digits passing Luhn). */
    private static final List<String> BAD_CARDS = List.of(
            "null",
            "4242424242424242",
            "true",
            "[\"4242424242424242\"]",
            "{}",
            "\"\"",
            "\"424242424242\"",
            "\"42424242424242424242\"",
            "\"4242424242424241\"",
            "\"4242 4242 4242 4242\"",
            "\"4242-4242-4242-4242\"",
            "\"４２４２４２４２４２４２４２４２\"",
            "\"\\u202E4242424242424242\"",
            "\"424242424242424\\u0000\"",
            "\"" + "4".repeat(1024 * 1024) + "\"");

    /** Whole bodies that are not a JSON object, or not one JSON value. */
    private static List<String> badBodies(String valid) {
        String firstField = valid.substring(1, valid.indexOf(':'));
        String firstValue =
                valid.substring(valid.indexOf(':') + 1, valid.contains(",") ? valid.indexOf(',') : valid.length() - 1);
        return List.of(
                "",
                " ",
                "null",
                "1",
                "\"" + valid.replace("\"", "\\\"") + "\"",
                "[]",
                "[" + valid + "]",
                "[".repeat(5_000) + "]".repeat(5_000),
                "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000),
                valid + "xyz",
                valid + valid,
                valid + " 1",
                valid.substring(0, valid.length() - 1),
                "{" + firstField + ":" + firstValue + "," + valid.substring(1),
                "{" + firstField + ":\"x\"," + valid.substring(1));
        // not here: a leading byte order mark, which Jackson skips and RFC 8259 lets a parser ignore
    }

    private record Endpoint(String path, Map<String, String> valid, Map<String, List<String>> badValues) {
        String body(Map<String, String> fields) {
            var json = new StringBuilder("{");
            fields.forEach((name, value) -> {
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append('"').append(name).append("\":").append(value);
            });
            return json.append('}').toString();
        }
    }

    private List<Endpoint> endpointsWithABody() {
        var units = new LinkedHashMap<String, String>();
        units.put("product_id", "1");
        units.put("quantity", "1");
        var product = new LinkedHashMap<String, String>();
        product.put("product_id", "1");
        product.put("sku", "\"LAPTOP-002\"");
        product.put("manufacturer", "\"Lenovo\"");
        product.put("category_id", "1");
        product.put("weight", "1000");
        product.put("some_other_id", "5");
        var productBad = new LinkedHashMap<String, List<String>>();
        product.keySet().forEach(field -> productBad.put(field, BAD_IDS));
        productBad.put("sku", badStrings(100));
        productBad.put("manufacturer", badStrings(200));
        productBad.put(
                "weight",
                BAD_IDS.stream().filter(v -> !v.equals("0") && !v.equals("-0")).toList());
        var payment = new LinkedHashMap<String, String>();
        payment.put("credit_card_number", "\"" + VISA + "\"");
        payment.put("shopping_cart_id", String.valueOf(cart));
        var paymentBad = new LinkedHashMap<String, List<String>>();
        paymentBad.put("credit_card_number", BAD_CARDS);
        paymentBad.put("shopping_cart_id", BAD_IDS);
        var unitsBad = Map.of("product_id", BAD_IDS, "quantity", BAD_IDS);
        return List.of(
                // product 1 replaced by different details: any accepted body would show in the snapshot
                new Endpoint("/products/1/details", product, productBad),
                new Endpoint("/shopping-carts", Map.of("customer_id", "1"), Map.of("customer_id", BAD_IDS)),
                new Endpoint("/shopping-carts/" + cart + "/items", units, unitsBad),
                new Endpoint(
                        "/shopping-carts/" + cart + "/checkout",
                        Map.of("credit_card_number", "\"" + VISA + "\""),
                        Map.of("credit_card_number", BAD_CARDS)),
                new Endpoint("/warehouse/reserve", units, unitsBad),
                new Endpoint("/warehouse/ship", units, unitsBad),
                new Endpoint("/warehouse/release", units, unitsBad),
                new Endpoint("/payments/checkout", payment, paymentBad));
    }

    @TestFactory
    @org.junit.jupiter.api.Order(1)
    Stream<DynamicTest> aBadFieldInAnyBodyIsRefusedAndChangesNothing() {
        var tests = new ArrayList<DynamicTest>();
        for (Endpoint endpoint : endpointsWithABody()) {
            endpoint.badValues().forEach((field, values) -> {
                for (String value : values) {
                    var fields = new LinkedHashMap<>(endpoint.valid());
                    fields.put(field, value);
                    String body = endpoint.body(fields);
                    tests.add(refused(
                            "POST " + endpoint.path() + " " + field + "=" + abbreviate(value),
                            () -> post(endpoint.path(), body)));
                }
                var missing = new LinkedHashMap<>(endpoint.valid());
                missing.remove(field);
                if (!endpoint.path().endsWith("/checkout") || endpoint.path().startsWith("/payments")) {
                    // a cart checkout without a card is a valid request (an unpaid cart: 400 PAYMENT_REQUIRED)
                    String body = endpoint.body(missing);
                    tests.add(refused(
                            "POST " + endpoint.path() + " without " + field, () -> post(endpoint.path(), body)));
                }
            });
        }
        return tests.stream();
    }

    @TestFactory
    @org.junit.jupiter.api.Order(2)
    Stream<DynamicTest> aBodyThatIsNotOneJsonObjectIsRefusedAndChangesNothing() {
        var tests = new ArrayList<DynamicTest>();
        for (Endpoint endpoint : endpointsWithABody()) {
            for (String body : badBodies(endpoint.body(endpoint.valid()))) {
                if (body.isBlank()
                        && endpoint.path().endsWith("/checkout")
                        && endpoint.path().startsWith("/shopping")) {
                    continue; // no body is allowed there; an unpaid cart then answers 400 PAYMENT_REQUIRED, tested
                    // below
                }
                tests.add(
                        refused("POST " + endpoint.path() + " " + abbreviate(body), () -> post(endpoint.path(), body)));
            }
            tests.add(refused(
                    "POST " + endpoint.path() + " as text/plain",
                    () -> http.send(
                            "POST",
                            endpoint.path(),
                            "text/plain",
                            endpoint.body(endpoint.valid()).getBytes(StandardCharsets.UTF_8))));
            tests.add(refused(
                    "POST " + endpoint.path() + " not UTF-8",
                    () -> http.send("POST", endpoint.path(), "application/json", new byte[] {
                        '{', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'
                    })));
        }
        tests.add(refused(
                "POST an unpaid cart's checkout without a body",
                () -> post("/shopping-carts/" + cart + "/checkout", "")));
        return tests.stream();
    }

    /** Path parameters that are not int32 >= 1, percent-encoded as a client would send them. */
    private static final List<String> BAD_PATH_IDS = List.of(
            "0",
            "-1",
            "-0",
            "%2B1",
            "%00",
            "1%00",
            "%EF%BC%91", // "１", a full-width digit one
            "%D9%A1", // "١", an Arabic-Indic digit one
            "%E2%80%AE1", // a right-to-left override, then 1
            "%F0%9F%98%80",
            "%201",
            "1%20",
            "2147483648",
            "99999999999999999999",
            "1e3",
            "1.0",
            "0x1",
            "abc",
            "%25",
            "x".repeat(10_000));

    @TestFactory
    @org.junit.jupiter.api.Order(3)
    Stream<DynamicTest> aBadPathIdIsRefusedAndChangesNothing() {
        var tests = new ArrayList<DynamicTest>();
        String product = "{\"product_id\":1,\"sku\":\"S\",\"manufacturer\":\"M\",\"category_id\":1,\"weight\":1,"
                + "\"some_other_id\":1}";
        for (String id : BAD_PATH_IDS) {
            String shown = abbreviate(id);
            tests.add(refused("GET /products/" + shown, () -> http.get("/products/" + id)));
            tests.add(refused(
                    "POST /products/" + shown + "/details", () -> post("/products/" + id + "/details", product)));
            tests.add(refused(
                    "POST /shopping-carts/" + shown + "/items",
                    () -> post("/shopping-carts/" + id + "/items", "{\"product_id\":1,\"quantity\":1}")));
            // a valid card: only the id can make this a refusal
            tests.add(refused(
                    "POST /shopping-carts/" + shown + "/checkout",
                    () -> post("/shopping-carts/" + id + "/checkout", "{\"credit_card_number\":\"" + VISA + "\"}")));
            tests.add(refused("GET /shopping-carts/" + shown, () -> http.get("/shopping-carts/" + id)));
            tests.add(refused("GET /orders/" + shown, () -> http.get("/orders/" + id)));
            tests.add(refused("GET /warehouse/stock/" + shown, () -> http.get("/warehouse/stock/" + id)));
            tests.add(refused("GET /payments/" + shown, () -> http.get("/payments/" + id)));
            tests.add(refused(
                    "GET /payments?shopping_cart_id=" + shown, () -> http.get("/payments?shopping_cart_id=" + id)));
        }
        return tests.stream();
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void thePaidCartsPaymentIsFoundWithOneValidCartId() {
        // so that the refusals below are due to the query alone, not to a cart without a payment
        var response = http.get("/payments?shopping_cart_id=" + paidCart);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @TestFactory
    @org.junit.jupiter.api.Order(3)
    Stream<DynamicTest> aMissingRepeatedOrBadCartIdInTheQueryIsRefused() {
        String paid = String.valueOf(paidCart);
        var queries = new ArrayList<String>();
        queries.addAll(List.of(
                "",
                "?",
                "?shopping_cart_id",
                "?shopping_cart_id=",
                "?shopping_cart_id=abc",
                "?shopping_cart_id=0",
                "?shopping_cart_id=-" + paid,
                "?shopping_cart_id=+" + paid, // a plus sign, or a space to decoders that read + as one
                "?shopping_cart_id=" + paid + ".0",
                "?shopping_cart_id=" + paid + "&shopping_cart_id=" + paid,
                "?shopping_cart_id=" + paid + "&shopping_cart_id=abc",
                "?shopping_cart_id=abc&shopping_cart_id=" + paid,
                "?shopping_cart_id=" + paid + "&shopping_cart_id=",
                "?shopping_cart_id%5B%5D=" + paid,
                "?SHOPPING_CART_ID=" + paid,
                "?cart_id=" + paid,
                "?shopping_cart_id=" + "9".repeat(10_000)));
        for (String id : BAD_PATH_IDS) {
            queries.add("?shopping_cart_id=" + id);
        }
        return queries.stream()
                .map(query -> refused("GET /payments" + abbreviate(query), () -> http.get("/payments" + query)));
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void theOpenCartStillHoldsExactlyWhatItHeldAndChecksOutOnce() {
        // only now is the cart checked out, with a valid card: it holds one unit of product 1, as set up
        var response = post("/shopping-carts/" + cart + "/checkout", "{\"credit_card_number\":\"" + VISA + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        int orderId = Json.read(response.body(), JsonNode.class).get("order_id").intValue();
        Order order = catalog.carts().order(orderId).orElseThrow();
        assertThat(order.items()).isEqualTo(Map.of(1, 1));
        assertThat(catalog.carts().orderCount()).isEqualTo(1);
        assertThat(catalog.warehouse().stock(1)).isEqualTo(new Stock(1, 999, 1));
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void unicodeTextIsStoredAndReadBackExactly() {
        String sku = "😀-ü-中文-\u202Eabc-\u05D0";
        String body = "{\"product_id\":3,\"sku\":" + Json.write(sku) + ",\"manufacturer\":\"Ørsted ∑\","
                + "\"category_id\":1,\"weight\":0,\"some_other_id\":1}";
        assertThat(post("/products/3/details", body).statusCode()).isEqualTo(204);
        JsonNode stored = Json.read(http.get("/products/3").body(), JsonNode.class);
        assertThat(stored.get("sku").textValue()).isEqualTo(sku);
        assertThat(stored.get("manufacturer").textValue()).isEqualTo("Ørsted ∑");
    }

    private HttpResponse<String> post(String path, String body) {
        if (path.length() <= 8 * 1024) {
            return http.post(path, body);
        }
        // The server answers a too-long URI with 414 and closes the connection without reading the body; a
        // client still writing the body then sees a broken pipe instead of the answer. With Expect:
        // 100-continue the client waits for the server's word before it sends the body.
        return http.send(http.request(path)
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** A request that must be refused with a 4xx and the error body, leaving the stored state as it was. */
    private DynamicTest refused(String name, java.util.function.Supplier<HttpResponse<String>> request) {
        return DynamicTest.dynamicTest(name, () -> {
            Snapshot before = snapshot();
            HttpResponse<String> response = request.get(); // OpenApiCheck: the answer matches the document
            String shown = abbreviate(response.body());
            assertThat(response.statusCode()).as(shown).isBetween(400, 499);
            JsonNode error = Json.read(response.body(), JsonNode.class);
            assertThat(error.path("error").asText()).as(shown).matches("[A-Z][A-Z0-9_]*");
            assertThat(error.path("message").asText()).as(shown).isNotBlank();
            assertThat(response.body()).as("no internals").doesNotContain("Exception", "at scalelab", "jackson");
            assertThat(snapshot()).isEqualTo(before);
        });
    }

    /** Everything the catalog stores that a request could change. */
    private record Snapshot(
            long products,
            Optional<Product> product1,
            Optional<Product> product2,
            Optional<Product> product3,
            StockTotals stock,
            Stock stock1,
            Stock stock2,
            long carts,
            long orders,
            int ledger,
            long approved,
            long declined) {}

    private Snapshot snapshot() {
        var products = catalog.products();
        var warehouse = catalog.warehouse();
        var payments = catalog.payments();
        return new Snapshot(
                products.count(),
                products.find(1),
                products.find(2),
                products.find(3),
                warehouse.totals(),
                warehouse.stock(1),
                warehouse.stock(2),
                catalog.carts().cartCount(),
                catalog.carts().orderCount(),
                payments.ledgerSize(),
                payments.approvedCount(),
                payments.declinedCount());
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() > 60 ? oneLine.substring(0, 60) + "…(" + text.length() + " chars)" : oneLine;
    }
}
