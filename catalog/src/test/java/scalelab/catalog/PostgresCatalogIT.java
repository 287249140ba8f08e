package scalelab.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scalelab.catalog.warehouse.Stock;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.core.storage.Postgres;
import scalelab.core.storage.StorageUnavailableException;
import scalelab.testkit.RealServices;

/**
 * Two catalog instances (two {@link Catalog#postgres} objects, so two connection pools, each behind its
 * own HTTP server) on one PostgreSQL schema, fresh for each test: what one writes the other reads, and
 * together they never oversell stock nor turn one cart into two orders.
 */
class PostgresCatalogIT {
    static final String CARD = "{\"credit_card_number\":\"4242424242424242\"}";
    static final String DECLINED_CARD = "{\"credit_card_number\":\"4000000000000002\"}";

    private String serverUrl;
    private String schema;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Catalog catalogA;
    private Catalog catalogB;
    private OpenApiCheck.Http a;
    private OpenApiCheck.Http b;

    @BeforeEach
    void startTwoInstances() {
        serverUrl = RealServices.postgresUrl();
        schema = "catalog_it_" + UUID.randomUUID().toString().replace("-", "");
        catalogA = open();
        catalogB = open();
        a = serve(catalogA);
        b = serve(catalogB);
    }

    private Catalog open() {
        Catalog catalog = Catalog.postgres(serverUrl, schema);
        opened.add(catalog);
        return catalog;
    }

    private OpenApiCheck.Http serve(Catalog catalog) {
        HttpServer server = HttpServer.start(
                ServerConfig.loopback("catalog"), catalog.routes().toArray(Routes[]::new));
        opened.add(0, server); // servers stop before their pools close
        return OpenApiCheck.http(server.uri());
    }

