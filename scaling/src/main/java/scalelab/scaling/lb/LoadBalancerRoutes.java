package scalelab.scaling.lb;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Health;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The balancer over HTTP: every request but its own ({@code /health}, {@code /metrics}, {@code /prometheus},
 * {@code /lb/...}) goes to a target; the admin API adds and removes targets.
 *
 * <pre>
 * curl -s localhost:8080/products/search?q=alpha          # answered by one of the targets
 * curl -s localhost:8080/lb/targets
 * #Output: {"policy":"round-robin","healthy_targets":2,...,"targets":[{"url":"http://127.0.0.1:9001","state":"healthy",...}]}
 * curl -s -X POST localhost:8080/lb/targets -H 'Content-Type: application/json' -d '{"url":"http://127.0.0.1:9003"}'
 * #Output: {"url":"http://127.0.0.1:9003","state":"initial",...}
 * curl -s -X DELETE 'localhost:8080/lb/targets?url=http://127.0.0.1:9003'
 * #Output: {"url":"http://127.0.0.1:9003","state":"draining",...}
 * </pre>
 */
public final class LoadBalancerRoutes implements Routes {
    /** The answer header naming the target that answered. */
    public static final String SERVED_BY = "X-Served-By";

    private final LoadBalancer lb;

    public LoadBalancerRoutes(LoadBalancer lb) {
        this.lb = lb;
    }

    @Override
    public void register(Router router) {
        router.get("/lb/targets", ex -> ex.json(200, lb.describe()))
                .post("/lb/targets", this::addTarget)
                .delete("/lb/targets", this::removeTarget);
        for (String path : List.of("/", "/*")) {
            router.get(path, this::proxy)
                    .post(path, this::proxy)
                    .put(path, this::proxy)
                    .delete(path, this::proxy);
        }
    }

    private void proxy(Exchange ex) {
        String query = ex.rawQuery();
        String target = query == null || query.isEmpty() ? rawPath(ex) : rawPath(ex) + "?" + query;
        byte[] body = ex.method().equals("GET") ? new byte[0] : ex.bodyBytes();
        ProxyResponse response = lb.forward(new ProxyRequest(ex.method(), target, ex.headers(), body));
        response.headers().forEach((name, values) -> {
            if (!name.equals("content-type")) {
                values.forEach(v -> ex.header(name, v));
            }
        });
        ex.header(SERVED_BY, response.servedBy());
        if (response.body().length == 0 && (response.status() == 204 || response.status() == 304)) {
            ex.empty(response.status());
        } else {
            ex.stream(response.status(), response.contentType(), out -> out.write(response.body()));
        }
    }

    /** The decoded path, encoded again where it must be (spaces, non-ASCII): what the client sent, or its equal. */
    private static String rawPath(Exchange ex) {
        try {
            return new URI(null, null, ex.path(), null).getRawPath();
        } catch (java.net.URISyntaxException e) {
            throw ApiException.badRequest("INVALID_PATH", "the path cannot be passed on", e.getMessage());
        }
    }

    private void addTarget(Exchange ex) {
        JsonNode body = ex.body(JsonNode.class);
        URI uri = targetUri(body.path("url").asText(""));
        Target target = lb.add(uri);
        ex.json(201, target.describe());
    }

    private void removeTarget(Exchange ex) {
        URI uri = targetUri(ex.query("url").orElse(""));
        Target target = lb.targets().stream()
                .filter(t -> t.uri().equals(uri) && t.state() != TargetState.DRAINING)
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("UNKNOWN_TARGET", "no target " + uri));
        lb.remove(uri);
        ex.json(202, target.describe());
    }

    private static URI targetUri(String text) {
        try {
            return TargetUri.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_TARGET", "a target is an http://host:port URL", e.getMessage());
        }
    }

    @Override
    public Health health() {
        int healthy = lb.healthyCount();
        return healthy > 0
                ? Health.healthy(Map.of("healthy_targets", healthy))
                : new Health(false, Map.of("reason", "no healthy target", "healthy_targets", 0));
    }

    @Override
    public void describeMetrics(Map<String, Object> metrics) {
        metrics.put("balancer", lb.describe());
    }
}
