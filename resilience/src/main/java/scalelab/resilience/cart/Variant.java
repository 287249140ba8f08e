package scalelab.resilience.cart;

import java.util.Locale;

/** The two carts served side by side: each under its own path prefix, one of them also unprefixed. */
public enum Variant {
    /** Calls the product service with no timeout and no breaker: its callers wait and fail with it. */
    VULNERABLE,
    /** Time limiter, circuit breaker, bulkhead, a cache of last-known products and a degraded mode. */
    FIXED;

    /** {@code /vulnerable} or {@code /fixed}. */
    public String prefix() {
        return "/" + label();
    }

    /** {@code vulnerable} or {@code fixed}, as on the command line and in {@code /metrics}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The variant named {@code text} ({@code fixed}, {@code vulnerable}, any case).
     *
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static Variant parse(String text) {
        for (Variant variant : values()) {
            if (variant.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return variant;
            }
        }
        throw new IllegalArgumentException("variant must be fixed or vulnerable but was " + text);
    }
}
