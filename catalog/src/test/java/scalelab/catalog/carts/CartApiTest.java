package scalelab.catalog.carts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scalelab.catalog.OpenApiCheck;
import scalelab.core.http.ApiException;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;

/** The shopping-cart rows of API.md over HTTP, against stand-in products, stock and payments. */
class CartApiTest {
    /** Products 1 and 2; stock kept here so tests can see what is reserved. */
    static final class FakeStock implements CartPorts.Stock {
        final Map<Integer, Integer> available = new HashMap<>(Map.of(1, 10, 2, 5));
        final Map<Integer, Integer> reserved = new HashMap<>();

        int reserves;

        @Override
        public synchronized void reserve(int productId, int quantity) {
            reserves++;
            if (!available.containsKey(productId)) { // as the warehouse answers for a product it does not stock
                throw new ApiException(404, "PRODUCT_NOT_FOUND", "product not found", "product_id " + productId);
            }
            int left = available.getOrDefault(productId, 0);
            if (left < quantity) {
                throw ApiException.badRequest("INSUFFICIENT_STOCK", "not enough stock", null);
            }
            available.put(productId, left - quantity);
            reserved.merge(productId, quantity, Integer::sum);
        }

        @Override
        public synchronized void release(int productId, int quantity) {
            available.merge(productId, quantity, Integer::sum);
            reserved.merge(productId, -quantity, Integer::sum);
        }
    }

    static final class FakePayments implements CartPorts.Payments {
        final Map<Integer, String> paid = new HashMap<>();
        int charges;

        @Override
        public synchronized String charge(String cardNumber, int cartId) {
            if (cardNumber.equals("4000000000000002")) {
                throw new ApiException(402, "PAYMENT_DECLINED", "card declined", null);
            }
            charges++;
            paid.put(cartId, "txn_" + cartId);
            return "txn_" + cartId;
        }

        @Override
        public synchronized Optional<String> paidFor(int cartId) {
            return Optional.ofNullable(paid.get(cartId));
        }
    }

    private final FakeStock stock = new FakeStock();
    private final FakePayments payments = new FakePayments();
    private final Carts carts = new Carts(id -> id >= 1 && id <= 3, stock, payments, 1_000);
    private final HttpServer server = HttpServer.start(ServerConfig.loopback("carts"), new CartRoutes(carts));
    private final OpenApiCheck.Http http = OpenApiCheck.http(server.uri());

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    private int newCart() {
        var response = http.post("/shopping-carts", "{\"customer_id\":42}");
        assertThat(response.statusCode()).isEqualTo(201);
        return json(response).get("shopping_cart_id").asInt();
    }

    private void add(int cart, int product, int quantity) {
        assertThat(http.post(
                                "/shopping-carts/" + cart + "/items",
                                "{\"product_id\":" + product + ",\"quantity\":" + quantity + "}")
                        .statusCode())
                .isEqualTo(204);
    }

    private static final String CARD = "{\"credit_card_number\":\"4242424242424242\"}";

    @Test
    void aCartIsCreatedFilledAndCheckedOutIntoOneOrder() {
        int cart = newCart();
        add(cart, 1, 2);
        add(cart, 2, 1);
        add(cart, 1, 1);
        var checkout = http.post("/shopping-carts/" + cart + "/checkout", CARD);
        assertThat(checkout.statusCode()).isEqualTo(200);
        int order = json(checkout).get("order_id").asInt();
        assertThat(stock.reserved).containsEntry(1, 3).containsEntry(2, 1);
        var recorded = json(http.get("/orders/" + order));
        assertThat(recorded.get("shopping_cart_id").asInt()).isEqualTo(cart);
        assertThat(recorded.get("transaction_id").asText()).isEqualTo("txn_" + cart);
    }

