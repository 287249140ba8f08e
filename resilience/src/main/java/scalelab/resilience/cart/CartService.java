package scalelab.resilience.cart;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import scalelab.core.http.ApiException;
import scalelab.resilience.cart.CartBook.Cart;

/**
 * One cart variant's logic, with no HTTP in it: add, view, clear. What makes {@code /vulnerable} and
 * {@code /fixed} differ is only their {@link ProductLookup}.
 *
 * <p>Add reads the product (live, or for {@code /fixed} from a fallback), checks the requested quantity
 * against its stock (live or cached; a price-pending item is accepted unchecked, as nothing is known to
 * check it against), and merges it into the user's line for that product. The check is per add: a cart is
 * not a reservation. View reads every product in the cart again through the same lookup, so prices are
 * current when the product service answers; when it does not, {@code /fixed} shows the cached or stored
 * last-known price marked {@code cached}, and {@code /vulnerable} fails with it.
 */
final class CartService {
    private final Variant variant;
    private final ProductLookup products;
    private final CartBook book;
    // each counts one outcome; written by add(), view() and clear() only
    private final LongAdder addsLive = new LongAdder();
    private final LongAdder addsCached = new LongAdder();
    private final LongAdder addsPending = new LongAdder();
    private final LongAdder views = new LongAdder();
    private final LongAdder clears = new LongAdder();
    private final LongAdder insufficientStock = new LongAdder();
    private final LongAdder notFound = new LongAdder();

    CartService(Variant variant, ProductLookup products, CartBook book) {
        this.variant = variant;
        this.products = products;
        this.book = book;
    }

    /** Body of a 200 to an add. */
    record AddResult(
            @JsonProperty("message") String message,
            @JsonProperty("cart_item") CartItem cartItem,
            @JsonProperty("circuit_breaker_state") String circuitBreakerState) {}

    /** Body of a 200 to a view. */
    record CartView(
            @JsonProperty("user_id") String userId,
            @JsonProperty("items") List<CartItem> items,
            @JsonProperty("total_price") BigDecimal totalPrice,
            @JsonProperty("degraded_mode") boolean degradedMode) {}

    Variant variant() {
        return variant;
    }

    ProductLookup products() {
        return products;
    }

    /**
     * Adds {@code quantity} of {@code productId} to the user's cart.
     *
     * @throws ApiException 404 {@code PRODUCT_NOT_FOUND}, 400 {@code INSUFFICIENT_STOCK}, 400 {@code
     *     INVALID_ITEM} past {@link CartBook#MAX_QUANTITY}, 507 when the cart or the book is full, and for
     *     {@code /vulnerable} 503 {@code PRODUCT_SERVICE_UNAVAILABLE}
     */
    AddResult add(String userId, String productId, int quantity) {
        Lookup found = products.lookup(productId);
        CartItem item = switch (found.source()) {
            case NOT_FOUND -> {
                notFound.increment();
                throw new ApiException(404, "PRODUCT_NOT_FOUND", "product not found", "product_id " + productId);
            }
            case LIVE, CACHE -> {
                Product product = found.product();
                if (quantity > product.stock()) {
                    insufficientStock.increment();
                    throw ApiException.badRequest(
                            "INSUFFICIENT_STOCK",
                            "insufficient stock",
                            "requested " + quantity + ", in stock " + product.stock()
                                    + (found.source() == Lookup.Source.CACHE ? " (last known)" : ""));
                }
                yield CartItem.known(productId, product, quantity, found.source() == Lookup.Source.CACHE);
            }
            case PENDING ->
                lastKnownLine(userId, productId)
                        .map(line -> line.asCached().withQuantity(quantity))
                        .orElseGet(() -> CartItem.pricePending(productId, quantity));
        };
        CartItem line = book.cartFor(userId).add(item);
        String message;
        if (line.isPricePending()) {
            addsPending.increment();
            message = "Item added to cart; price pending (product service unavailable)";
        } else if (line.isDegraded()) {
            addsCached.increment();
            message = "Item added to cart with the last known price (product service unavailable)";
        } else {
            addsLive.increment();
            message = "Item added to cart";
        }
        return new AddResult(message, line, products.breakerState());
    }

    /** The line the cart already has for the product, when it has a price. */
    private Optional<CartItem> lastKnownLine(String userId, String productId) {
        return book.find(userId).flatMap(cart -> cart.line(productId)).filter(line -> !line.isPricePending());
    }

    /**
     * The user's cart (empty if none), with each product read again.
     *
     * @throws ApiException for {@code /vulnerable}, 503 {@code PRODUCT_SERVICE_UNAVAILABLE}
     */
    CartView view(String userId) {
        views.increment();
        Optional<Cart> cart = book.find(userId);
        List<CartItem> items = List.of();
        if (cart.isPresent()) {
            for (CartItem line : cart.get().items()) {
                refresh(cart.get(), line);
            }
            items = cart.get().items();
        }
        BigDecimal total = items.stream()
                .map(CartItem::lineTotal)
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.HALF_UP);
        boolean degraded = products.isDegraded() || items.stream().anyMatch(CartItem::isDegraded);
        return new CartView(userId, items, total, degraded);
    }

    private void refresh(Cart cart, CartItem line) {
        Lookup found = products.lookup(line.productId());
        switch (found.source()) {
            case LIVE -> cart.refresh(CartItem.known(line.productId(), found.product(), line.quantity(), false));
            case CACHE -> cart.refresh(CartItem.known(line.productId(), found.product(), line.quantity(), true));
            case PENDING -> cart.refresh(line.asCached()); // what the line holds is now the last known
            case NOT_FOUND -> {} // the product service no longer knows it: the line stays as stored
        }
    }

    /** Empties the user's cart; whether it had one. */
    boolean clear(String userId) {
        clears.increment();
        return book.remove(userId);
    }

    /** {@code GET {prefix}/metrics}: cart counts, then the product side. */
    Map<String, Object> describe() {
        var out = new LinkedHashMap<String, Object>();
        out.put("variant", variant.label());
        out.put("carts", book.carts());
        out.put("cart_items", book.items());
        out.put("adds", addsLive.sum() + addsCached.sum() + addsPending.sum());
        out.put("adds_live", addsLive.sum());
        out.put("adds_cached", addsCached.sum());
        out.put("adds_price_pending", addsPending.sum());
        out.put("views", views.sum());
        out.put("clears", clears.sum());
        out.put("insufficient_stock", insufficientStock.sum());
        out.put("products_not_found", notFound.sum());
        out.putAll(products.describe());
        return out;
    }
}
