package scalelab.flashsale.function;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small local runtime that runs one function the way AWS Lambda does.
 *
 * <ul>
 *   <li><b>Cold start.</b> An invocation that finds no warm environment creates one: it runs the function's init
 *       (the handler factory, which builds the handler's own objects), measures how long that took, then sleeps
 *       {@link FunctionConfig#extraInit()} (standing for the JVM boot a real Lambda pays before our code runs),
 *       and only then handles the event. A failing init keeps no environment; the invocation fails.
 *   <li><b>One event at a time</b> per environment; a warm environment is reused, most recently used first, as
 *       Lambda does (so that under light load a few environments stay warm and the others age out).
 *   <li><b>Errors.</b> A handler that throws an {@link Exception} fails that invocation only: the environment
 *       stays warm and usable. An {@link Error} (our stand-in for a runtime crash) discards the environment.
 *   <li><b>Idle timeout.</b> An environment unused for {@link FunctionConfig#idleTimeout()} is reclaimed by a
 *       sweeper (a handler that is {@link AutoCloseable} is closed). {@link #start} runs the sweeper on a daemon
 *       thread; a runtime built with the constructor only sweeps when {@link #sweep()} is called, so tests drive
 *       time with a manual {@link Ticker}.
 *   <li><b>Concurrency limit.</b> At most {@link FunctionConfig#concurrencyLimit()} invocations run at once (each
 *       holds one environment). An invocation that arrives when the limit is reached WAITS up to {@link
 *       FunctionConfig#throttleWait()} (real time, first come first served) for a running one to finish; if none
 *       does, it is THROTTLED: it does not run, it is counted in {@link FunctionStats#throttles()}, and {@link
 *       #invoke} throws {@link FunctionThrottledException}. (Lambda itself rejects a synchronous invoke at once
 *       with a 429; behind an SQS event source its pollers simply wait — a zero throttle wait models the former.)
 * </ul>
 *
 * <p><b>Billing modelled:</b> each invocation's handler duration rounded UP to the next whole millisecond, and —
 * since AWS's change of 1 August 2025, which bills the INIT phase for every function (before, on-demand ZIP
 * functions on managed runtimes did not pay it) — each cold start's init (measured + extra) rounded up to 1 ms.
 * Billed GB-seconds are their sum times the configured memory. Not modelled: the per-request charge (count
 * {@link FunctionStats#invocations()}), provisioned concurrency, SnapStart, the 15-minute timeout, memory limits.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * try (var runtime = FunctionRuntime.start("orders", FunctionConfig.defaults(), OrderFunction.init(processors))) {
 *     runtime.invoke(message); // throws FunctionThrottledException or FunctionInvocationException
 *     FunctionStats stats = runtime.stats();
 * }
 * }</pre>
 */
public final class FunctionRuntime<E, R> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FunctionRuntime.class);
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final String name;
    private final FunctionConfig config;
    private final Supplier<? extends FunctionHandler<E, R>> init;
    private final Ticker ticker;
    private final Semaphore permits; // one per invocation allowed to run: the concurrency limit
    private final ScheduledExecutorService sweeper; // null: sweep() is called by the owner

    // Warm environments, most recently used at the head; guarded by idleLock.
    private final Deque<Environment<E, R>> idle = new ArrayDeque<>();
    private final ReentrantLock idleLock = new ReentrantLock();
    private volatile boolean closed;

    // Counters: written by invoking threads and the sweeper.
    private final LongAdder invocations = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder throttles = new LongAdder();
    private final LongAdder coldStarts = new LongAdder();
    private final LongAdder initFailures = new LongAdder();
    private final LongAdder reclaimed = new LongAdder();
    private final LongAdder billedDurationMillis = new LongAdder();
    private final LongAdder billedInitMillis = new LongAdder();
    private final LongAdder initNanos = new LongAdder();
    private final LongAdder extraInitNanos = new LongAdder();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger peakConcurrent = new AtomicInteger();
    private final AtomicInteger alive = new AtomicInteger();
    private final Histogram initMicros = new ConcurrentHistogram(3);
    private final Histogram coldInvocationMicros = new ConcurrentHistogram(3);
    private final Histogram warmInvocationMicros = new ConcurrentHistogram(3);

    /**
     * A runtime without a background sweeper: call {@link #sweep()} to reclaim idle environments.
     *
     * @param init the function's initialisation, run once per cold start; it builds the handler
     */
    public FunctionRuntime(
            String name, FunctionConfig config, Supplier<? extends FunctionHandler<E, R>> init, Ticker ticker) {
        this(name, config, init, ticker, false);
    }

    private FunctionRuntime(
            String name,
            FunctionConfig config,
            Supplier<? extends FunctionHandler<E, R>> init,
            Ticker ticker,
            boolean sweepInBackground) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.init = Objects.requireNonNull(init, "init");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.permits = new Semaphore(config.concurrencyLimit(), true);
        if (sweepInBackground) {
            sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .name("function-sweeper-" + name)
                    .daemon()
                    .factory());
            long period = sweepPeriod(config.idleTimeout()).toNanos();
            sweeper.scheduleAtFixedRate(this::sweepQuietly, period, period, TimeUnit.NANOSECONDS);
        } else {
            sweeper = null;
        }
    }

    /** A runtime on the system clock whose sweeper runs in the background (every idle timeout / 4, 10 ms..1 s). */
    public static <E, R> FunctionRuntime<E, R> start(
            String name, FunctionConfig config, Supplier<? extends FunctionHandler<E, R>> init) {
        return new FunctionRuntime<>(name, config, init, Ticker.system(), true);
    }

    static Duration sweepPeriod(Duration idleTimeout) {
        Duration quarter = idleTimeout.dividedBy(4);
        if (quarter.compareTo(Duration.ofMillis(10)) < 0) return Duration.ofMillis(10);
        if (quarter.compareTo(Duration.ofSeconds(1)) > 0) return Duration.ofSeconds(1);
        return quarter;
    }

    public FunctionConfig config() {
        return config;
    }

    /**
     * Runs {@code event} on a warm environment, or on a new one after a cold start.
     *
     * @return the handler's result (Lambda's response payload)
     *
     * @throws FunctionThrottledException all environments stayed busy at the limit for the throttle wait
     * @throws FunctionInvocationException the handler or the init threw (the cause)
     * @throws InterruptedException interrupted while waiting for a free environment or during the extra init
     * @throws IllegalStateException the runtime is closed
     */
    public R invoke(E event) throws InterruptedException {
        if (closed) throw new IllegalStateException("function " + name + " is closed");
        if (!permits.tryAcquire(config.throttleWait().toNanos(), TimeUnit.NANOSECONDS)) {
            throttles.increment();
            throw new FunctionThrottledException("function " + name + " throttled: all " + config.concurrencyLimit()
                    + " environments busy for " + config.throttleWait());
        }
        int running = concurrent.incrementAndGet();
        peakConcurrent.accumulateAndGet(running, Math::max);
        try {
            invocations.increment();
            long start = ticker.nanos();
            Environment<E, R> environment = takeWarm();
            boolean cold = environment == null;
            if (cold) environment = coldStart();
            long handlerStart = ticker.nanos();
            try {
                return environment.handler.handle(event);
            } catch (Exception e) {
                errors.increment();
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                throw new FunctionInvocationException("function " + name + " failed: " + e.getMessage(), e, false);
            } catch (Error e) { // a runtime crash: Lambda discards the environment
                errors.increment();
                shutdown(environment, "runtime crash");
                environment = null;
                throw e;
            } finally {
                long end = ticker.nanos();
                billedDurationMillis.add(ceilMillis(end - handlerStart));
                (cold ? coldInvocationMicros : warmInvocationMicros).recordValue(micros(end - start));
                if (environment != null) release(environment, end);
            }
        } finally {
            concurrent.decrementAndGet();
            permits.release();
        }
    }

    private Environment<E, R> takeWarm() {
        idleLock.lock();
        try {
            return idle.pollFirst();
        } finally {
            idleLock.unlock();
        }
    }

    private void release(Environment<E, R> environment, long now) {
        environment.lastUsedNanos = now;
        idleLock.lock();
        try {
            if (!closed) {
                idle.addFirst(environment);
                return;
            }
        } finally {
            idleLock.unlock();
        }
        shutdown(environment, "runtime closed");
    }

    private Environment<E, R> coldStart() throws InterruptedException {
        coldStarts.increment();
        long start = ticker.nanos();
        FunctionHandler<E, R> handler;
        try {
            handler = Objects.requireNonNull(init.get(), "init returned no handler");
        } catch (RuntimeException e) {
            long measured = ticker.nanos() - start;
            initFailures.increment();
            errors.increment();
            billedInitMillis.add(ceilMillis(measured));
            throw new FunctionInvocationException("function " + name + " init failed: " + e.getMessage(), e, true);
        }
        long measured = ticker.nanos() - start;
        initNanos.add(measured);
        initMicros.recordValue(micros(measured));
        alive.incrementAndGet();
        var environment = new Environment<E, R>(handler);
        long extra = config.extraInit().toNanos();
        try {
            ticker.sleep(config.extraInit());
        } catch (InterruptedException e) {
            release(environment, ticker.nanos()); // initialised all the same: keep it warm
            throw e;
        }
        extraInitNanos.add(extra);
        billedInitMillis.add(ceilMillis(measured + extra));
        log.debug("function={} cold start: init {} us + extra {} us", name, measured / 1000, extra / 1000);
        return environment;
    }

    /**
     * Reclaims every warm environment unused for at least the idle timeout, least recently used first.
     *
     * @return how many were reclaimed
     */
    public int sweep() {
        long now = ticker.nanos();
        long timeout = config.idleTimeout().toNanos();
        List<Environment<E, R>> expired = new ArrayList<>();
        idleLock.lock();
        try {
            // The head is the most recently used: the expired ones are all at the tail.
            while (!idle.isEmpty() && now - idle.peekLast().lastUsedNanos >= timeout) {
                expired.add(idle.pollLast());
            }
        } finally {
            idleLock.unlock();
        }
        expired.forEach(environment -> shutdown(environment, "idle"));
        return expired.size();
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("function={} sweep failed", name, e);
        }
    }

    private void shutdown(Environment<E, R> environment, String why) {
        alive.decrementAndGet();
        reclaimed.increment();
        log.debug("function={} environment reclaimed ({})", name, why);
        if (environment.handler instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("function={} handler close failed", name, e);
            }
        }
    }

    public FunctionStats stats() {
        return new FunctionStats(
                invocations.sum(),
                errors.sum(),
                throttles.sum(),
                coldStarts.sum(),
                initFailures.sum(),
                concurrent.get(),
                peakConcurrent.get(),
                alive.get(),
                reclaimed.sum(),
                initNanos.sum() / 1e6,
                millis(initMicros.getValueAtPercentile(50)),
                millis(initMicros.getMaxValue()),
                extraInitNanos.sum() / 1e6,
                millis(coldInvocationMicros.getValueAtPercentile(50)),
                millis(coldInvocationMicros.getMaxValue()),
                millis(warmInvocationMicros.getValueAtPercentile(50)),
                millis(warmInvocationMicros.getMaxValue()),
                billedDurationMillis.sum(),
                billedInitMillis.sum(),
                (billedDurationMillis.sum() + billedInitMillis.sum()) / 1000.0 * config.memoryGb());
    }

    /** Stops the sweeper and reclaims the warm environments; busy ones are reclaimed when they finish. */
    @Override
    public void close() {
        closed = true;
        if (sweeper != null) sweeper.shutdownNow();
        List<Environment<E, R>> warm;
        idleLock.lock();
        try {
            warm = new ArrayList<>(idle);
            idle.clear();
        } finally {
            idleLock.unlock();
        }
        warm.forEach(environment -> shutdown(environment, "runtime closed"));
    }

    /** Nanoseconds rounded up to whole milliseconds, as Lambda bills. */
    static long ceilMillis(long nanos) {
        return Math.max(0, (nanos + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI);
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos / 1000);
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    private static final class Environment<E, R> {
        final FunctionHandler<E, R> handler;
        volatile long lastUsedNanos; // written when it goes back to the idle deque

        Environment(FunctionHandler<E, R> handler) {
            this.handler = handler;
        }
    }
}
