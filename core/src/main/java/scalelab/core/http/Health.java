package scalelab.core.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One part of {@code GET /health}: healthy or not, with details such as {@code products_count} that
 * are merged into the answer {@code {"status":"healthy", ...}}.
 */
public record Health(boolean up, Map<String, Object> details) {

    public Health {
        details = Map.copyOf(details);
    }

    public static Health healthy() {
        return new Health(true, Map.of());
    }

    public static Health healthy(Map<String, Object> details) {
        return new Health(true, details);
    }

    public static Health unhealthy(String reason) {
        return new Health(false, Map.of("reason", reason));
    }

    /** Both parts together: unhealthy if either is, details of both. */
    Health and(Health other) {
        var merged = new LinkedHashMap<String, Object>(details);
        merged.putAll(other.details);
        return new Health(up && other.up, merged);
    }
}
