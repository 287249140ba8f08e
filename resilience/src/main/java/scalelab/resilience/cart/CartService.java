package scalelab.resilience.cart;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import scalelab.core.http.ApiException;
import scalelab.resilience.cart.CartBook.Cart;

/**
 * One cart variant's logic, with no HTTP in it: add, view, clear. What makes {@code /vulnerable} and
 * {@code /fixed} differ is only their {@link ProductLookup}.
 *
 * <p>Add reads the product (live, or for {@code /fixed} from a fallback), checks the requested quantity
 * against its stock (live or cached; a price-pending item is accepted unchecked, as nothing is known to
 * check it against), counting what the user's line for that product already holds, and merges it into
 * that line, check and add in one step. A cart is still not a reservation: other users' carts do not
 * count, and nothing is taken from the stock. View reads every product in the cart again through the same lookup, so prices are
 * current when the product service answers; when it does not, {@code /fixed} shows the cached or stored
 * last-known price marked {@code cached}, and {@code /vulnerable} fails with it.
 *
 * <p>With a view deadline ({@code /fixed}), a view reads its lines concurrently, each on a virtual
 * thread, and waits for them all together at most that long (the time limit plus the bulkhead wait): a
 * line not back by then is answered from the fallback (cache, else its stored price marked {@code
 * cached}, else price pending), so an n-line cart costs one timeout, not n. Its read goes on in the
 * background until its own time limit ends it. Without one ({@code /vulnerable}) the lines are read one
 * after another, each as long as the product service takes.
 */
final class CartService {
    private final Variant variant;
    private final ProductLookup products;
    private final CartBook book;
    private final Duration viewDeadline; // null: read a view's lines one after another, without a deadline
    // each counts one outcome; written by add(), view() and clear() only
    private final LongAdder addsLive = new LongAdder();
    private final LongAdder addsCached = new LongAdder();
    private final LongAdder addsPending = new LongAdder();
    private final LongAdder views = new LongAdder();
    private final LongAdder clears = new LongAdder();
    private final LongAdder insufficientStock = new LongAdder();
    private final LongAdder notFound = new LongAdder();

    /** Reads each line of a view one after another, with no deadline ({@code /vulnerable}). */
    CartService(Variant variant, ProductLookup products, CartBook book) {
        this(variant, products, book, null);
    }

    /** @param viewDeadline how long a view waits for all its lines together; null: no deadline, in turn */
    CartService(Variant variant, ProductLookup products, CartBook book, Duration viewDeadline) {
        this.variant = variant;
        this.products = products;
        this.book = book;
        this.viewDeadline = viewDeadline;
    }

    private static final Executor VIEW_READS =
            task -> Thread.ofVirtual().name("cart-view-read").start(task);

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
            case LIVE, CACHE ->
                CartItem.known(productId, found.product(), quantity, found.source() == Lookup.Source.CACHE);
            case PENDING ->
                lastKnownLine(userId, productId)
                        .map(line -> line.asCached().withQuantity(quantity))
                        .orElseGet(() -> CartItem.pricePending(productId, quantity));
        };
        // checked against the stock with what the line already holds, in one step with the add
        int stock = found.product() != null ? found.product().stock() : CartBook.UNKNOWN_STOCK;
        CartItem line;
        try {
            line = book.add(userId, item, stock, found.source() == Lookup.Source.CACHE ? " (last known)" : "");
        } catch (ApiException e) {
            if (CartBook.INSUFFICIENT_STOCK.equals(e.code())) {
                insufficientStock.increment();
            }
            throw e;
        }
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
            List<CartItem> lines = cart.get().items();
            List<Lookup> found = viewDeadline == null ? lookUpInTurn(lines) : lookUpTogether(lines);
            for (int i = 0; i < lines.size(); i++) {
                refresh(cart.get(), lines.get(i), found.get(i));
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

    private List<Lookup> lookUpInTurn(List<CartItem> lines) {
        return lines.stream().map(line -> products.lookup(line.productId())).toList();
    }

    /** Every line's lookup at once; those not back within {@link #viewDeadline} in all, the fallback. */
    private List<Lookup> lookUpTogether(List<CartItem> lines) {
        var reads = new ArrayList<CompletableFuture<Lookup>>(lines.size());
        for (CartItem line : lines) {
            reads.add(CompletableFuture.supplyAsync(() -> products.lookup(line.productId()), VIEW_READS));
        }
        long deadline = System.nanoTime() + viewDeadline.toNanos(); // one deadline for the whole view
        var found = new ArrayList<Lookup>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String id = lines.get(i).productId();
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                found.add(reads.get(i).get(left, TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                found.add(products.fallBack(id)); // still reading: answer without it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the request is being abandoned: answer what we have
                found.add(products.fallBack(id));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause; // as the lookup itself would have thrown it (e.g. an ApiException)
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return found;
    }

    private void refresh(Cart cart, CartItem line, Lookup found) {
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
        return book.remove(userId).isPresent();
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
