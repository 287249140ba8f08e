package scalelab.catalog.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.catalog.Catalog;
import scalelab.catalog.OpenApiCheck;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;

/** The routes one service asks another when they run apart, each on its own. */
class LookupRoutesTest {
    private final Catalog catalog = Catalog.inMemory();
    private final HttpServer server =
            HttpServer.start(ServerConfig.loopback("catalog"), catalog.routes().toArray(Routes[]::new));
    private final OpenApiCheck.Http http = OpenApiCheck.http(server.uri());

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Json.read(response.body(), JsonNode.class).get("error").asText())
                .isEqualTo(code);
    }

    @Test
    void openCartShowsItsItemsAndNoOrder() {
        int cartId = catalog.carts().create(4);
        catalog.carts().addItem(cartId, 2, 3);
        var response = http.get("/shopping-carts/" + cartId);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"shopping_cart_id\":" + cartId
                        + ",\"customer_id\":4,\"items\":[{\"product_id\":2,\"quantity\":3}],\"order_id\":null}");
    }

    @Test
    void checkedOutCartShowsItsOrder() {
        int cartId = catalog.carts().create(4);
        catalog.carts().addItem(cartId, 1, 2);
        catalog.carts().addItem(cartId, 2, 1);
        catalog.carts().addItem(cartId, 1, 1);
        int orderId = catalog.carts().checkout(cartId, "4242424242424242");
        var response = http.get("/shopping-carts/" + cartId);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"shopping_cart_id\":" + cartId + ",\"customer_id\":4,\"items\":["
                        + "{\"product_id\":1,\"quantity\":3},{\"product_id\":2,\"quantity\":1}],\"order_id\":"
                        + orderId + "}");
    }

    @Test
    void unknownOrBadCartIdIs404Or400() {
        assertError(http.get("/shopping-carts/999"), 404, "CART_NOT_FOUND");
        assertError(http.get("/shopping-carts/0"), 400, "INVALID_ID");
        assertError(http.get("/shopping-carts/abc"), 400, "INVALID_ID");
    }

    @Test
    void paymentOfACartIsFoundByItsCartId() {
        int cartId = catalog.carts().create(1);
        String transaction = catalog.payments().chargeOrThrow("4242424242424242", cartId);
        var response = http.get("/payments?shopping_cart_id=" + cartId);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.read(response.body(), JsonNode.class)
                        .get("transaction_id")
                        .asText())
                .isEqualTo(transaction);
    }

    @Test
    void cartWithoutApprovedPaymentIs404AndAMissingOrBadCartIdIs400() {
        int cartId = catalog.carts().create(1);
        assertError(http.get("/payments?shopping_cart_id=" + cartId), 404, "PAYMENT_NOT_FOUND");
        assertError(http.get("/payments"), 400, "INVALID_QUERY");
        assertError(http.get("/payments?shopping_cart_id=-1"), 400, "INVALID_ID");
    }

    @Test
    void repeatedCartIdIs400EvenWhenEachValueWouldBeFound() {
        int cartId = catalog.carts().create(1);
        catalog.payments().chargeOrThrow("4242424242424242", cartId);
        assertThat(http.get("/payments?shopping_cart_id=" + cartId).statusCode())
                .isEqualTo(200);
        assertError(
                http.get("/payments?shopping_cart_id=" + cartId + "&shopping_cart_id=" + cartId), 400, "INVALID_QUERY");
    }

    @Test
    void releaseGivesReservedUnitsBackAndRefusesMoreThanReserved() {
        String units = "{\"product_id\":1,\"quantity\":2}";
        assertThat(http.post("/warehouse/reserve", units).statusCode()).isEqualTo(204);
        assertThat(http.post("/warehouse/release", units).statusCode()).isEqualTo(204);
        assertThat(http.get("/warehouse/stock/1").body())
                .isEqualTo("{\"product_id\":1,\"available\":1000,\"reserved\":0}");
        assertError(http.post("/warehouse/release", units), 400, "INSUFFICIENT_RESERVED");
        assertError(http.post("/warehouse/release", "{\"product_id\":1}"), 400, "INVALID_REQUEST");
        assertError(http.post("/warehouse/release", "{\"product_id\":99,\"quantity\":1}"), 404, "PRODUCT_NOT_FOUND");
    }
}
