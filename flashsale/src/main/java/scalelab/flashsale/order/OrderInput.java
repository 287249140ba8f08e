package scalelab.flashsale.order;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import scalelab.core.http.ApiException;
import scalelab.core.http.Problems;
import scalelab.core.json.Json;

/**
 * Reads the body of {@code POST /orders/sync} and {@code /orders/async} strictly, reporting every bad field
 * in one 400 {@code INVALID_ORDER}: {@code customer_id} an integer from 1; {@code items} a list of 1 to
 * {@value #MAX_ITEMS} items, each with a {@code product_id} string of 1 to {@value #MAX_PRODUCT_ID_LENGTH}
 * characters (not blank, no control characters), a {@code quantity} integer from 1 to {@value #MAX_QUANTITY}
 * and a {@code price} number from 0 to 1,000,000 with at most 2 decimals. Fields the server assigns
 * ({@code order_id}, {@code status}, {@code created_at}) and unknown fields are ignored, as everywhere in
 * scalelab (core's {@code Json}). Numbers are read exactly ({@link Body}): {@code 1e-999999999} is a price with
 * too many decimals, not 0.
 */
public final class OrderInput {
    /** Most items in one order. */
    public static final int MAX_ITEMS = 100;
    /** Most units of one item. */
    public static final int MAX_QUANTITY = 1000;
    /** Longest product id, in characters. */
    public static final int MAX_PRODUCT_ID_LENGTH = 64;
    /** Highest unit price. */
    public static final BigDecimal MAX_PRICE = new BigDecimal("1000000");

    private OrderInput() {}

    /**
     * A request body read as a tree whose decimal numbers are exact {@link BigDecimal}s (core's {@code Json} reads
     * them as doubles: {@code 1e-999999999} would be 0, {@code 0.1} not quite 0.1). Bind it with {@code
     * ex.body(OrderInput.Body.class)}; the rest of core's rules (one value, no key twice) apply as usual.
     */
    @JsonDeserialize(using = ExactTreeDeserializer.class)
    public record Body(JsonNode tree) {}

    private static final ObjectReader EXACT =
            Json.mapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static final class ExactTreeDeserializer extends JsonDeserializer<Body> {
        @Override
        public Body deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return new Body(EXACT.readTree(parser));
        }

        @Override
        public Body getNullValue(DeserializationContext context) {
            return new Body(null);
        }
    }

    /** The order in a request body read exactly, or a 400 listing every problem. */
    public static NewOrder parse(Body body) {
        return parse(body == null ? null : body.tree());
    }

    /** What a client asks for: the customer and the items; the server adds id, status and time. */
    public record NewOrder(int customerId, List<OrderItem> items) {
        public NewOrder {
            items = List.copyOf(items);
        }
    }

    /** The order in a request body (read with exact decimals: {@link #parse(Body)}), or a 400 listing every problem. */
    public static NewOrder parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("INVALID_BODY", "the body must be a JSON object", null);
        }
        var problems = new Problems();
        int customerId = customerId(body.get("customer_id"), problems);
        List<OrderItem> items = items(body.get("items"), problems);
        problems.throwIfAny("INVALID_ORDER", "the order is invalid");
        return new NewOrder(customerId, items);
    }

    private static int customerId(JsonNode node, Problems problems) {
        boolean ok = node != null && node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 1;
        problems.check(ok, "customer_id must be an integer from 1 to " + Integer.MAX_VALUE);
        return ok ? node.intValue() : 0;
    }

    private static List<OrderItem> items(JsonNode node, Problems problems) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_ITEMS) {
            problems.check(false, "items must be a list of 1 to " + MAX_ITEMS + " items");
            return List.of();
        }
        var items = new ArrayList<OrderItem>();
        for (int i = 0; i < node.size(); i++) {
            OrderItem item = item(node.get(i), "items[" + i + "]", problems);
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    private static OrderItem item(JsonNode node, String where, Problems problems) {
        if (node == null || !node.isObject()) {
            problems.check(false, where + " must be an object");
            return null;
        }
        String productId = productId(node.get("product_id"), where, problems);
        int quantity = quantity(node.get("quantity"), where, problems);
        BigDecimal price = price(node.get("price"), where, problems);
        return productId == null || quantity == 0 || price == null ? null : new OrderItem(productId, quantity, price);
    }

    private static String productId(JsonNode node, String where, Problems problems) {
        if (node != null && node.isTextual()) {
            String text = node.textValue();
            int length = text.codePointCount(0, text.length());
            if (!text.isBlank()
                    && length <= MAX_PRODUCT_ID_LENGTH
                    && text.chars().noneMatch(Character::isISOControl)
                    && text.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                return text;
            }
        }
        problems.check(
                false,
                where + ".product_id must be a non-blank string of at most " + MAX_PRODUCT_ID_LENGTH + " characters");
        return null;
    }

    private static int quantity(JsonNode node, String where, Problems problems) {
        boolean ok = node != null
                && node.isIntegralNumber()
                && node.canConvertToInt()
                && node.intValue() >= 1
                && node.intValue() <= MAX_QUANTITY;
        problems.check(ok, where + ".quantity must be an integer from 1 to " + MAX_QUANTITY);
        return ok ? node.intValue() : 0;
    }

    private static BigDecimal price(JsonNode node, String where, Problems problems) {
        // a tree read by parse(Body) has no doubles; one read elsewhere is checked on its doubles' values
        if (node != null
                && node.isNumber()
                && (node.isIntegralNumber()
                        || node.isBigDecimal()
                        || (node.isFloatingPointNumber() && Double.isFinite(node.doubleValue())))) {
            BigDecimal price = node.decimalValue();
            // range first: setScale on 1E+999999999 would write out a billion digits
            if (price.signum() >= 0 && price.compareTo(MAX_PRICE) <= 0) {
                price = price.stripTrailingZeros();
                if (price.scale() < 0) {
                    price = price.setScale(0); // 1E+2 -> 100: written plainly
                }
                if (price.scale() <= 2) {
                    return price;
                }
            }
        }
        problems.check(false, where + ".price must be a number from 0 to 1000000 with at most 2 decimals");
        return null;
    }
}
