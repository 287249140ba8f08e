package scalelab.dashboard;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One watched service and what the dashboard last learnt of it. Written by the poller only, read by the page's
 * requests: every method is synchronized.
 */
final class WatchedService {
    /** Samples kept per service: 180, three minutes at the default interval. */
    static final int HISTORY = 180;

    private final ServiceTarget target;
    private final ArrayDeque<Sample> history = new ArrayDeque<>();
    private String health = "unknown"; // healthy, unhealthy, unreachable
    private Map<String, Object> healthDetails = Map.of();
    private String problem; // why the last poll failed, or null
    private Instant checkedAt;
    private MetricsReading previous;
    private long previousMillis;
    private MetricsReading latest;
    private List<Map<String, Object>> jobs = List.of();

    WatchedService(ServiceTarget target) {
        this.target = target;
    }

    ServiceTarget target() {
        return target;
    }

    synchronized void health(String status, Map<String, Object> details, Instant at) {
        this.health = status;
        this.healthDetails = details;
        this.checkedAt = at;
    }

    synchronized void unreachable(String why, Instant at) {
        this.health = "unreachable";
        this.healthDetails = Map.of();
        this.problem = why;
        this.checkedAt = at;
    }

    /** Adds a sample from {@code reading}, with rates since the reading before. */
    synchronized void metrics(MetricsReading reading, long epochMillis) {
        Double rps = null;
        Double errorPercent = null;
        if (previous != null && epochMillis > previousMillis && reading.requests() >= previous.requests()) {
            long requests = reading.requests() - previous.requests();
            long errors = Math.max(0, reading.serverErrors() - previous.serverErrors());
            rps = round(requests * 1000.0 / (epochMillis - previousMillis));
            errorPercent = requests == 0 ? 0.0 : round(100.0 * errors / requests);
        }
        history.addLast(new Sample(
                epochMillis, rps, reading.p50Millis(), reading.p99Millis(), errorPercent, reading.figures()));
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        previous = reading;
        previousMillis = epochMillis;
        latest = reading;
        problem = null;
    }

    synchronized void jobs(List<Map<String, Object>> jobs) {
        this.jobs = List.copyOf(jobs);
    }

    synchronized String health() {
        return health;
    }

    /** The latest state texts of its {@code /metrics} (e.g. {@code circuit_breaker_state}); empty before the first. */
    synchronized Map<String, String> states() {
        return latest == null ? Map.of() : latest.states();
    }

    /** True when its {@code /metrics} shows a failure-injection switch (core's {@code FaultRoutes}). */
    synchronized boolean hasFaults() {
        return latest != null && latest.states().containsKey("failure_mode");
    }

    /** The row of {@code GET /api/services}. */
    synchronized Map<String, Object> describe() {
        var row = new LinkedHashMap<String, Object>();
        row.put("name", target.name());
        row.put("kind", target.kind());
        row.put("url", target.url().toString());
        row.put("health", health);
        row.put("health_details", healthDetails);
        row.put("problem", problem);
        row.put("checked_at", checkedAt == null ? null : checkedAt.toString());
        row.put("faults", hasFaults());
        return row;
    }

    /** The entry of {@code GET /api/metrics}: the latest figures and the samples taken after {@code sinceMillis}. */
    synchronized Map<String, Object> metricsSince(long sinceMillis) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("name", target.name());
        entry.put("kind", target.kind());
        entry.put("health", health);
        Sample last = history.peekLast();
        entry.put("latest", last);
        entry.put("states", latest == null ? Map.of() : latest.states());
        entry.put(
                "samples",
                history.stream().filter(s -> s.epochMillis() > sinceMillis).toList());
        entry.put("jobs", jobs);
        return entry;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
