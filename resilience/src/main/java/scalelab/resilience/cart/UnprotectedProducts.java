package scalelab.resilience.cart;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.ApiException;

/**
 * The {@code /vulnerable} cart's way to the product service: one call, waited for as long as it takes
 * (the source has no timeout either), no breaker, no fallback. A failure is the caller's 503 {@code
 * PRODUCT_SERVICE_UNAVAILABLE}.
 */
final class UnprotectedProducts implements ProductLookup {
    private static final Logger log = LoggerFactory.getLogger(UnprotectedProducts.class);

    private final ProductSource source;
    // written by lookup() only
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();

    UnprotectedProducts(ProductSource source) {
        this.source = source;
    }

    @Override
    public Lookup lookup(String id) {
        calls.increment();
        Optional<Product> answer;
        try {
            answer = source.fetch(id).get(); // no timeout: deliberately, this is the vulnerable variant
        } catch (ExecutionException e) {
            failures.increment();
            log.debug("product {}: read failed ({})", id, String.valueOf(e.getCause()));
            throw unavailable(reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.increment();
            throw unavailable("interrupted while waiting for the product service");
        }
        return answer.map(Lookup::live).orElseGet(Lookup::notFound);
    }

    /** The cause's message ("product service answered 503 for product 1"), else its kind ("ConnectException"). */
    private static String reason(Throwable cause) {
        if (cause == null) {
            return null;
        }
        return cause.getMessage() != null
                ? cause.getMessage()
                : cause.getClass().getSimpleName();
    }

    private static ApiException unavailable(String details) {
        return new ApiException(503, "PRODUCT_SERVICE_UNAVAILABLE", "the product service is unavailable", details);
    }

    @Override
    public String breakerState() {
        return "NONE";
    }

    @Override
    public boolean isDegraded() {
        return false;
    }

    @Override
    public Map<String, Object> describe() {
        var out = new LinkedHashMap<String, Object>();
        out.put("circuit_breaker_state", breakerState());
        out.put("product_calls", calls.sum());
        out.put("product_failures", failures.sum());
        return out;
    }

    @Override
    public void bindMeters(MeterRegistry registry) {
        FunctionCounter.builder("cart.vulnerable.product.failures", failures, LongAdder::sum)
                .description("product reads of the vulnerable cart that failed (each one a 503 to its caller)")
                .register(registry);
    }
}
