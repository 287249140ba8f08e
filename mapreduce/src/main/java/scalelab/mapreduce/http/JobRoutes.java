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
 * <p>{@code input_path} names a file inside the coordinator's data directory ({@code --data-dir}, by default its
 * working directory); a relative path is resolved against it, and one that leads out of it ({@code ..}, an
 * absolute path elsewhere, a symlink) is refused. {@code text} needs no file.
 *
 * <p>Errors: 400 {@code INVALID_JOB} ({@code INVALID_INPUT} for {@code /single-machine}) with every bad field in
 * {@code details}: both or neither of {@code input_path} and {@code text}; an input path that is not a valid path,
 * is outside the data directory, or is not a readable regular file (missing, a directory, unreadable, a
 * {@code /proc}-like file of size 0 with content); chunks or reducers not a whole number in
 * 1..{@link JobSpec#MAX_CHUNKS} or 1..{@link JobSpec#MAX_REDUCERS}. 400 {@code MALFORMED_JSON} or
 * {@code INVALID_FIELD} for a body that is not JSON or has a field of the wrong type; 404 {@code JOB_NOT_FOUND};
 * 409 {@code JOB_NOT_DONE} for the result of a running job and {@code JOB_FAILED} for one that failed; 503
 * {@code BROKER_UNAVAILABLE} for a job submitted while the broker cannot be reached, and
 * {@code COORDINATOR_CLOSED} while the service stops.
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
        JobRequest request = JobRequest.validated(ex.body(JobRequest.Body.class), "INVALID_JOB", service.dataDir());
        if (read(() -> service.broker().depth(topology().mapTasks().queue())) == null) {
            throw new ApiException(
                    503,
                    "BROKER_UNAVAILABLE",
                    "the broker cannot be reached: no job can run; try again later",
                    "broker " + service.broker().describe());
        }
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
            String what = spooled ? "text: " : "input_path: ";
            throw ApiException.badRequest("INVALID_JOB", "the request is invalid", what + e.getMessage());
        } catch (IllegalStateException e) { // the coordinator is closed: the service is stopping
            if (spooled) Files.deleteIfExists(input);
            throw new ApiException(
                    503, "COORDINATOR_CLOSED", "the coordinator is shutting down: no job can start", e.getMessage());
        } catch (RuntimeException e) {
            if (spooled) Files.deleteIfExists(input);
            throw e;
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
        JobRequest request = JobRequest.validated(ex.body(JobRequest.Body.class), "INVALID_INPUT", service.dataDir());
        SingleMachineCount.Result counted;
        if (request.text() != null) {
            counted = SingleMachineCount.count(request.text().getBytes(StandardCharsets.UTF_8));
        } else {
            try {
                counted = SingleMachineCount.count(Path.of(request.inputPath()));
            } catch (IOException e) { // checked a moment ago: gone or changed since
                throw ApiException.badRequest(
                        "INVALID_INPUT", "the request is invalid", "input_path: " + e.getMessage());
            }
        }
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
