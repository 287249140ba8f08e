package scalelab.flashsale.order;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The order rows of API.md: {@code POST /orders/sync}, {@code POST /orders/async}, {@code GET /orders/{id}}.
 *
 * <pre>
 * curl -s -X POST localhost:8080/orders/async -H 'Content-Type: application/json' \
 *      -d '{"customer_id":42,"items":[{"product_id":"product_12","quantity":2,"price":9.99}]}'
 * #Output: {"message":"order accepted and queued for processing","order":{"order_id":"…","status":"pending",…}}
 * </pre>
 *
 * <p>Errors: 400 {@code INVALID_BODY} / {@code INVALID_ORDER} (every bad field in {@code details}); 503
 * {@code PAYMENT_BUSY} with {@code Retry-After} (sync: no payment could start within the sync timeout); 503
 * {@code QUEUE_UNAVAILABLE} (async: the broker did not confirm); 400 {@code INVALID_ORDER_ID} for an id that
 * is not a UUID and 404 {@code ORDER_NOT_FOUND} for one the store does not know.
 */
public final class OrderRoutes implements Routes {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final OrderService orders;

    public OrderRoutes(OrderService orders) {
        this.orders = orders;
    }

    @Override
    public void register(Router router) {
        router.post("/orders/sync", this::placeSync)
                .post("/orders/async", this::placeAsync)
                .get("/orders/{id}", this::find);
    }

    private void placeSync(Exchange ex) throws InterruptedException {
        var request = OrderInput.parse(ex.body(OrderInput.Body.class));
        try {
            ex.json(200, answer("order paid and completed", orders.placeSync(request)));
        } catch (PaymentBusyException e) {
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            ex.header("Retry-After", Long.toString(seconds));
            throw new ApiException(
                    503,
                    "PAYMENT_BUSY",
                    "the payment service is busy: no payment could start within "
                            + orders.syncTimeout().toMillis() + " ms; try again later",
                    null);
        }
    }

    private void placeAsync(Exchange ex) {
        var request = OrderInput.parse(ex.body(OrderInput.Body.class));
        try {
            ex.json(202, answer("order accepted and queued for processing", orders.placeAsync(request)));
        } catch (QueueUnavailableException e) {
            ex.header("Retry-After", "1");
            throw new ApiException(
                    503,
                    "QUEUE_UNAVAILABLE",
                    "the order could not be queued and was not accepted; try again later",
                    null);
        }
    }

    private void find(Exchange ex) {
        String id = ex.pathParam("id");
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw ApiException.badRequest(
                    "INVALID_ORDER_ID", "an order id is a UUID like 3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b", null);
        }
        UUID orderId = UUID.fromString(id.toLowerCase(Locale.ROOT));
        ex.json(
                200,
                orders.find(orderId)
                        .orElseThrow(
                                () -> new ApiException(404, "ORDER_NOT_FOUND", "order not found", orderId.toString())));
    }

    private static Map<String, Object> answer(String message, Order order) {
        var body = new LinkedHashMap<String, Object>();
        body.put("message", message);
        body.put("order", order);
        return body;
    }
}
