package scalelab.mapreduce.engine;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * How a mapper or reducer consumes.
 *
 * @param id the worker's name in partials, results and logs (e.g. {@code mapper-1@host:4242})
 * @param concurrency tasks handled at once (each on its own virtual thread)
 * @param compress whether the answers' entries are deflated (see {@link Compression})
 * @param publishTimeout longest wait for the broker to take one answer
 * @param retryBackoff the wait before a failed task is retried; it doubles with every delivery, up to 5 s
 * @param taskDelay a wait after taking each task and before working on it (a mapper's; 0 by default): to watch tasks
 *     queue up and move between mappers, or to kill a mapper mid-task in a demo or test
 */
public record WorkerConfig(
        String id,
        int concurrency,
        boolean compress,
        Duration publishTimeout,
        Duration retryBackoff,
        Duration taskDelay) {
    /** Longest wait for the broker to confirm one published answer: 30 s. */
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    /** The first retry's backoff: 100 ms (then 200 ms, 400 ms, ... up to {@link #MAX_BACKOFF}). */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    /** The longest retry backoff: 5 s. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    public WorkerConfig {
        Objects.requireNonNull(id, "id");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1 but was " + concurrency);
        if (publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("publishTimeout must be > 0 but was " + publishTimeout);
        }
        if (retryBackoff.isNegative()) throw new IllegalArgumentException("retryBackoff must be >= 0");
        Objects.requireNonNull(taskDelay, "taskDelay");
        if (taskDelay.isNegative()) throw new IllegalArgumentException("taskDelay must be >= 0 but was " + taskDelay);
    }

    /** No task delay. */
    public WorkerConfig(String id, int concurrency, boolean compress, Duration publishTimeout, Duration retryBackoff) {
        this(id, concurrency, compress, publishTimeout, retryBackoff, Duration.ZERO);
    }

    /** One task at a time, with the default timeouts, named {@code <role>-<n>@<host:pid>}. */
    public static WorkerConfig of(String role, int n, boolean compress) {
        return new WorkerConfig(
                role + "-" + n + "@" + ManagementFactory.getRuntimeMXBean().getName(),
                1,
                compress,
                DEFAULT_PUBLISH_TIMEOUT,
                DEFAULT_RETRY_BACKOFF);
    }

    public WorkerConfig withConcurrency(int newConcurrency) {
        return new WorkerConfig(id, newConcurrency, compress, publishTimeout, retryBackoff, taskDelay);
    }

    /** The same, waiting {@code delay} after taking each task and before working on it. */
    public WorkerConfig withTaskDelay(Duration delay) {
        return new WorkerConfig(id, concurrency, compress, publishTimeout, retryBackoff, delay);
    }

    /** The backoff before retrying a task that failed on its {@code deliveryCount}-th delivery. */
    Duration backoff(int deliveryCount) {
        int doublings = Math.min(Math.max(deliveryCount - 1, 0), 16);
        Duration backoff = retryBackoff.multipliedBy(1L << doublings);
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }
}
