package scalelab.mapreduce.engine;

import java.time.Duration;
import java.util.Objects;
import scalelab.mapreduce.split.Splitter;

/**
 * How the coordinator runs jobs.
 *
 * @param topology the queues' names
 * @param taskTimeout a task not done this long after it was (last) issued is issued again
 * @param maxAttempts issues of one task before the job fails (a time-out or a dead-lettered task counts as one)
 * @param mapWindow map tasks issued and not done at most, per job: the splitter reads ahead of the mappers by this
 *     many chunks, and no more, so the input never sits in memory (nor in an in-process broker) as a whole
 * @param maxChunkBytes the largest chunk, in bytes, unless the job says otherwise
 * @param compress whether map tasks' chunks are deflated (see {@link Compression})
 * @param publishTimeout longest wait for the broker to take one task
 * @param keepJobs finished jobs (and their results) kept for {@code GET /jobs/{id}}; older ones are forgotten
 */
public record CoordinatorConfig(
        Topology topology,
        Duration taskTimeout,
        int maxAttempts,
        int mapWindow,
        int maxChunkBytes,
        boolean compress,
        Duration publishTimeout,
        int keepJobs) {
    /** A task not done within 60 s is issued again. */
    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofSeconds(60);
    /** Issues of one task before its job fails: 3. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Map tasks in flight per job: 8 (8 x 8 MiB chunks at most). */
    public static final int DEFAULT_MAP_WINDOW = 8;
    /** Finished jobs kept: 20. */
    public static final int DEFAULT_KEEP_JOBS = 20;

    public CoordinatorConfig {
        Objects.requireNonNull(topology, "topology");
        if (taskTimeout.isNegative() || taskTimeout.isZero()) {
            throw new IllegalArgumentException("taskTimeout must be > 0 but was " + taskTimeout);
        }
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1 but was " + maxAttempts);
        if (mapWindow < 1) throw new IllegalArgumentException("mapWindow must be >= 1 but was " + mapWindow);
        if (maxChunkBytes < 1)
            throw new IllegalArgumentException("maxChunkBytes must be >= 1 but was " + maxChunkBytes);
        if (publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("publishTimeout must be > 0 but was " + publishTimeout);
        }
        if (keepJobs < 1) throw new IllegalArgumentException("keepJobs must be >= 1 but was " + keepJobs);
    }

    public static CoordinatorConfig defaults() {
        return new CoordinatorConfig(
                Topology.defaults(),
                DEFAULT_TASK_TIMEOUT,
                DEFAULT_MAX_ATTEMPTS,
                DEFAULT_MAP_WINDOW,
                Splitter.DEFAULT_MAX_CHUNK_BYTES,
                false,
                WorkerConfig.DEFAULT_PUBLISH_TIMEOUT,
                DEFAULT_KEEP_JOBS);
    }

    public CoordinatorConfig withTaskTimeout(Duration timeout) {
        return new CoordinatorConfig(
                topology, timeout, maxAttempts, mapWindow, maxChunkBytes, compress, publishTimeout, keepJobs);
    }

    public CoordinatorConfig withMaxAttempts(int attempts) {
        return new CoordinatorConfig(
                topology, taskTimeout, attempts, mapWindow, maxChunkBytes, compress, publishTimeout, keepJobs);
    }

    public CoordinatorConfig withMapWindow(int window) {
        return new CoordinatorConfig(
                topology, taskTimeout, maxAttempts, window, maxChunkBytes, compress, publishTimeout, keepJobs);
    }

    public CoordinatorConfig withMaxChunkBytes(int bytes) {
        return new CoordinatorConfig(
                topology, taskTimeout, maxAttempts, mapWindow, bytes, compress, publishTimeout, keepJobs);
    }

    public CoordinatorConfig withCompress(boolean deflate) {
        return new CoordinatorConfig(
                topology, taskTimeout, maxAttempts, mapWindow, maxChunkBytes, deflate, publishTimeout, keepJobs);
    }

    public CoordinatorConfig withTopology(Topology names) {
        return new CoordinatorConfig(
                names, taskTimeout, maxAttempts, mapWindow, maxChunkBytes, compress, publishTimeout, keepJobs);
    }

    /** One line for the startup log. */
    public String describe() {
        return "prefix=" + topology.prefix() + " task-timeout=" + taskTimeout.toMillis() + "ms max-attempts="
                + maxAttempts + " map-window=" + mapWindow + " max-chunk-bytes=" + maxChunkBytes + " compress="
                + compress;
    }
}