    @AfterEach
    void stopAndDropSchema() throws Exception {
        for (AutoCloseable resource : opened) {
            resource.close();
        }
        Postgres.execute(serverUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    private static String error(HttpResponse<String> response) {
        return json(response).get("error").asText();
    }

    private static int newCart(OpenApiCheck.Http http) {
        var response = http.post("/shopping-carts", "{\"customer_id\":7}");
        assertThat(response.statusCode()).isEqualTo(201);
        return json(response).get("shopping_cart_id").asInt();
    }

    private static void add(OpenApiCheck.Http http, int cart, int product, int quantity) {
        var response = http.post(
                "/shopping-carts/" + cart + "/items", "{\"product_id\":" + product + ",\"quantity\":" + quantity + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    @Test
    void aNewDatabaseIsSeededWithBothProductsAndTheirStock() {
        assertThat(json(b.get("/products/1")))
                .isEqualTo(Json.read(
                        "{\"product_id\":1,\"sku\":\"LAPTOP-001\",\"manufacturer\":\"Dell\",\"category_id\":1,"
                                + "\"weight\":2500,\"some_other_id\":101}",
                        JsonNode.class));
        assertThat(json(b.get("/products/2")).get("sku").asText()).isEqualTo("PHONE-001");
        assertThat(catalogA.warehouse().stock(1)).isEqualTo(new Stock(1, 1000, 0));
        assertThat(catalogA.warehouse().stock(2)).isEqualTo(new Stock(2, 1000, 0));
    }

    @Test
    void aThirdInstanceOnTheSameSchemaNeitherReseedsNorResetsStock() {
        assertThat(a.post("/products/1/details", laptop("LAPTOP-002")).statusCode())
                .isEqualTo(204);
        assertThat(a.post("/warehouse/reserve", "{\"product_id\":1,\"quantity\":3}")
                        .statusCode())
                .isEqualTo(204);
        try (Catalog third = Catalog.postgres(serverUrl, schema)) {
            assertThat(third.products().find(1).orElseThrow().sku()).isEqualTo("LAPTOP-002");
            assertThat(third.warehouse().stock(1)).isEqualTo(new Stock(1, 997, 3));
        }
    }

    private static String laptop(String sku) {
        return "{\"product_id\":1,\"sku\":\"" + sku
                + "\",\"manufacturer\":\"Dell\",\"category_id\":1,\"weight\":2500,\"some_other_id\":101}";
    }

    @Test
    void aProductSavedThroughOneInstanceIsReadThroughTheOther() {
        String phone = "{\"product_id\":5,\"sku\":\"PHONE-005\",\"manufacturer\":\"Fairphone\",\"category_id\":2,"
                + "\"weight\":210,\"some_other_id\":105}";
        assertThat(b.get("/products/5").statusCode()).isEqualTo(404);
        assertThat(a.post("/products/5/details", phone).statusCode()).isEqualTo(204);
        assertThat(json(b.get("/products/5"))).isEqualTo(Json.read(phone, JsonNode.class));
        // replaced through the other instance, never duplicated
        String heavier = phone.replace("\"weight\":210", "\"weight\":230");
        assertThat(b.post("/products/5/details", heavier).statusCode()).isEqualTo(204);
        assertThat(json(a.get("/products/5")).get("weight").asInt()).isEqualTo(230);
        assertThat(catalogA.products().count()).isEqualTo(3);
    }

    @Test
    void aCartCreatedOnOneInstanceIsFilledPaidAndCheckedOutOnTheOther() {
        int cart = newCart(a);
        add(b, cart, 1, 2);
        add(a, cart, 2, 1);
        // paid through A's payments, checked out without a body through B: the ledger is shared
        var payment = a.post(
                "/payments/checkout",
                "{\"credit_card_number\":\"4242424242424242\",\"shopping_cart_id\":" + cart + "}");
        assertThat(payment.statusCode()).isEqualTo(200);
        String transaction = json(payment).get("transaction_id").asText();
        assertThat(json(b.get("/payments/" + transaction)).get("last4").asText())
                .isEqualTo("4242");
        var checkout = b.post("/shopping-carts/" + cart + "/checkout", "");
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
        int order = json(checkout).get("order_id").asInt();
        JsonNode recorded = json(a.get("/orders/" + order));
        assertThat(recorded.get("shopping_cart_id").asInt()).isEqualTo(cart);
        assertThat(recorded.get("customer_id").asInt()).isEqualTo(7);
        assertThat(recorded.get("transaction_id").asText()).isEqualTo(transaction);
        assertThat(recorded.get("items").get("1").asInt()).isEqualTo(2);
        assertThat(recorded.get("items").get("2").asInt()).isEqualTo(1);
        assertThat(catalogA.warehouse().stock(1)).isEqualTo(new Stock(1, 998, 2));
        var again = a.post("/shopping-carts/" + cart + "/checkout", CARD);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(error(again)).isEqualTo("CART_CHECKED_OUT");
    }

    @Test
    void theLedgerKeepsOnlyTheLastFourDigits() {
        int cart = newCart(a);
        assertThat(a.post(
                                "/payments/checkout",
                                "{\"credit_card_number\":\"5555555555554444\",\"shopping_cart_id\":" + cart + "}")
                        .statusCode())
                .isEqualTo(200);
        String rows = rowsAsText("SELECT * FROM " + schema + ".payments");
        assertThat(rows).contains("4444").doesNotContain("5555555555554444");
    }

    /** Every row of a query, as text, read through the test's own connection. */
    private String rowsAsText(String sql) {
        var text = new StringBuilder();
        try (var c = java.sql.DriverManager.getConnection(serverUrl);
                var statement = c.createStatement();
                var rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    text.append(rs.getString(i)).append('|');
                }
                text.append('\n');
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    @Test
    void concurrentReservationsThroughBothInstancesNeverOversell() throws Exception {
        catalogA.warehouse().reserve(1, 5); // reserved before the race: 5
        catalogA.warehouse().setStock(1, 10); // the last 10 units
        int requests = 100;
        var statuses = new ConcurrentHashMap<String, Integer>();
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(requests)) {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < requests; i++) {
                OpenApiCheck.Http http = i % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> {
                    start.await();
                    var response = http.post("/warehouse/reserve", "{\"product_id\":1,\"quantity\":1}");
                    String outcome =
                            response.statusCode() == 204 ? "204" : response.statusCode() + " " + error(response);
                    statuses.merge(outcome, 1, Integer::sum);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(statuses).isEqualTo(Map.of("204", 10, "400 INSUFFICIENT_STOCK", 90));
        assertThat(catalogB.warehouse().stock(1)).isEqualTo(new Stock(1, 0, 15));
        assertThat(json(a.get("/warehouse/stock/1")).get("available").asInt()).isZero();
    }

    @Test
    void theSameCartCheckedOutConcurrentlyThroughBothInstancesBecomesExactlyOneOrder() throws Exception {
        int rounds = 10;
        var outcomes = new ConcurrentHashMap<String, Integer>();
        for (int round = 0; round < rounds; round++) {
            int cart = newCart(round % 2 == 0 ? a : b);
            add(a, cart, 1, 2);
            var start = new CountDownLatch(1);
            try (var pool = Executors.newFixedThreadPool(2)) {
                var futures = new ArrayList<Future<?>>();
                for (var http : List.of(a, b)) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        var response = http.post("/shopping-carts/" + cart + "/checkout", CARD);
                        // the loser finds the cart claimed or already checked out: a 400 either way
                        String outcome = response.statusCode() == 200
                                ? "200"
                                : response.statusCode()
                                        + (Set.of("CHECKOUT_IN_PROGRESS", "CART_CHECKED_OUT")
                                                        .contains(error(response))
                                                ? " refused"
                                                : " " + response.body());
                        outcomes.merge(outcome, 1, Integer::sum);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : futures) {
                    future.get();
                }
            }
        }
        assertThat(outcomes).isEqualTo(Map.of("200", rounds, "400 refused", rounds));
        assertThat(catalogA.carts().orderCount()).isEqualTo(rounds);
        assertThat(catalogB.warehouse().stock(1)).isEqualTo(new Stock(1, 1000 - 2 * rounds, 2 * rounds));
        assertThat(catalogA.payments().approvedCount() + catalogB.payments().approvedCount())
                .as("the loser never charges the card")
                .isEqualTo(rounds);
    }

    @Test
    void aDeclinedCheckoutLeavesAvailableAndReservedUnchangedAndTheCartOpen() {
        catalogA.warehouse().reserve(2, 4);
        int cart = newCart(a);
        add(a, cart, 1, 3);
        add(a, cart, 2, 2);
        var declined = b.post("/shopping-carts/" + cart + "/checkout", DECLINED_CARD);
        assertThat(declined.statusCode()).isEqualTo(400); // API.md's checkout row has no 402
        assertThat(error(declined)).isEqualTo("PAYMENT_DECLINED");
        assertThat(catalogA.warehouse().stock(1)).isEqualTo(new Stock(1, 1000, 0));
        assertThat(catalogA.warehouse().stock(2)).isEqualTo(new Stock(2, 996, 4));
        assertThat(catalogA.carts().orderCount()).isZero();
        assertThat(a.post("/shopping-carts/" + cart + "/checkout", CARD).statusCode())
                .isEqualTo(200);
        assertThat(catalogB.warehouse().stock(2)).isEqualTo(new Stock(2, 994, 6));
    }

    @Test
    void runningOutOfStockOnTheOtherInstanceReleasesWhatThisCheckoutReserved() {
        catalogA.warehouse().setStock(2, 1);
        int cart = newCart(a);
        add(a, cart, 1, 3);
        add(a, cart, 2, 2);
        var response = b.post("/shopping-carts/" + cart + "/checkout", CARD);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("INSUFFICIENT_STOCK");
        assertThat(catalogA.warehouse().stock(1)).isEqualTo(new Stock(1, 1000, 0));
        assertThat(catalogA.warehouse().stock(2)).isEqualTo(new Stock(2, 1, 0));
        assertThat(catalogA.payments().approvedCount() + catalogB.payments().approvedCount())
                .isZero();
    }

    @Test
    void aTransactionIdThatTheLedgerNeverIssuesIs404NeverA500() {
        for (String id : List.of("%00", "txn_%00", "x".repeat(10 * 1024), "txn_" + "%00".repeat(3000))) {
            var response = a.get("/payments/" + id);
            assertThat(response.statusCode())
                    .as(id.substring(0, Math.min(20, id.length())))
                    .isIn(404, 414);
            assertThat(response.body()).doesNotContain("Exception");
        }
        assertThat(a.get("/payments/%00").statusCode()).isEqualTo(404);
    }

    @Test
    void healthIsAnUnhealthy503WhenTheDatabaseIsGone() {
        assertThat(a.get("/health").statusCode()).isEqualTo(200);
        catalogA.close(); // its pool is closed: every query fails
        var health = a.get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json(health).get("status").asText()).isEqualTo("unhealthy");
        assertThat(json(health).has("error")).isFalse();
    }

    @Test
    void aProductTheWarehouseDoesNotStockIsInsufficientStockAtCheckout() {
        String phone = "{\"product_id\":7,\"sku\":\"P-7\",\"manufacturer\":\"Acme\",\"category_id\":1,"
                + "\"weight\":100,\"some_other_id\":1}";
        assertThat(a.post("/products/7/details", phone).statusCode()).isEqualTo(204);
        int cart = newCart(a);
        add(a, cart, 1, 1);
        add(a, cart, 7, 1);
        var response = b.post("/shopping-carts/" + cart + "/checkout", CARD);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("INSUFFICIENT_STOCK");
        assertThat(json(response).get("details").asText()).contains("product_id 7");
        assertThat(catalogA.warehouse().stock(1)).isEqualTo(new Stock(1, 1000, 0));
    }

    @Test
    void theStoreIsDescribedWithoutCredentials() {
        try (Catalog withPassword = Catalog.postgres(serverUrl + "&password=hunter2", schema)) {
            assertThat(withPassword.describe())
                    .contains("password=***", "schema " + schema)
                    .doesNotContain("hunter2");
        }
        assertThat(Catalog.inMemory().describe()).isEqualTo("memory");
    }

    @Test
    void anUnreachableDatabaseFailsFastWithAClearMessage() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Catalog.postgres("jdbc:postgresql://127.0.0.1:1/test?user=postgres"))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/test");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
