package scalelab.catalog.payments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.catalog.Input;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Health;
import scalelab.core.http.Problems;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The payments row of API.md, plus {@code GET /payments/{transactionId}} to see what a charge recorded and
 * {@code GET /payments?shopping_cart_id=N} for the newest approved payment of a cart (the carts service asks
 * it when it runs apart).
 *
 * <pre>
 * curl -s -X POST localhost:8080/payments/checkout -H 'Content-Type: application/json' \
 *      -d '{"credit_card_number":"4242424242424242","shopping_cart_id":1}'
 * #Output: {"success":true,"transaction_id":"txn_5f0c…"}
 * curl -s localhost:8080/payments/txn_5f0c…
 * #Output: {"transaction_id":"txn_5f0c…","success":true,"last4":"4242","shopping_cart_id":1}
 * </pre>
 *
 * Checks run in this order: the body (400), the cart (404), the card's bank (402).
 */
public final class PaymentRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(PaymentRoutes.class);
    static final String CARD_FIELD = "credit_card_number";
    static final String CART_FIELD = "shopping_cart_id";

    private final Payments payments;

    public PaymentRoutes(Payments payments) {
        this.payments = payments;
    }

    @Override
    public void register(Router router) {
        router.post("/payments/checkout", this::checkout)
                .get("/payments/{transactionId}", this::find)
                .get("/payments", this::findForCart);
    }

    private void checkout(Exchange ex) {
        JsonNode body = Input.object(ex.body(JsonNode.class));
        var problems = new Problems();
        int cartId = Input.integer(body, CART_FIELD, 1, problems);
        boolean cartIdValid = problems.isEmpty();
        CardNumber card = CardNumber.read(body, CARD_FIELD, problems);
        // only the card is wrong: the same code as CardNumber.parse; otherwise one code for the whole body
        problems.throwIfAny(
                cartIdValid ? "INVALID_CARD" : "INVALID_PAYMENT",
                cartIdValid ? "the card number is invalid" : "the payment request is invalid");
        Payment payment = payments.charge(card, cartId);
        if (!payment.success()) {
            throw Payments.declined(payment, card);
        }
        ex.json(200, Map.of("success", true, "transaction_id", payment.transactionId()));
    }

    /** An id that does not have the shape the ledger issues is not looked up: 404 all the same. */
    private void find(Exchange ex) {
        String id = ex.pathParam("transactionId");
        Payment payment = (Payments.isTransactionId(id) ? payments.find(id) : Optional.<Payment>empty())
                .orElseThrow(() -> ApiException.notFound("PAYMENT_NOT_FOUND", "payment not found"));
        ex.json(200, describe(payment));
    }

    /**
     * {@code GET /payments?shopping_cart_id=N}: the newest approved payment for the cart, or 404. The
     * parameter is required once: missing or repeated is 400 {@code INVALID_QUERY}, not int32 >= 1 is 400
     * {@code INVALID_ID}.
     */
    private void findForCart(Exchange ex) {
        List<String> values = ex.queryAll(CART_FIELD);
        if (values.size() != 1) {
            throw ApiException.badRequest(
                    "INVALID_QUERY",
                    "the query parameter " + CART_FIELD + " is required, once",
                    values.isEmpty() ? null : values.size() + " values");
        }
        int cartId = Input.pathId(CART_FIELD, values.get(0));
        Payment payment = payments.paidFor(cartId)
                .flatMap(payments::find)
                .orElseThrow(() -> new ApiException(
                        404, "PAYMENT_NOT_FOUND", "no approved payment for this cart", CART_FIELD + " " + cartId));
        ex.json(200, describe(payment));
    }

    private static Map<String, Object> describe(Payment payment) {
        var body = new LinkedHashMap<String, Object>();
        body.put("transaction_id", payment.transactionId());
        body.put("success", payment.success());
        body.put("last4", payment.last4());
        body.put("shopping_cart_id", payment.cartId());
        return body;
    }

    /**
     * Healthy while the ledger answers a primary-key lookup (cheap: the ledger's size, a count over a
     * growing table, is in {@code /metrics}); unhealthy (503 with the health body) when it fails.
     */
    @Override
    public Health health() {
        try {
            payments.probe();
            return Health.healthy();
        } catch (RuntimeException e) {
            log.warn("health: payment ledger failed: {}", e.getMessage()); // the detail stays in the log
            return Health.unhealthy("payment ledger unavailable");
        }
    }

    @Override
    public void describeMetrics(Map<String, Object> metrics) {
        long ledgerSize;
        try {
            ledgerSize = payments.ledgerSize();
        } catch (RuntimeException e) {
            ledgerSize = -1; // the ledger cannot be read now
        }
        metrics.put(
                "payments",
                Map.of(
                        "approved", payments.approvedCount(),
                        "declined", payments.declinedCount(),
                        "ledger_size", ledgerSize));
    }
}
