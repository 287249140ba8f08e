package scalelab.core.faults;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Handler;
import scalelab.core.http.Health;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The admin switch of {@link Faults}, never delayed nor failed itself, so an operator can always heal
 * the service:
 *
 * <pre>
 * curl -s -X POST localhost:8080/fail/on -H 'X-Admin-Token: T'       # also /crash
 * #Output: {"message":"failure mode on","failure_mode":true,"latency_ms":0}
 * curl -s -X POST 'localhost:8080/latency?ms=5000' -H 'X-Admin-Token: T'
 * #Output: {"message":"latency set to 5000 ms","failure_mode":true,"latency_ms":5000}
 * curl -s -X POST localhost:8080/fail/off -H 'X-Admin-Token: T'      # also /recover
 * curl -s -X POST localhost:8080/reset -H 'X-Admin-Token: T'         # failure off, latency 0, counters 0
 * </pre>
 *
 * With an admin token configured, these endpoints require it ({@code X-Admin-Token} or {@code
 * Authorization: Bearer}): 401 {@code UNAUTHORIZED} without, 403 {@code FORBIDDEN} when wrong. Without
 * one they are open, and a warning says so once, at start.
 *
 * <p>The service is unhealthy ({@code /health} 503) while failure mode is on. {@code /metrics} gets
 * {@code failure_mode}, {@code latency_ms} and the counters {@code requests}, {@code successes}, {@code
 * failures} of the fault-injected routes; this {@code requests} replaces core's count of every request.
 */
public final class FaultRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(FaultRoutes.class);

    private final Faults faults;
    private final AdminToken token;

    /**
     * @param faults the switch these endpoints turn
     * @param adminToken the token the endpoints require; null or blank = open to anyone
     */
    public FaultRoutes(Faults faults, String adminToken) {
        this.faults = Objects.requireNonNull(faults, "faults");
        this.token = AdminToken.of(adminToken);
    }

    @Override
    public void register(Router router) {
        if (token.isOpen()) {
            log.warn("no admin token configured: the failure-injection endpoints (/fail/on, /latency, ...)"
                    + " are open to anyone");
        } else {
            log.info("failure-injection endpoints require the admin token");
        }
        router.post("/fail/on", admin(this::failOn))
                .post("/crash", admin(this::failOn))
                .post("/fail/off", admin(this::failOff))
                .post("/recover", admin(this::failOff))
                .post("/latency", admin(this::latency))
                .post("/reset", admin(this::reset));
    }

    private Handler admin(Handler handler) {
        return exchange -> {
            token.check(exchange);
            handler.handle(exchange);
        };
    }

    private void failOn(Exchange exchange) {
        faults.setFailureMode(true);
        log.warn("failure mode on: the fault-injected routes answer 503");
        answer(exchange, "failure mode on");
    }

    private void failOff(Exchange exchange) {
        faults.setFailureMode(false);
        log.warn("failure mode off");
        answer(exchange, "failure mode off");
    }

    private void latency(Exchange exchange) {
        String ms = exchange.query("ms")
                .orElseThrow(() -> ApiException.badRequest(
                        "INVALID_LATENCY",
                        "query parameter ms is required",
                        "ms must be 0.." + Faults.MAX_LATENCY_MILLIS));
        long millis;
        try {
            millis = Long.parseLong(ms.strip());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 0 || millis > Faults.MAX_LATENCY_MILLIS) {
            throw ApiException.badRequest(
                    "INVALID_LATENCY",
                    "ms must be a whole number of milliseconds from 0 to " + Faults.MAX_LATENCY_MILLIS,
                    null);
        }
        faults.setLatencyMillis(millis);
        log.warn("injected latency set to {} ms", millis);
        answer(exchange, "latency set to " + millis + " ms");
    }

    private void reset(Exchange exchange) {
        faults.reset();
        log.warn("faults reset: failure mode off, latency 0, counters 0");
        answer(exchange, "reset: failure mode off, latency 0, counters 0");
    }

    private void answer(Exchange exchange, String message) {
        var body = new LinkedHashMap<String, Object>();
        body.put("message", message);
        body.put("failure_mode", faults.failureMode());
        body.put("latency_ms", faults.latencyMillis());
        exchange.json(200, body);
    }

    @Override
    public Health health() {
        return faults.failureMode()
                ? new Health(false, Map.of("reason", "failure mode is on", "failure_mode", true))
                : Health.healthy();
    }

    @Override
    public void describeMetrics(Map<String, Object> metrics) {
        FaultState state = faults.state();
        metrics.put("requests", state.requests());
        metrics.put("successes", state.successes());
        metrics.put("failures", state.failures());
        metrics.put("failure_mode", state.failureMode());
        metrics.put("latency_ms", state.latencyMillis());
    }

    @Override
    public void bindMeters(MeterRegistry registry) {
        Gauge.builder("faults.failure.mode", faults, f -> f.failureMode() ? 1 : 0)
                .description("1 while failure mode is on")
                .register(registry);
        Gauge.builder("faults.latency", faults, Faults::latencyMillis)
                .description("injected latency")
                .baseUnit("milliseconds")
                .register(registry);
        FunctionCounter.builder("faults.requests", faults, f -> f.state().requests())
                .description("requests to the fault-injected routes")
                .register(registry);
        FunctionCounter.builder("faults.successes", faults, f -> f.state().successes())
                .register(registry);
        FunctionCounter.builder("faults.failures", faults, f -> f.state().failures())
                .description("injected 503s and other 5xx of the fault-injected routes")
                .register(registry);
    }
}
