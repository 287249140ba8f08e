package scalelab.mapreduce.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Health;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;
import scalelab.mapreduce.engine.Job;
import scalelab.mapreduce.engine.JobSpec;
import scalelab.mapreduce.engine.JobStatus;
import scalelab.mapreduce.engine.Topology;
import scalelab.mapreduce.single.SingleMachineCount;
import scalelab.mapreduce.text.WordCounts;

/**
 * The coordinator's HTTP side.
 *
 * <pre>
 * curl -s -X POST localhost:8087/jobs -H 'Content-Type: application/json' \
 *      -d '{"text": "to be or not to be", "chunks": 2, "reducers": 2}'
 * #Output: {"job_id":"job-3f2a…","status":"SPLITTING","location":"/jobs/job-3f2a…"}
 * curl -s localhost:8087/jobs/job-3f2a…          # status, phases, every task
 * curl -s localhost:8087/jobs/job-3f2a…/result   # {"final_count":{…},"total_words":6,…}
 * curl -s -X POST localhost:8087/single-machine -H 'Content-Type: application/json' \
 *      -d '{"input_path": "/data/corpus.txt"}'    # the result + bytes, elapsed_ms, megabytes_per_second
 * </pre>
 *
 * <p>Errors: 400 {@code INVALID_JOB} (every bad field in {@code details}: both or neither of {@code input_path}
 * and {@code text}, a file that cannot be read, chunks or reducers out of range) or {@code BAD_REQUEST} for a body
 * that is not JSON; 404 {@code JOB_NOT_FOUND}; 409 {@code JOB_NOT_DONE} for the result of a running job and
 * {@code JOB_FAILED} for one that failed.
 */
final class JobRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(JobRoutes.class);

    private final MapReduceService service;

    JobRoutes(MapReduceService service) {
        this.service = service;
    }

    @Override
    public void register(Router router) {
        router.post("/jobs", this::submit)
                .get("/jobs", this::list)
                .get("/jobs/{id}", this::find)
                .get("/jobs/{id}/result", this::result)
                .post("/single-machine", this::singleMachine);
    }

    private void submit(Exchange ex) throws IOException {
        JobRequest request = ex.body(JobRequest.class).validated("INVALID_JOB");
        boolean spooled = request.text() != null;
        Path input = spooled ? spool(request.text()) : Path.of(request.inputPath());
        Job job;
        try {
            int maxChunkBytes = service.coordinator().config().maxChunkBytes();
            job = service.coordinator()
                    .submit(
                            input,
                            new JobSpec(request.chunksOrDefault(), request.reducersOrDefault(), maxChunkBytes),
                            spooled);
        } catch (IOException e) {
            if (spooled) Files.deleteIfExists(input);
            throw ApiException.badRequest("INVALID_JOB", "the request is invalid", "input_path: " + e.getMessage());
        }
        String location = "/jobs/" + job.id();
        ex.header("Location", location);
        var body = new LinkedHashMap<String, Object>();
        body.put("job_id", job.id());
        body.put("status", job.status());
        body.put("location", location);
        ex.json(202, body);
    }

    private static Path spool(String text) throws IOException {
        Path file = Files.createTempFile("scalelab-mapreduce-", ".txt");
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private void list(Exchange ex) {
        var jobs = service.coordinator().jobs().stream()
                .map(job -> {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("job_id", job.id());
                    row.put("status", job.status());
                    row.put("input_bytes", job.inputBytes());
                    return row;
                })
                .toList();
        ex.json(200, Map.of("jobs", jobs));
    }

    private Job job(Exchange ex) {
        String id = ex.pathParam("id");
        return service.coordinator()
                .job(id)
                .orElseThrow(() -> new ApiException(404, "JOB_NOT_FOUND", "no job with this id", id));
    }

    private void find(Exchange ex) {
        ex.json(200, job(ex).view());
    }

    private void result(Exchange ex) {
        Job job = job(ex);
        JobStatus status = job.status();
        if (status == JobStatus.FAILED) {
            throw ApiException.conflict(
                    "JOB_FAILED", "the job failed", job.error().orElse(null));
        }
        WordCounts counts = job.counts()
                .orElseThrow(() -> ApiException.conflict(
                        "JOB_NOT_DONE", "the job is not done yet; its result is not ready", "status " + status));
        ex.json(200, counts.toResult());
    }

    private void singleMachine(Exchange ex) throws IOException {
        JobRequest request = ex.body(JobRequest.class).validated("INVALID_INPUT");
        SingleMachineCount.Result counted = request.text() != null
                ? SingleMachineCount.count(request.text().getBytes(StandardCharsets.UTF_8))
                : SingleMachineCount.count(Path.of(request.inputPath()));
        WordCounts.Result result = counted.counts().toResult();
        var body = new LinkedHashMap<String, Object>();
        body.put("final_count", result.finalCount());
        body.put("total_words", result.totalWords());
        body.put("unique_words", result.uniqueWords());
        body.put("top_10_words", result.top10Words());
        body.put("bytes", counted.bytes());
        body.put("elapsed_ms", counted.elapsed().toNanos() / 1e6);
        body.put("megabytes_per_second", counted.megabytesPerSecond());
        ex.json(200, body);
    }

    /** Unhealthy (503) while the broker cannot be reached: no job could run. */
    @Override
    public Health health() {
        var details = new LinkedHashMap<String, Object>();
        details.put("broker", service.broker().describe());
        details.put("mappers", service.workers().mappers().size());
        details.put("reducers", service.workers().reducers().size());
        details.put("jobs_running", service.coordinator().metrics().jobsRunning());
        Long depth = read(() -> service.broker().depth(topology().mapTasks().queue()));
        details.put("broker_reachable", depth != null);
        if (depth == null) {
            details.put("reason", "broker unreachable: no task can be issued");
            return new Health(false, details);
        }
        return Health.healthy(details);
    }

    /** The coordinator's counters, the queues' depths (null while the broker is unreachable), the helpers' work. */
    @Override
    public void describeMetrics(Map<String, Object> metrics) {
        var counters = service.coordinator().metrics();
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = scalelab.core.json.Json.mapper().convertValue(counters, Map.class);
        metrics.putAll(fields);
        Topology topology = topology();
        metrics.put(
                "map_tasks_queued",
                read(() -> service.broker().depth(topology.mapTasks().queue())));
        metrics.put(
                "partials_queued",
                read(() -> service.broker().depth(topology.partials().queue())));
        metrics.put(
                "reduce_tasks_queued",
                read(() -> service.broker().depth(topology.reduceTasks().queue())));
        metrics.put(
                "results_queued",
                read(() -> service.broker().depth(topology.results().queue())));
        metrics.put("mappers_in_process", service.workers().mappers().size());
        metrics.put("reducers_in_process", service.workers().reducers().size());
        metrics.put("map_tasks_done_in_process", service.workers().mapTasksDone());
        metrics.put("reduce_tasks_done_in_process", service.workers().reduceTasksDone());
    }

    private Topology topology() {
        return service.coordinator().config().topology();
    }

    private static Long read(LongSupplier probe) {
        try {
            return probe.getAsLong();
        } catch (RuntimeException e) {
            log.debug("broker probe failed: {}", e.toString());
            return null;
        }
    }
}