    @Test
    void checkingOutTwiceIs400AndNeverASecondOrder() {
        int cart = newCart();
        add(cart, 1, 1);
        assertThat(http.post("/shopping-carts/" + cart + "/checkout", CARD).statusCode())
                .isEqualTo(200);
        var again = http.post("/shopping-carts/" + cart + "/checkout", CARD);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).get("error").asText()).isEqualTo("CART_CHECKED_OUT");
        assertThat(carts.orderCount()).isEqualTo(1);
        assertThat(payments.charges).isEqualTo(1);
        assertThat(stock.reserved).containsEntry(1, 1);
        assertThat(http.post("/shopping-carts/" + cart + "/items", "{\"product_id\":1,\"quantity\":1}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void concurrentCheckoutsOfOneCartMakeExactlyOneOrder() throws Exception {
        int cart = newCart();
        add(cart, 1, 1);
        var statuses = new ArrayList<java.util.concurrent.Future<Integer>>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                statuses.add(pool.submit(() ->
                        http.post("/shopping-carts/" + cart + "/checkout", CARD).statusCode()));
            }
        }
        var counts = new HashMap<Integer, Integer>();
        for (var s : statuses) {
            counts.merge(s.get(), 1, Integer::sum);
        }
        assertThat(counts).containsEntry(200, 1).containsEntry(400, 19);
        assertThat(stock.reserved).containsEntry(1, 1);
    }

    @Test
    void anEmptyCartIs400() {
        var response = http.post("/shopping-carts/" + newCart() + "/checkout", CARD);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("CART_EMPTY");
    }

    @Test
    void aDeclinedPaymentReleasesEveryReservedUnit() {
        int cart = newCart();
        add(cart, 1, 4);
        add(cart, 2, 2);
        var response =
                http.post("/shopping-carts/" + cart + "/checkout", "{\"credit_card_number\":\"4000000000000002\"}");
        assertThat(response.statusCode()).isEqualTo(400); // API.md's checkout row lists no 402
        assertThat(json(response).get("error").asText()).isEqualTo("PAYMENT_DECLINED");
        assertThat(stock.available).containsEntry(1, 10).containsEntry(2, 5);
        assertThat(stock.reserved.values()).allMatch(n -> n == 0);
        assertThat(carts.orderCount()).isZero();
        // the cart stays open: a good card checks it out
        assertThat(http.post("/shopping-carts/" + cart + "/checkout", CARD).statusCode())
                .isEqualTo(200);
    }

    @Test
    void runningOutOfStockHalfwayReleasesWhatWasReserved() {
        int cart = newCart();
        add(cart, 1, 3);
        add(cart, 2, 6); // only 5 in stock
        var response = http.post("/shopping-carts/" + cart + "/checkout", CARD);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("INSUFFICIENT_STOCK");
        assertThat(stock.available).containsEntry(1, 10).containsEntry(2, 5);
        assertThat(payments.charges).isZero();
    }

    @Test
    void withoutABodyTheCartMustBePaidAlready() {
        int cart = newCart();
        add(cart, 1, 1);
        var unpaid = http.post("/shopping-carts/" + cart + "/checkout", "");
        assertThat(unpaid.statusCode()).isEqualTo(400);
        assertThat(json(unpaid).get("error").asText()).isEqualTo("PAYMENT_REQUIRED");
        assertThat(stock.available).containsEntry(1, 10);
        payments.charge("4242424242424242", cart); // as POST /payments/checkout would
        assertThat(http.post("/shopping-carts/" + cart + "/checkout", "").statusCode())
                .isEqualTo(200);
    }

    @Test
    void unknownCartsAndProductsAre404() {
        assertThat(json(http.post("/shopping-carts/999/items", "{\"product_id\":1,\"quantity\":1}"))
                        .get("error")
                        .asText())
                .isEqualTo("CART_NOT_FOUND");
        assertThat(http.post("/shopping-carts/999/checkout", CARD).statusCode()).isEqualTo(404);
        var unknownProduct = http.post("/shopping-carts/" + newCart() + "/items", "{\"product_id\":77,\"quantity\":1}");
        assertThat(unknownProduct.statusCode()).isEqualTo(404);
        assertThat(json(unknownProduct).get("error").asText()).isEqualTo("PRODUCT_NOT_FOUND");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{}",
                "[]",
                "null",
                "{\"customer_id\":0}",
                "{\"customer_id\":-3}",
                "{\"customer_id\":\"1\"}",
                "{\"customer_id\":1.5}",
                "{\"customer_id\":2147483648}",
                "{\"customer_id\":null}",
                "{\"customer_id\":[1]}",
                "{"
            })
    void aBadCartBodyIs400AndCreatesNothing(String body) {
        assertThat(http.post("/shopping-carts", body).statusCode()).as(body).isEqualTo(400);
        assertThat(carts.cartCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{}",
                "{\"product_id\":1}",
                "{\"quantity\":1}",
                "{\"product_id\":1,\"quantity\":0}",
                "{\"product_id\":0,\"quantity\":1}",
                "{\"product_id\":\"1\",\"quantity\":1}",
                "{\"product_id\":1,\"quantity\":1e30}",
                "{\"product_id\":1,\"quantity\":-1}",
                "{\"product_id\":1,\"quantity\":true}"
            })
    void aBadItemIs400AndChangesNothing(String body) {
        int cart = newCart();
        assertThat(http.post("/shopping-carts/" + cart + "/items", body).statusCode())
                .as(body)
                .isEqualTo(400);
        assertThat(http.post("/shopping-carts/" + cart + "/checkout", CARD).statusCode())
                .isEqualTo(400); // still empty
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "x", "2147483648"})
    void aBadCartIdIs400(String id) {
        assertThat(http.post("/shopping-carts/" + id + "/items", "{\"product_id\":1,\"quantity\":1}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.post("/shopping-carts/" + id + "/checkout", CARD).statusCode())
                .isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4242424242424241", "1234567890123", "42424242424242x2"})
    void aCardThatFailsTheChecksIs400BeforeTheCartIsClaimedOrStockReserved(String card) {
        int cart = newCart();
        add(cart, 1, 2);
        var response = http.post("/shopping-carts/" + cart + "/checkout", "{\"credit_card_number\":\"" + card + "\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("INVALID_CARD");
        assertThat(json(response).get("details").asText()).doesNotContain(card);
        assertThat(stock.reserves).isZero();
        assertThat(payments.charges).isZero();
        add(cart, 1, 1); // the cart is still open
    }

    @Test
    void aProductTheWarehouseDoesNotStockIsInsufficientStockNotA404() {
        int cart = newCart();
        add(cart, 1, 2);
        add(cart, 3, 1); // a product the products service knows, the warehouse does not
        var response = http.post("/shopping-carts/" + cart + "/checkout", CARD);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("INSUFFICIENT_STOCK");
        assertThat(json(response).get("details").asText()).contains("product_id 3", "available 0");
        assertThat(stock.available).containsEntry(1, 10);
        assertThat(payments.charges).isZero();
    }

    @Test
    void aCartAlreadyPaidIsNotChargedAgainWhenACardIsSent() {
        int cart = newCart();
        add(cart, 1, 1);
        payments.charge("4242424242424242", cart); // as POST /payments/checkout would
        var checkout = http.post("/shopping-carts/" + cart + "/checkout", CARD);
        assertThat(checkout.statusCode()).isEqualTo(200);
        assertThat(payments.charges).isEqualTo(1);
    }

    @Test
    void healthIsAnUnhealthy503WithTheHealthBodyWhenTheCartStoreFails() {
        var store = new FlakyCartStore();
        var failing = new Carts(id -> true, stock, payments, store);
        try (var server = HttpServer.start(ServerConfig.loopback("carts"), new CartRoutes(failing))) {
            var http = OpenApiCheck.http(server.uri());
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
            store.down = true;
            var health = http.get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(json(health).get("status").asText()).isEqualTo("unhealthy");
            assertThat(json(health).has("error")).isFalse();
            assertThat(http.get("/metrics").statusCode()).isEqualTo(200);
        }
    }
}
