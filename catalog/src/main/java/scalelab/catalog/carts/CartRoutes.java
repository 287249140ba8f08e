package scalelab.catalog.carts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.catalog.Input;
import scalelab.catalog.payments.CardNumber;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Health;
import scalelab.core.http.Problems;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The shopping-cart rows of API.md, plus {@code GET /shopping-carts/{id}} (the cart, its items and order)
 * and {@code GET /orders/{orderId}} to see what a checkout recorded.
 *
 * <pre>
 * curl -s -X POST localhost:8080/shopping-carts -H 'Content-Type: application/json' -d '{"customer_id":1}'
 * #Output: {"shopping_cart_id":1}
 * </pre>
 */
public final class CartRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(CartRoutes.class);
    private final Carts carts;

    public CartRoutes(Carts carts) {
        this.carts = carts;
    }

    @Override
    public void register(Router router) {
        router.post("/shopping-carts", this::create)
                .get("/shopping-carts/{id}", this::find)
                .post("/shopping-carts/{id}/items", this::addItem)
                .post("/shopping-carts/{id}/checkout", this::checkout)
                .get("/orders/{orderId}", this::order);
    }

    private void create(Exchange ex) {
        JsonNode body = Input.object(ex.body(JsonNode.class));
        var problems = new Problems();
        int customerId = Input.integer(body, "customer_id", 1, problems);
        problems.throwIfAny("INVALID_CART", "the cart is invalid");
        ex.json(201, Map.of("shopping_cart_id", carts.create(customerId)));
    }

    /** The cart, or 404: what the payments service asks when it runs apart. */
    private void find(Exchange ex) {
        int cartId = Input.pathId("id", ex.pathParam("id"));
        ex.json(
                200,
                carts.find(cartId)
                        .orElseThrow(() -> new ApiException(
                                404, "CART_NOT_FOUND", "shopping cart not found", "shopping_cart_id " + cartId)));
    }

    private void addItem(Exchange ex) {
        int cartId = Input.pathId("id", ex.pathParam("id"));
        JsonNode body = Input.object(ex.body(JsonNode.class));
        var problems = new Problems();
        int productId = Input.integer(body, "product_id", 1, problems);
        int quantity = Input.integer(body, "quantity", 1, problems);
        problems.throwIfAny("INVALID_ITEM", "the item is invalid");
        carts.addItem(cartId, productId, quantity);
        ex.empty(204);
    }

    private void checkout(Exchange ex) {
        int cartId = Input.pathId("id", ex.pathParam("id"));
        String card = null;
        if (ex.header("Content-Length").map(n -> !n.equals("0")).orElse(false)
                || ex.header("Transfer-Encoding").isPresent()) {
            JsonNode body = Input.object(ex.body(JsonNode.class));
            if (body.has("credit_card_number")) {
                var problems = new Problems();
                card = Input.string(body, "credit_card_number", 13, 19, problems);
                problems.throwIfAny("INVALID_CARD", "the card number is invalid");
                CardNumber.parse(card); // digits and Luhn: a bad card never claims the cart nor reserves stock
            }
        }
        ex.json(200, Map.of("order_id", carts.checkout(cartId, card)));
    }

    private void order(Exchange ex) {
        int orderId = Input.pathId("orderId", ex.pathParam("orderId"));
        ex.json(
                200,
                carts.order(orderId).orElseThrow(() -> ApiException.notFound("ORDER_NOT_FOUND", "order not found")));
    }

    /**
     * Healthy while the cart store answers a primary-key lookup (cheap, unlike counting growing tables: the
     * counts are in {@code /metrics}); unhealthy (503 with the health body) when it fails.
     */
    @Override
    public Health health() {
        try {
            carts.probe();
            return Health.healthy();
        } catch (RuntimeException e) {
            log.warn("health: cart store failed: {}", e.getMessage()); // the detail stays in the log
            return Health.unhealthy("cart store unavailable");
        }
    }

    @Override
    public void describeMetrics(Map<String, Object> metrics) {
        try {
            metrics.put("carts", Map.of("carts", carts.cartCount(), "orders", carts.orderCount()));
        } catch (RuntimeException e) {
            metrics.put("carts", null);
        }
    }
}
