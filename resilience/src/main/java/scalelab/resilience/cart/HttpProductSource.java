package scalelab.resilience.cart;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import scalelab.core.json.Json;

/**
 * {@code GET {productUrl}/products/{id}} with the JDK's HTTP client. Two kinds:
 *
 * <ul>
 *   <li>{@link #withTimeouts}: a connect timeout and a request timeout, for the {@code /fixed} cart (whose
 *       time limiter is shorter still);
 *   <li>{@link #withoutTimeouts}: neither. This is deliberate, and the one exception in scalelab to "no
 *       remote call without a timeout": it is the {@code /vulnerable} cart, whose point is to show what a
 *       call with no timeout does to its callers when the dependency hangs.
 * </ul>
 *
 * <p>Product ids reach it already checked (letters, digits, {@code -} and {@code _}), so they go into the
 * path as they are.
 */
final class HttpProductSource implements ProductSource {
    private final String productsBase;
    private final HttpClient http;
    private final Duration requestTimeout; // null: none

    /** @throws IllegalArgumentException when {@code productUrl} has a query or fragment: no place for the id */
    private HttpProductSource(URI productUrl, HttpClient http, Duration requestTimeout) {
        if (productUrl.getRawQuery() != null || productUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("product url must have no query or fragment but was "
                    + productUrl.getScheme() + "://" + productUrl.getHost() + ":" + productUrl.getPort() + "/...");
        }
        String base = productUrl.toString();
        this.productsBase = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/products/";
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    /** Connects within {@code connectTimeout}; gives up on an answer after {@code requestTimeout}. */
    static HttpProductSource withTimeouts(URI productUrl, Duration connectTimeout, Duration requestTimeout) {
        var http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        return new HttpProductSource(productUrl, http, requestTimeout);
    }

    /** No connect timeout, no request timeout: waits as long as the product service does (see above). */
    static HttpProductSource withoutTimeouts(URI productUrl) {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new HttpProductSource(productUrl, http, null);
    }

    @Override
    public CompletableFuture<Optional<Product>> fetch(String id) {
        var request = HttpRequest.newBuilder(URI.create(productsBase + id))
                .header("Accept", "application/json")
                .GET();
        if (requestTimeout != null) {
            request.timeout(requestTimeout);
        }
        var call = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<Optional<Product>> product = call.thenApply(response -> read(id, response));
        // cancelling a dependent stage leaves the one it depends on running: pass the cancel on, so that a
        // call the time limiter gave up on is aborted now rather than at the request timeout
        product.whenComplete((answer, failure) -> {
            if (failure instanceof CancellationException) {
                call.cancel(true);
            }
        });
        return product;
    }

    private static Optional<Product> read(String id, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 404) {
            return Optional.empty();
        }
        if (status != 200) {
            throw new ProductServiceException("product service answered " + status + " for product " + id);
        }
        Product product;
        try {
            product = Json.read(response.body(), Product.class);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new ProductServiceException("product service answered 200 with no product for " + id);
        }
        if (product == null || !product.isComplete()) {
            throw new ProductServiceException("product service answered 200 with an incomplete product for " + id);
        }
        return Optional.of(product);
    }
}
