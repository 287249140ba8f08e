package scalelab.flashsale.function;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one function under the local {@link FunctionRuntime}.
 *
 * @param concurrencyLimit most execution environments at once, i.e. most concurrent invocations (Lambda's
 *     reserved concurrency); at least 1. Default {@value #DEFAULT_CONCURRENCY_LIMIT}.
 * @param idleTimeout an environment unused this long is reclaimed; the next invocation that finds no warm
 *     environment pays a cold start. AWS does not document Lambda's (observed: minutes to tens of minutes);
 *     the default, {@link #DEFAULT_IDLE_TIMEOUT}, is shorter so that a run on a laptop shows reclamation.
 *     Positive.
 * @param memoryMb the memory the function is configured with, in MB: Lambda bills duration in GB-seconds of
 *     it. 128..10240, default {@value #DEFAULT_MEMORY_MB}. The local runtime does not limit memory.
 * @param extraInit time added to every cold start after the measured init, standing for what a real Lambda
 *     pays before our init code runs (the JVM boot and class loading of a fresh process: typically hundreds of
 *     milliseconds to seconds for Java without SnapStart). Reported apart from the measured init, and billed
 *     with it. Default zero; not negative.
 * @param throttleWait how long an invocation waits for a free environment when all are busy at the limit,
 *     before it is throttled. Default {@link #DEFAULT_THROTTLE_WAIT}; zero throttles at once, as a synchronous
 *     Lambda invoke does; not negative.
 */
public record FunctionConfig(
        int concurrencyLimit, Duration idleTimeout, int memoryMb, Duration extraInit, Duration throttleWait) {

    /** Environments, default concurrency limit. */
    public static final int DEFAULT_CONCURRENCY_LIMIT = 10;

    /** Default idle timeout before an environment is reclaimed. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** MB, default memory (the cost model's default too). */
    public static final int DEFAULT_MEMORY_MB = 512;

    /** Default wait for a free environment before throttling. */
    public static final Duration DEFAULT_THROTTLE_WAIT = Duration.ofSeconds(1);

    public FunctionConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(extraInit, "extraInit");
        Objects.requireNonNull(throttleWait, "throttleWait");
        if (concurrencyLimit < 1) {
            throw new IllegalArgumentException("concurrencyLimit must be at least 1 but was " + concurrencyLimit);
        }
        if (!idleTimeout.isPositive()) {
            throw new IllegalArgumentException("idleTimeout must be positive but was " + idleTimeout);
        }
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException("memoryMb must be in 128..10240 but was " + memoryMb);
        }
        if (extraInit.isNegative()) {
            throw new IllegalArgumentException("extraInit must not be negative but was " + extraInit);
        }
        if (throttleWait.isNegative()) {
            throw new IllegalArgumentException("throttleWait must not be negative but was " + throttleWait);
        }
    }

    /** The four settings the order consumer is wired with, and the default throttle wait. */
    public FunctionConfig(int concurrencyLimit, Duration idleTimeout, int memoryMb, Duration extraInit) {
        this(concurrencyLimit, idleTimeout, memoryMb, extraInit, DEFAULT_THROTTLE_WAIT);
    }

    public static FunctionConfig defaults() {
        return new FunctionConfig(DEFAULT_CONCURRENCY_LIMIT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MEMORY_MB, Duration.ZERO);
    }

    /** The memory in GB (1024 MB), as Lambda's GB-seconds count it. */
    public double memoryGb() {
        return memoryMb / 1024.0;
    }
}
