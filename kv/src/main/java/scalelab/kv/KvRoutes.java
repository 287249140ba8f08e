package scalelab.kv;

import java.util.Map;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Health;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The key-value API of API.md, the raw target of the load tests.
 *
 * <pre>
 * curl -s -X POST localhost:8080/post -H 'Content-Type: application/json' -d '{"key":"test","value":"42"}'
 * #Output: {"key":"test","value":"42"}
 * curl -s 'localhost:8080/get?key=test'
 * #Output: {"value":"42"}
 * </pre>
 */
public final class KvRoutes implements Routes {
    private final KvStore store;

    public KvRoutes(KvStore store) {
        this.store = store;
    }

    @Override
    public void register(Router router) {
        router.get("/get", this::get).post("/post", this::post);
    }

    private void get(Exchange ex) {
        String key = ex.query("key")
                .filter(k -> !k.isEmpty())
                .orElseThrow(() -> ApiException.badRequest("MISSING_KEY", "query parameter key is required", null));
        ex.json(200, Map.of("value", store.get(key)));
    }

    private void post(Exchange ex) {
        KvEntry entry = ex.body(KvEntry.class).validated();
        store.put(entry.key(), entry.value());
        ex.json(201, entry);
    }

    @Override
    public Health health() {
        return Health.healthy(Map.of("keys", store.size()));
    }

    @Override
    public void describeMetrics(Map<String, Object> metrics) {
        metrics.put("keys", store.size());
        metrics.put("max_keys", store.maxKeys());
    }
}
