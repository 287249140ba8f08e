package scalelab.catalog.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.catalog.Catalog.Service;
import scalelab.catalog.OpenApiCheck;
import scalelab.catalog.security.Authenticator;
import scalelab.catalog.security.Credentials;
import scalelab.catalog.security.SecurityConfig;
import scalelab.core.http.HttpServer;
import scalelab.core.json.Json;

/**
 * The catalog deployed apart: four services on four ports, talking over HTTP with timeouts and with the
 * API key. A checkout crosses all four: carts asks products, reserves at the warehouse, charges at
 * payments, which asks carts whether the cart exists.
 */
class SplitDeploymentTest {
    static final String KEY = "split-key";
    static final String CARD = "4242424242424242";
    static final String DECLINED_CARD = "4000000000000002";
    /** Time allowed beyond the request timeout for a 503 to come back. */
    static final Duration MARGIN = Duration.ofMillis(1500);

    private final SplitDeployment catalog =
            new SplitDeployment(SecurityConfig.apiKey(KEY), Credentials.apiKey(KEY), SplitDeployment.FAST);
    private final OpenApiCheck.Http carts = catalog.http(catalog.carts);
    private final OpenApiCheck.Http warehouse = catalog.http(catalog.warehouse);
    private final OpenApiCheck.Http payments = catalog.http(catalog.payments);

    @AfterEach
    void stop() {
        catalog.close();
    }

