package scalelab.resilience.cart;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/** How a cart variant reads products: unprotected ({@code /vulnerable}) or protected ({@code /fixed}). */
interface ProductLookup {

    /**
     * Product {@code id}, live or from a fallback.
     *
     * @throws scalelab.core.http.ApiException 503 {@code PRODUCT_SERVICE_UNAVAILABLE} when this variant
     *     has no fallback and the product service fails
     */
    Lookup lookup(String id);

    /**
     * Product {@code id} without reading it live: the last known one, else price pending. For a read
     * that did not come back in time; a variant with no fallback has only price pending.
     */
    default Lookup fallBack(String id) {
        return Lookup.pending();
    }

    /** {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}; {@code NONE} for a variant with no breaker. */
    String breakerState();

    /** Whether this variant is serving in degraded mode regardless of any one cart: its breaker is not closed. */
    boolean isDegraded();

    /** This variant's product-side figures for its {@code /metrics}. */
    Map<String, Object> describe();

    /** This variant's product-side meters for {@code /prometheus}. */
    void bindMeters(MeterRegistry registry);
}
