package scalelab.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the dashboard takes from one {@code GET /metrics} answer: the counters of the service's own routes, its
 * latency percentiles, and every other figure (numbers) and state (text, true/false), flattened.
 */
record MetricsReading(
        long requests,
        long serverErrors,
        Double p50Millis,
        Double p99Millis,
        Map<String, Double> figures,
        Map<String, String> states) {
    /** Core's own routes: the dashboard's polling must not count as the service's traffic. */
    private static final Set<String> OWN_ROUTES = Set.of("GET /health", "GET /metrics", "GET /prometheus");
    /** Core's fields, shown otherwise (rates, percentiles) or not at all. */
    private static final Set<String> CORE_FIELDS =
            Set.of("service", "uptime_seconds", "routes", "response_time_ms", "requests");
    /** How deep nested objects are flattened: {@code balancer.targets} yes, deeper no. */
    private static final int MAX_DEPTH = 2;

    static MetricsReading of(JsonNode metrics) {
        long requests = 0;
        long errors = 0;
        for (JsonNode route : metrics.path("routes")) {
            if (!OWN_ROUTES.contains(route.path("route").asText())) {
                requests += route.path("count").asLong();
                errors += route.path("server_errors").asLong();
            }
        }
        JsonNode latency = metrics.path("response_time_ms");
        var figures = new TreeMap<String, Double>();
        var states = new TreeMap<String, String>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            var field = it.next();
            if (!CORE_FIELDS.contains(field.getKey())) {
                flatten(field.getKey(), field.getValue(), 1, figures, states);
            }
        }
        return new MetricsReading(
                requests,
                errors,
                latency.path("p50").isNumber() ? latency.path("p50").asDouble() : null,
                latency.path("p99").isNumber() ? latency.path("p99").asDouble() : null,
                figures,
                states);
    }

    private static void flatten(
            String key, JsonNode value, int depth, Map<String, Double> figures, Map<String, String> states) {
        if (value.isNumber()) {
            figures.put(key, value.asDouble());
        } else if (value.isBoolean() || value.isTextual()) {
            states.put(key, value.asText());
        } else if (value.isArray()) {
            figures.put(key, (double) value.size());
        } else if (value.isObject() && depth < MAX_DEPTH) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                var field = it.next();
                flatten(key + "." + field.getKey(), field.getValue(), depth + 1, figures, states);
            }
        }
    }
}
