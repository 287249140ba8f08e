package scalelab.core.faults;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import scalelab.core.http.ApiException;
import scalelab.core.http.Handler;
import scalelab.core.http.Routes;

/**
 * Failure injection for any service: a failure mode (the routes answer 503) and a latency (every answer
 * is delayed), switched at run time, plus counters of what the affected routes answered. Thread-safe.
 *
 * <pre>{@code
 * var faults = new Faults();
 * HttpServer.start(config,
 *         faults.inject(new ProductRoutes(catalog)),   // these routes are delayed and can fail
 *         new FaultRoutes(faults, adminToken));        // POST /fail/on, /latency?ms=N, ... (never delayed)
 * }</pre>
 *
 * <p>A wrapped request first waits the injected latency (on its own virtual thread), then answers 503
 * {@code SERVICE_UNAVAILABLE} if failure mode is on, else runs the route. Lowering the latency, or a
 * reset, releases the requests already waiting once they have waited the new latency: an operator who
 * heals the service does not leave callers hanging for the old delay.
 */
public final class Faults {
    /** The largest latency that can be injected: 60 000 ms. */
    public static final long MAX_LATENCY_MILLIS = 60_000;

    // Written by the setters under `lock` (so that waiters are signalled), read by every request.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition latencyLowered = lock.newCondition();
    private volatile boolean failureMode;
    private volatile long latencyMillis;

    // Written by the wrapped handlers, zeroed by reset().
    private final LongAdder requests = new LongAdder();
    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();

    /** Failure mode off, no latency, counters at zero. */
    public Faults() {}

    public boolean failureMode() {
        return failureMode;
    }

    /** Turns failure mode on (the wrapped routes answer 503) or off. */
    public void setFailureMode(boolean on) {
        failureMode = on;
    }

    public long latencyMillis() {
        return latencyMillis;
    }

    /**
     * Sets the delay before every wrapped answer; requests already waiting are held only to the new one.
     *
     * @param millis 0..{@link #MAX_LATENCY_MILLIS}
     * @throws IllegalArgumentException when {@code millis} is outside that range
     */
    public void setLatencyMillis(long millis) {
        if (millis < 0 || millis > MAX_LATENCY_MILLIS) {
            throw new IllegalArgumentException("latency must be 0.." + MAX_LATENCY_MILLIS + " ms but was " + millis);
        }
        lock.lock();
        try {
            latencyMillis = millis;
            latencyLowered.signalAll(); // waiters recompute what is left of their delay
        } finally {
            lock.unlock();
        }
    }

    /** Failure mode off, latency 0, counters 0. */
    public void reset() {
        failureMode = false;
        setLatencyMillis(0);
        requests.reset();
        successes.reset();
        failures.reset();
    }

    public FaultState state() {
        return new FaultState(failureMode, latencyMillis, requests.sum(), successes.sum(), failures.sum());
    }

    /**
     * {@code routes} with every handler delayed and failed as injected, and counted. Its health, metrics
     * and meters are those of {@code routes}: add a {@link FaultRoutes} to the service for the faults' own.
     */
    public Routes inject(Routes routes) {
        return Routes.wrapping(routes, (method, handler) -> apply(handler));
    }

    /** {@code handler} behind the injected latency and failure mode, counted. */
    Handler apply(Handler handler) {
        return exchange -> {
            requests.increment();
            boolean failed = true;
            try {
                delay();
                if (failureMode) {
                    throw new ApiException(
                            503, "SERVICE_UNAVAILABLE", "the service is unavailable (failure mode is on)", null);
                }
                handler.handle(exchange);
                failed = false;
            } catch (ApiException e) {
                failed = e.status() >= 500; // a refused bad request is the service working, not failing
                throw e;
            } finally {
                (failed ? failures : successes).increment();
            }
        };
    }

    /** Waits the injected latency, counted from the call; returns early if it is lowered meanwhile. */
    void delay() throws InterruptedException {
        if (latencyMillis == 0) {
            return;
        }
        long start = System.nanoTime();
        lock.lock();
        try {
            while (true) {
                long left = TimeUnit.MILLISECONDS.toNanos(latencyMillis) - (System.nanoTime() - start);
                if (left <= 0) {
                    return;
                }
                latencyLowered.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The injected latency as a duration. */
    public Duration latency() {
        return Duration.ofMillis(latencyMillis);
    }
}
