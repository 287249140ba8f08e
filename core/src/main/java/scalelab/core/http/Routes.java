package scalelab.core.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * A feature's HTTP adapter: it registers its paths, and may add to the service's {@code /health},
 * {@code /metrics} and {@code /prometheus}. Handlers parse, call the feature's service, write JSON.
 */
public interface Routes {

    void register(Router router);

    /** This feature's part of {@code GET /health}; the service is healthy only if every part is. */
    default Health health() {
        return Health.healthy();
    }

    /** Adds this feature's counters to the {@code GET /metrics} JSON. */
    default void describeMetrics(Map<String, Object> metrics) {}

    /** Registers this feature's meters (gauges, counters) for {@code GET /prometheus}. */
    default void bindMeters(MeterRegistry registry) {}

    /**
     * {@code inner} with each of its handlers passed through {@code wrapper} as it registers, e.g. a
     * credential check in front of the writes or injected faults in front of every route. Core's server
     * has no filters; this is the one place a feature's handlers can be wrapped.
     */
    static Routes wrapping(Routes inner, HandlerWrapper wrapper) {
        return new WrappedRoutes(java.util.Objects.requireNonNull(inner, "inner"), wrapper);
    }

    /** Wraps one handler as it is registered for {@code method} (GET, POST, PUT or DELETE). */
    @FunctionalInterface
    interface HandlerWrapper {
        Handler wrap(String method, Handler handler);
    }
}