    static HttpResponse<String> post(OpenApiCheck.Http http, String path, String json) {
        return http.post(path, json, Map.of("X-API-Key", KEY));
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("error").asText()).isEqualTo(code);
    }

    /** A cart with {@code quantity} units of product 1; returns its id. */
    static int cartWith(OpenApiCheck.Http carts, int quantity) {
        var created = post(carts, "/shopping-carts", "{\"customer_id\":7}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        int cartId = json(created).get("shopping_cart_id").asInt();
        var added =
                post(carts, "/shopping-carts/" + cartId + "/items", "{\"product_id\":1,\"quantity\":" + quantity + "}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
        return cartId;
    }

    static HttpResponse<String> checkout(OpenApiCheck.Http carts, int cartId, String card) {
        return post(carts, "/shopping-carts/" + cartId + "/checkout", "{\"credit_card_number\":\"" + card + "\"}");
    }

    JsonNode stock(int productId) {
        return json(warehouse.get("/warehouse/stock/" + productId));
    }

    @Test
    void checkoutAcrossFourServicesReservesStockAndRecordsTheOrder() {
        int cartId = cartWith(carts, 3);

        var checkout = checkout(carts, cartId, CARD);

        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
        int orderId = json(checkout).get("order_id").asInt();
        assertThat(stock(1).get("reserved").asInt()).isEqualTo(3);
        assertThat(stock(1).get("available").asInt()).isEqualTo(997);
        JsonNode order = json(carts.get("/orders/" + orderId));
        assertThat(order.get("shopping_cart_id").asInt()).isEqualTo(cartId);
        String transaction = order.get("transaction_id").asText();
        assertThat(transaction).startsWith("txn_");
        JsonNode payment = json(payments.get("/payments/" + transaction));
        assertThat(payment.get("success").asBoolean()).isTrue();
        assertThat(payment.get("shopping_cart_id").asInt()).isEqualTo(cartId);
        JsonNode cart = json(carts.get("/shopping-carts/" + cartId));
        assertThat(cart.get("order_id").asInt()).isEqualTo(orderId);
        assertThat(cart.get("items").toString()).isEqualTo("[{\"product_id\":1,\"quantity\":3}]");
    }

    @Test
    void cartPaidAtThePaymentsServiceChecksOutWithoutACard() {
        int cartId = cartWith(carts, 1);
        var paid = post(
                payments,
                "/payments/checkout",
                "{\"credit_card_number\":\"" + CARD + "\",\"shopping_cart_id\":" + cartId + "}");
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);

        var checkout = post(carts, "/shopping-carts/" + cartId + "/checkout", "");

        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
        int orderId = json(checkout).get("order_id").asInt();
        assertThat(json(carts.get("/orders/" + orderId)).get("transaction_id").asText())
                .isEqualTo(json(paid).get("transaction_id").asText());
    }

    @Test
    void unpaidCartWithoutACardIsRefusedAndReleasesItsStock() {
        int cartId = cartWith(carts, 2);
        assertError(post(carts, "/shopping-carts/" + cartId + "/checkout", ""), 400, "PAYMENT_REQUIRED");
        assertThat(stock(1).get("reserved").asInt()).isZero();
    }

    @Test
    void declinedCardReleasesTheReservationAtTheRemoteWarehouse() {
        int cartId = cartWith(carts, 4);

        var checkout = checkout(carts, cartId, DECLINED_CARD);

        assertError(checkout, 400, "PAYMENT_DECLINED"); // API.md: the cart checkout has no 402
        assertThat(json(checkout).get("details").asText()).contains("card_declined");
        assertThat(stock(1).get("reserved").asInt()).isZero();
        assertThat(stock(1).get("available").asInt()).isEqualTo(1000);
        assertThat(json(carts.get("/shopping-carts/" + cartId)).get("order_id").isNull())
                .isTrue();
        // the cart stays open: a good card then checks it out
        assertThat(checkout(carts, cartId, CARD).statusCode()).isEqualTo(200);
    }

    @Test
    void refusalsOfTheOtherServicesReachTheClientAsTheyAre() {
        var created = post(carts, "/shopping-carts", "{\"customer_id\":7}");
        int cartId = json(created).get("shopping_cart_id").asInt();
        assertError(
                post(carts, "/shopping-carts/" + cartId + "/items", "{\"product_id\":99,\"quantity\":1}"),
                404,
                "PRODUCT_NOT_FOUND");

        int big = cartWith(carts, 5000);
        assertError(checkout(carts, big, CARD), 400, "INSUFFICIENT_STOCK");
        assertThat(stock(1).get("reserved").asInt()).isZero();

        assertError(checkout(carts, cartWith(carts, 1), "4242424242424241"), 400, "INVALID_CARD");
        assertThat(stock(1).get("reserved").asInt()).isZero();
    }

    @Test
    void aProductTheWarehouseDoesNotStockIsInsufficientStockAtCheckout() {
        String product = "{\"product_id\":7,\"sku\":\"P-7\",\"manufacturer\":\"Acme\",\"category_id\":1,"
                + "\"weight\":100,\"some_other_id\":1}";
        assertThat(post(catalog.http(catalog.products), "/products/7/details", product)
                        .statusCode())
                .isEqualTo(204);
        int cartId = cartWith(carts, 2);
        assertThat(post(carts, "/shopping-carts/" + cartId + "/items", "{\"product_id\":7,\"quantity\":1}")
                        .statusCode())
                .isEqualTo(204);

        var checkout = checkout(carts, cartId, CARD);

        assertError(checkout, 400, "INSUFFICIENT_STOCK"); // API.md's 404 there is the cart's
        assertThat(json(checkout).get("details").asText()).contains("product_id 7");
        assertThat(stock(1).get("reserved").asInt()).isZero();
    }

    @Test
    void paymentsAsksTheCartsServiceWhetherTheCartExists() {
        var unknown = post(
                payments, "/payments/checkout", "{\"credit_card_number\":\"" + CARD + "\",\"shopping_cart_id\":999}");
        assertError(unknown, 404, "CART_NOT_FOUND");
        assertThat(json(payments.get("/metrics")).at("/payments/ledger_size").asInt())
                .isZero();
    }

    @Test
    void stoppedWarehouseMakesCheckoutAnswer503QuicklyNamingIt() {
        int cartId = cartWith(carts, 2);
        catalog.warehouse.close();

        long start = System.nanoTime();
        var checkout = checkout(carts, cartId, CARD);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertError(checkout, 503, "DEPENDENCY_UNAVAILABLE");
        assertThat(json(checkout).get("message").asText()).contains("warehouse");
        assertThat(took).isLessThan(SplitDeployment.FAST.requestTimeout().plus(MARGIN));
        assertThat(json(carts.get("/shopping-carts/" + cartId)).get("order_id").isNull())
                .isTrue();
    }

    @Test
    void warehouseThatNeverAnswersMakesCheckoutAnswer503WithinTheTimeout() throws IOException {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) { // accepts, never replies
            var remotes = Remotes.of(SplitDeployment.FAST, Credentials.apiKey(KEY))
                    .withProducts(catalog.products.uri())
                    .withWarehouse(SplitDeployment.url(silent.getLocalPort()))
                    .withPayments(catalog.payments.uri());
            HttpServer alone =
                    SplitDeployment.start(Service.CARTS, remotes, Authenticator.of(SecurityConfig.apiKey(KEY)), 0);
            try {
                OpenApiCheck.Http cartsAlone = OpenApiCheck.http(alone.uri());
                int cartId = cartWith(cartsAlone, 2);

                long start = System.nanoTime();
                var checkout = checkout(cartsAlone, cartId, CARD);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertError(checkout, 503, "DEPENDENCY_UNAVAILABLE");
                assertThat(json(checkout).get("message").asText()).contains("warehouse");
                assertThat(took)
                        .isGreaterThanOrEqualTo(
                                SplitDeployment.FAST.requestTimeout().minusMillis(100))
                        .isLessThan(SplitDeployment.FAST.requestTimeout().plus(MARGIN));
            } finally {
                alone.close();
            }
        }
    }

    @Test
    void paymentsThatNeverAnswerMakeCheckoutAnswer503AndLeakNoStock() throws IOException {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var remotes = Remotes.of(SplitDeployment.FAST, Credentials.apiKey(KEY))
                    .withProducts(catalog.products.uri())
                    .withWarehouse(catalog.warehouse.uri())
                    .withPayments(SplitDeployment.url(silent.getLocalPort()));
            HttpServer alone =
                    SplitDeployment.start(Service.CARTS, remotes, Authenticator.of(SecurityConfig.apiKey(KEY)), 0);
            try {
                OpenApiCheck.Http cartsAlone = OpenApiCheck.http(alone.uri());
                int cartId = cartWith(cartsAlone, 2);

                long start = System.nanoTime();
                var checkout = checkout(cartsAlone, cartId, CARD);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertError(checkout, 503, "DEPENDENCY_UNAVAILABLE");
                assertThat(json(checkout).get("message").asText()).contains("payments");
                assertThat(took)
                        .isLessThan(SplitDeployment.FAST.requestTimeout().plus(MARGIN));
                assertThat(stock(1).get("reserved").asInt()).isZero(); // reserved, then released
                assertThat(stock(1).get("available").asInt()).isEqualTo(1000);
            } finally {
                alone.close();
            }
        }
    }

    @Test
    void wrongKeyBetweenServicesIs503NotTheClientsFault() {
        var remotes = Remotes.of(SplitDeployment.FAST, Credentials.apiKey("not-the-key"))
                .withProducts(catalog.products.uri())
                .withWarehouse(catalog.warehouse.uri())
                .withPayments(catalog.payments.uri());
        HttpServer alone =
                SplitDeployment.start(Service.CARTS, remotes, Authenticator.of(SecurityConfig.apiKey(KEY)), 0);
        try {
            OpenApiCheck.Http cartsAlone = OpenApiCheck.http(alone.uri());
            int cartId = cartWith(cartsAlone, 1); // reads of products need no key

            var checkout = checkout(cartsAlone, cartId, CARD);

            assertError(checkout, 503, "DEPENDENCY_UNAVAILABLE");
            assertThat(json(checkout).get("details").asText())
                    .contains("credentials")
                    .doesNotContain("not-the-key");
            assertThat(stock(1).get("reserved").asInt()).isZero();
        } finally {
            alone.close();
        }
    }

    @Test
    void clientWithoutTheKeyIsRefusedByEveryService() {
        assertError(carts.post("/shopping-carts", "{\"customer_id\":1}"), 401, "UNAUTHORIZED");
        assertError(warehouse.post("/warehouse/reserve", "{\"product_id\":1,\"quantity\":1}"), 401, "UNAUTHORIZED");
        assertError(payments.post("/payments/checkout", "{}"), 401, "UNAUTHORIZED");
        assertError(catalog.http(catalog.products).post("/products/1/details", "{}"), 401, "UNAUTHORIZED");
    }

    @Test
    void servicesSecuredByAJwtSecretCallEachOtherWithTokensTheyMint() {
        String secret = "a-secret-shared-by-the-four-services!";
        var security = SecurityConfig.jwt(secret);
        try (var jwtCatalog = new SplitDeployment(security, Credentials.from(security), SplitDeployment.FAST)) {
            OpenApiCheck.Http jwtCarts = jwtCatalog.http(jwtCatalog.carts);
            String bearer = "Bearer " + bearerFor(Credentials.jwt(secret, "client", java.time.Clock.systemUTC()));
            var created = jwtCarts.post("/shopping-carts", "{\"customer_id\":1}", Map.of("Authorization", bearer));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            int cartId = json(created).get("shopping_cart_id").asInt();
            for (String[] call : new String[][] {
                {"/shopping-carts/" + cartId + "/items", "{\"product_id\":2,\"quantity\":1}"},
                {"/shopping-carts/" + cartId + "/checkout", "{\"credit_card_number\":\"" + CARD + "\"}"}
            }) {
                var response = jwtCarts.post(call[0], call[1], Map.of("Authorization", bearer));
                assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
            }
            assertThat(json(jwtCatalog.http(jwtCatalog.warehouse).get("/warehouse/stock/2"))
                            .get("reserved")
                            .asInt())
                    .isEqualTo(1);
        }
    }

    private static String bearerFor(Credentials credentials) {
        var request = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1/"));
        credentials.addTo(request);
        return request.build()
                .headers()
                .firstValue("Authorization")
                .orElseThrow()
                .substring("Bearer ".length());
    }
}
