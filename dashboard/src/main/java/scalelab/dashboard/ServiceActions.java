package scalelab.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import scalelab.core.client.JsonClient;
import scalelab.core.http.ApiException;
import scalelab.core.json.Json;

/**
 * What the page can do to a watched service: turn its failure injection (core's {@code FaultRoutes}: {@code
 * /fail/on}, {@code /fail/off}, {@code /latency?ms=N}, {@code /reset}), and send a few requests to a cart so its
 * circuit breaker has calls to judge.
 */
final class ServiceActions {
    /** Requests one traffic burst may send: 1 to 100. */
    static final int MAX_TRAFFIC = 100;
    /** Longest injected latency, as core's {@code Faults.MAX_LATENCY_MILLIS}: 60,000 ms. */
    static final long MAX_LATENCY_MILLIS = 60_000;
    /** The cart the traffic burst fills (and empties afterwards), and the product it adds: the mouse, 100 in stock. */
    static final String TRAFFIC_USER = "dashboard";

    static final String TRAFFIC_PRODUCT = "2";

    private final ServicePoller poller;

    ServiceActions(ServicePoller poller) {
        this.poller = poller;
    }

    private WatchedService service(String name) {
        return poller.find(name)
                .orElseThrow(() -> ApiException.notFound("SERVICE_NOT_FOUND", "no service is named so"));
    }

    /**
     * Turns the failure injection of {@code name}.
     *
     * @param action {@code fail_on}, {@code fail_off}, {@code latency} (with {@code latencyMillis}) or {@code reset}
     * @return the service's answer
     * @throws ApiException 404 unknown service, 409 {@code FAULTS_NOT_SUPPORTED} when its {@code /metrics} shows no
     *     failure switch, 502 {@code UPSTREAM_FAILED} when it does not answer 200
     */
    Map<String, Object> fault(String name, String action, long latencyMillis) {
        WatchedService service = service(name);
        if (!service.hasFaults()) {
            throw ApiException.conflict(
                    "FAULTS_NOT_SUPPORTED",
                    "this service has no failure injection",
                    "its /metrics shows no failure_mode (or it was not read yet)");
        }
        String path = switch (action) {
            case "fail_on" -> "/fail/on";
            case "fail_off" -> "/fail/off";
            case "latency" -> "/latency?ms=" + latencyMillis;
            case "reset" -> "/reset";
            default -> throw new IllegalArgumentException("unknown action " + action);
        };
        JsonClient.Response answer = post(service, path, null);
        if (answer.status() != 200) {
            throw new ApiException(
                    502,
                    "UPSTREAM_FAILED",
                    name + " refused the fault",
                    "POST " + path + " answered " + answer.status());
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("service", name);
        body.put("action", action);
        body.put("answer", Json.mapper().convertValue(read(answer.body()), Map.class));
        return body;
    }

    /**
     * Sends {@code requests} add-to-cart requests to the {@code /fixed} cart of {@code name}, one after the other,
     * then empties the cart they filled.
     *
     * @throws ApiException 404 unknown service, 409 {@code TRAFFIC_NOT_SUPPORTED} when its {@code /metrics} shows no
     *     circuit breaker
     */
    Map<String, Object> cartTraffic(String name, int requests) {
        WatchedService service = service(name);
        if (!service.states().containsKey("circuit_breaker_state")) {
            throw ApiException.conflict(
                    "TRAFFIC_NOT_SUPPORTED",
                    "this service has no circuit breaker to drive traffic through",
                    "its /metrics shows no circuit_breaker_state (or it was not read yet)");
        }
        var byStatus = new TreeMap<String, Integer>();
        String breaker = null;
        String item = "{\"product_id\":\"" + TRAFFIC_PRODUCT + "\",\"quantity\":1}";
        for (int i = 0; i < requests; i++) {
            String key;
            try {
                JsonClient.Response answer = post(service, "/fixed/cart/" + TRAFFIC_USER + "/add", item);
                key = Integer.toString(answer.status());
                JsonNode body = read(answer.body());
                if (body.path("circuit_breaker_state").isTextual()) {
                    breaker = body.path("circuit_breaker_state").asText();
                }
            } catch (ApiException e) {
                key = "no answer";
            }
            byStatus.merge(key, 1, Integer::sum);
        }
        try {
            poller.client(name)
                    .send(HttpRequest.newBuilder(service.target().url().resolve("/fixed/cart/" + TRAFFIC_USER))
                            .timeout(ServicePoller.REQUEST_TIMEOUT)
                            .DELETE()
                            .build());
        } catch (JsonClient.RemoteCallException e) {
            // the cart keeps a few mice: harmless
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("service", name);
        body.put("sent", requests);
        body.put("by_status", byStatus);
        body.put("circuit_breaker_state", breaker);
        return body;
    }

    private JsonClient.Response post(WatchedService service, String path, String json) {
        var request =
                HttpRequest.newBuilder(service.target().url().resolve(path)).timeout(ServicePoller.REQUEST_TIMEOUT);
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return poller.client(service.target().name()).send(request.build());
        } catch (JsonClient.RemoteCallException e) {
            throw new ApiException(
                    502, "UPSTREAM_UNAVAILABLE", service.target().name() + " did not answer", e.getMessage());
        }
    }

    private static JsonNode read(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            return Json.mapper().createObjectNode();
        }
    }
}
