package scalelab.resilience.cart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.regex.Pattern;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Problems;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The cart rows of API.md for one variant under one path prefix ({@code /vulnerable}, {@code /fixed}, or
 * none for the variant the process was started as).
 *
 * <pre>
 * curl -s -X POST localhost:8080/fixed/cart/alice/add -H 'Content-Type: application/json' \
 *      -d '{"product_id":"1","quantity":2}'
 * #Output: {"message":"Item added to cart","cart_item":{"product_id":"1","name":"Laptop","price":999.99,"quantity":2},"circuit_breaker_state":"CLOSED"}
 * </pre>
 *
 * <p>Input: a user id is 1 to 64 letters, digits, {@code .}, {@code _}, {@code -} or {@code @}; a {@code
 * product_id} is a string of 1 to 64 letters, digits, {@code _} or {@code -}; a {@code quantity} is an
 * integer from 1 to {@link CartBook#MAX_QUANTITY}. Anything else is a 400 naming every bad field.
 */
final class CartRoutes implements Routes {
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final CartService carts;
    private final String prefix;

    /** @param prefix {@code /vulnerable}, {@code /fixed}, or {@code ""}: then {@code /metrics} is core's own */
    CartRoutes(CartService carts, String prefix) {
        this.carts = carts;
        this.prefix = prefix;
    }

    @Override
    public void register(Router router) {
        router.post(prefix + "/cart/{user_id}/add", this::add)
                .get(prefix + "/cart/{user_id}", this::view)
                .delete(prefix + "/cart/{user_id}", this::clear);
        if (!prefix.isEmpty()) {
            router.get(prefix + "/metrics", ex -> ex.json(200, carts.describe()));
        }
    }

    private void add(Exchange ex) {
        String userId = userId(ex);
        JsonNode body = ex.body(JsonNode.class);
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("INVALID_BODY", "the body must be a JSON object", null);
        }
        var problems = new Problems();
        JsonNode productId = body.get("product_id");
        problems.check(
                productId != null
                        && productId.isTextual()
                        && PRODUCT_ID.matcher(productId.textValue()).matches(),
                "product_id must be a string of 1 to 64 letters, digits, '_' or '-'");
        JsonNode quantity = body.get("quantity");
        problems.check(
                quantity != null
                        && quantity.isIntegralNumber()
                        && quantity.canConvertToInt()
                        && quantity.intValue() >= 1
                        && quantity.intValue() <= CartBook.MAX_QUANTITY,
                "quantity must be an integer from 1 to " + CartBook.MAX_QUANTITY);
        problems.throwIfAny("INVALID_ITEM", "the item is invalid");
        ex.json(200, carts.add(userId, productId.textValue(), quantity.intValue()));
    }

    private void view(Exchange ex) {
        ex.json(200, carts.view(userId(ex)));
    }

    private void clear(Exchange ex) {
        String userId = userId(ex);
        boolean had = carts.clear(userId);
        var body = new LinkedHashMap<String, Object>();
        body.put("message", had ? "Cart cleared" : "Cart was already empty");
        body.put("user_id", userId);
        ex.json(200, body);
    }

    private static String userId(Exchange ex) {
        String userId = ex.pathParam("user_id");
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw ApiException.badRequest(
                    "INVALID_USER_ID",
                    "user_id must be 1 to 64 letters, digits, '.', '_', '-' or '@'",
                    userId == null ? null : abbreviate(userId));
        }
        return userId;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
