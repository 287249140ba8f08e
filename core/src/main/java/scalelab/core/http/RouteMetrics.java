package scalelab.core.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The request timer of one route, one Micrometer {@link Timer} per status code
 * ({@code http.server.requests{method,route,status}}), created on first use.
 */
final class RouteMetrics {
    private final String method;
    private final String route;
    private final MeterRegistry registry;
    private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(600);

    RouteMetrics(String method, String route, MeterRegistry registry) {
        this.method = method;
        this.route = route;
        this.registry = registry;
    }

    void record(int status, long nanos) {
        int slot = status >= 100 && status < 600 ? status : 500;
        Timer timer = byStatus.get(slot);
        if (timer == null) {
            timer = Timer.builder("http.server.requests")
                    .description("HTTP requests by route and status")
                    .tags("method", method, "route", route, "status", Integer.toString(slot))
                    .register(registry); // registering twice returns the same timer
            byStatus.set(slot, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A summary for {@code /metrics}, or null when the route has seen no request. */
    Map<String, Object> summary() {
        long count = 0;
        long errors = 0;
        double totalMillis = 0;
        double maxMillis = 0;
        for (int status = 100; status < 600; status++) {
            Timer timer = byStatus.get(status);
            if (timer != null) {
                count += timer.count();
                errors += status >= 500 ? timer.count() : 0;
                totalMillis += timer.totalTime(TimeUnit.MILLISECONDS);
                maxMillis = Math.max(maxMillis, timer.max(TimeUnit.MILLISECONDS));
            }
        }
        if (count == 0) {
            return null;
        }
        var summary = new LinkedHashMap<String, Object>();
        summary.put("route", method + " " + route);
        summary.put("count", count);
        summary.put("server_errors", errors);
        summary.put("mean_ms", Math.round(totalMillis / count * 1000) / 1000.0);
        summary.put("recent_max_ms", Math.round(maxMillis * 1000) / 1000.0);
        return summary;
    }
}
