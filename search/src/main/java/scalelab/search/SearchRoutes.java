package scalelab.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Health;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The product search API of API.md.
 *
 * <pre>
 * curl -s 'localhost:8080/products/search?q=alpha'
 * #Output: {"products":[{"id":1,"name":"Product Alpha 1",...}, ...],"total_found":20,"search_time":"0.000012s"}
 * curl -s 'localhost:8080/products/search'
 * #Output: {"error":"MISSING_QUERY","message":"query parameter q is required"}
 * curl -s localhost:8080/health
 * #Output: {"status":"healthy","service":"search","products_count":100000,"cpu_percent":3.1,...}
 * </pre>
 */
public final class SearchRoutes implements Routes {
    private final SearchService search;
    private final CpuWindow window;

    public SearchRoutes(SearchService search) {
        this.search = search;
        this.window = new CpuWindow(search.cpu());
    }

    @Override
    public void register(Router router) {
        router.get("/products/search", this::search).get("/", this::index);
    }

    private void search(Exchange ex) throws InterruptedException {
        String q = ex.query("q")
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> ApiException.badRequest("MISSING_QUERY", "query parameter q is required", null));
        SearchResult result = search.search(q);
        window.tick();
        var body = new LinkedHashMap<String, Object>();
        body.put("products", result.products());
        body.put("total_found", result.totalFound());
        body.put("search_time", String.format(Locale.ROOT, "%.6fs", result.nanos() / 1e9));
        ex.json(200, body);
    }

    private void index(Exchange ex) {
        ex.json(
                200,
                Map.of(
                        "service",
                        "search",
                        "endpoints",
                        List.of("GET /products/search?q=Q", "GET /health", "GET /metrics", "GET /prometheus")));
    }

    @Override
    public Health health() {
        var details = new LinkedHashMap<String, Object>();
        details.put("products_count", search.productsCount());
        details.put("cpu_percent", round(window.utilizationPercent()));
        return Health.healthy(details);
    }

    @Override
    public void describeMetrics(Map<String, Object> metrics) {
        metrics.put("products_count", search.productsCount());
        metrics.put("products_checked", search.productsChecked());
        metrics.put("searches", search.searches());
        metrics.put("cpu", cpuMetrics());
    }

    /**
     * The CPU block of {@code /metrics}: {@code busy_seconds} and {@code wall_seconds} are counters from the
     * instance's start (the autoscaler divides their increments), {@code utilization_percent} covers about the
     * last 10 s.
     */
    private Map<String, Object> cpuMetrics() {
        Cpu cpu = search.cpu();
        var m = new LinkedHashMap<String, Object>();
        m.put("mode", cpu.mode());
        m.put("vcpu", cpu.vcpu());
        if (cpu instanceof SimulatedCpu simulated) {
            m.put("service_time_ms", simulated.serviceTime().toNanos() / 1e6);
        }
        m.put("busy_seconds", cpu.busyNanos() / 1e9);
        m.put("wall_seconds", cpu.wallNanos() / 1e9);
        m.put("utilization_percent", round(window.utilizationPercent()));
        return m;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
