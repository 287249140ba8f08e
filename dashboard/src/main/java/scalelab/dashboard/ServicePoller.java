package scalelab.dashboard;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.client.JsonClient;
import scalelab.core.json.Json;

/**
 * Reads every watched service's {@code /health} and {@code /metrics} (and a MapReduce coordinator's {@code /jobs})
 * once per interval, all services at once, each call with a connect and a request timeout, and keeps what it read
 * in the {@link WatchedService}s.
 */
final class ServicePoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServicePoller.class);
    /** Connect timeout of every poll: 500 ms. */
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    /** Whole-answer timeout of every poll: 2 s. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** MapReduce jobs shown: the 5 latest. */
    static final int JOBS_SHOWN = 5;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final Map<String, WatchedService> services = new LinkedHashMap<>(); // filled once, then read-only
    private final Map<String, JsonClient> clients = new LinkedHashMap<>(); // idem
    private final Map<String, Map<String, Object>> finishedJobs = new ConcurrentHashMap<>(); // job id -> its row
    private final Map<String, JobsSeen> jobsSeen = new ConcurrentHashMap<>(); // service -> its job counters last read

    /** A coordinator's job counters at the last poll: its jobs are read again only when these move. */
    private record JobsSeen(long submitted, boolean running) {}

    private final Clock clock;
    private final Duration interval;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("dashboard-poller").daemon().unstarted(r));

    ServicePoller(List<ServiceTarget> targets, Duration interval, Clock clock) {
        for (ServiceTarget target : targets) {
            services.put(target.name(), new WatchedService(target));
            clients.put(target.name(), JsonClient.of(target.url(), CONNECT_TIMEOUT, REQUEST_TIMEOUT));
        }
        this.interval = interval;
        this.clock = clock;
    }

    /** Polls every interval from now on, in the background. */
    ServicePoller start() {
        ticker.scheduleWithFixedDelay(this::pollSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    Collection<WatchedService> services() {
        return services.values();
    }

    Optional<WatchedService> find(String name) {
        return Optional.ofNullable(services.get(name));
    }

    JsonClient client(String name) {
        return clients.get(name);
    }

    Duration interval() {
        return interval;
    }

    private void pollSafely() {
        try {
            pollOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("polling the services failed: {}", e.toString());
        }
    }

    /**
     * Polls every service once, all at once, and returns when each has answered or timed out. One poll at a time
     * (the ticker's and a caller's): samples stay in time order.
     */
    synchronized void pollOnce() throws InterruptedException {
        // one time for every service's sample: the page lines them up on one axis
        long tickMillis = clock.millis();
        var tasks = new ArrayList<Callable<Void>>();
        for (WatchedService service : services.values()) {
            tasks.add(() -> {
                poll(service, tickMillis);
                return null;
            });
        }
        // each call is bounded by its own timeouts; this is a backstop
        calls.invokeAll(tasks, REQUEST_TIMEOUT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll(WatchedService service, long tickMillis) {
        JsonClient client = clients.get(service.target().name());
        try {
            var health = client.send(get(service, "/health"));
            Map<String, Object> details = new LinkedHashMap<>(parse(health.body()));
            details.remove("status");
            details.remove("service");
            service.health(health.status() == 200 ? "healthy" : "unhealthy", details, clock.instant());
            var metrics = client.send(get(service, "/metrics"));
            if (metrics.status() == 200) {
                JsonNode body = Json.mapper().readTree(metrics.body());
                service.metrics(MetricsReading.of(body), tickMillis);
                if (body.has("jobs_running")) { // a MapReduce coordinator
                    // its /jobs are read only while a job runs or just after: idle, the polling adds no request
                    var seen = new JobsSeen(
                            body.path("jobs_submitted").asLong(),
                            body.path("jobs_running").asLong() > 0);
                    JobsSeen before = jobsSeen.put(service.target().name(), seen);
                    if (seen.running() || !seen.equals(before)) {
                        service.jobs(jobs(service, client));
                    }
                }
            }
        } catch (JsonClient.RemoteCallException e) {
            service.unreachable(e.getMessage(), clock.instant());
        } catch (Exception e) { // a body that is not the JSON expected: shown, never fatal to the poller
            service.unreachable("unreadable answer: " + e.getMessage(), clock.instant());
        }
    }

    /** The latest jobs, newest first; a finished job is read once. */
    private List<Map<String, Object>> jobs(WatchedService service, JsonClient client) {
        var list = client.get("/jobs", new TypeReference<Map<String, List<Map<String, Object>>>>() {})
                .getOrDefault("jobs", List.of());
        var rows = new ArrayList<Map<String, Object>>();
        for (int i = list.size() - 1; i >= 0 && rows.size() < JOBS_SHOWN; i--) {
            String id = String.valueOf(list.get(i).get("job_id"));
            String key = service.target().name() + "/" + id;
            Map<String, Object> row = finishedJobs.get(key);
            if (row == null) {
                row = jobRow(client.get("/jobs/" + id, new TypeReference<JsonNode>() {}));
                if ("DONE".equals(row.get("status")) || "FAILED".equals(row.get("status"))) {
                    finishedJobs.put(key, row);
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> jobRow(JsonNode job) {
        var row = new LinkedHashMap<String, Object>();
        row.put("job_id", job.path("job_id").asText());
        row.put("status", job.path("status").asText());
        row.put("map_tasks_total", job.path("map_tasks_total").asInt());
        row.put("map_tasks_done", job.path("map_tasks_done").asInt());
        row.put("reducers", job.path("reducers").asInt());
        row.put("reduce_tasks_done", job.path("reduce_tasks_done").asInt());
        row.put(
                "total_ms",
                job.path("phases").path("total_ms").isNumber()
                        ? job.path("phases").path("total_ms").asLong()
                        : null);
        row.put("error", job.path("error").isTextual() ? job.path("error").asText() : null);
        return row;
    }

    private static HttpRequest get(WatchedService service, String path) {
        return HttpRequest.newBuilder(service.target().url().resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build();
    }

    private static Map<String, Object> parse(String body) {
        try {
            return Json.mapper().readValue(body, MAP);
        } catch (Exception e) {
            return Map.of();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        calls.shutdownNow();
    }
}
