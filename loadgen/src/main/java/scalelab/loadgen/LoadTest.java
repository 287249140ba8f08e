package scalelab.loadgen;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.loadgen.http.HttpEngine;

/**
 * One load test: a scenario's users against a host, for a while, and what they measured.
 *
 * <pre>{@code
 * RunData data = LoadTest.against(URI.create("http://127.0.0.1:8082"))
 *         .scenario(scenario).users(50).spawnRate(10).duration(Duration.ofSeconds(30))
 *         .client("fast").run();
 * }</pre>
 *
 * <p><b>Closed model</b> (the default, Locust's): each user sends, waits for the answer, thinks, and sends
 * again; the load follows the server's speed, and latency counts from the actual send.
 *
 * <p><b>Open model</b> ({@link #rate}, wrk2's): requests are due at a fixed rate whatever the server does,
 * taken in turn by the users (here: connections). Latency counts from the time a request was <em>due</em>,
 * so a server stall shows in the percentiles instead of silently slowing the senders (coordinated
 * omission).
 */
public final class LoadTest {
    /** Notified as the run goes: every interval, and after each tick with the figures so far. */
    public interface Listener {
        default void interval(Interval interval) {}

        default void tick(RunData data, double progress, int users) {}

        /** A code task or start hook threw; the run goes on. */
        default void taskFailed(String task, RuntimeException error) {}
    }

    private final URI host;
    private Scenario scenario;
    private int users = 1;
    private double spawnRate = 0;
    private Duration duration = Duration.ofSeconds(10);
    private String client = "fast";
    private double rate = 0;
    private Duration timeout = Duration.ofSeconds(10);
    private Duration tick = Duration.ofSeconds(1);
    private int samples = 5_000;
    private long seed = System.nanoTime();
    private final List<Listener> listeners = new ArrayList<>();
    private final CountDownLatch stopSignal = new CountDownLatch(1);

    private LoadTest(URI host) {
        this.host = host;
    }

    public static LoadTest against(URI host) {
        if (host.getScheme() == null || host.getHost() == null) {
            throw new IllegalArgumentException("--host needs a URL such as http://127.0.0.1:8082, not '" + host + "'");
        }
        return new LoadTest(host);
    }

    public LoadTest scenario(Scenario scenario) {
        this.scenario = scenario;
        return this;
    }

    /** Concurrent users (in the open model: connections taking the due requests). */
    public LoadTest users(int users) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, not " + users);
        }
        this.users = users;
        return this;
    }

    /** Users started per second; 0 starts them all at once. */
    public LoadTest spawnRate(double perSecond) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("the spawn rate is a number of users per second, 0 or more");
        }
        this.spawnRate = perSecond;
        return this;
    }

    public LoadTest duration(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the run time must be positive");
        }
        this.duration = duration;
        return this;
    }

    /** {@code standard} (JDK HttpClient) or {@code fast} (lean event-loop client). */
    public LoadTest client(String client) {
        if (!client.equals("standard") && !client.equals("fast")) {
            throw new IllegalArgumentException("unknown client '" + client + "': use standard or fast");
        }
        this.client = client;
        return this;
    }

    /** Switches to the open model at this many requests per second; 0 is the closed model. */
    public LoadTest rate(double perSecond) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("the rate is a number of requests per second, 0 or more");
        }
        this.rate = perSecond;
        return this;
    }

    /** Longest wait for one whole answer before it counts as failed. */
    public LoadTest timeout(Duration timeout) {
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("the timeout must be at least 1 ms");
        }
        this.timeout = timeout;
        return this;
    }

    /** How often figures are cut (the history's resolution); 1 s by default, as Locust's CSV history. */
    public LoadTest tick(Duration tick) {
        if (tick.toMillis() < 10) {
            throw new IllegalArgumentException("a tick is at least 10 ms");
        }
        this.tick = tick;
        return this;
    }

    public LoadTest seed(long seed) {
        this.seed = seed;
        return this;
    }

    public LoadTest listener(Listener listener) {
        listeners.add(listener);
        return this;
    }

    /** Ends the run early (Ctrl-C); {@link #run} still returns every figure measured. */
    public void stop() {
        stopSignal.countDown();
    }

    public Map<String, Object> parameters() {
        var p = new LinkedHashMap<String, Object>();
        p.put("scenario", scenario == null ? "" : scenario.name());
        p.put("host", host.toString());
        p.put("client", client);
        p.put("model", rate > 0 ? "open" : "closed");
        p.put("users", users);
        p.put("spawn_rate", spawnRate);
        p.put("rate", rate);
        p.put("duration_s", duration.toMillis() / 1000.0);
        p.put("timeout_ms", timeout.toMillis());
        return p;
    }

    /** A finished run: its figures, the thresholds' verdicts and the report's {@code index.html}. */
    public record Result(RunData data, List<Threshold.Verdict> verdicts, java.nio.file.Path index) {
        public boolean passed() {
            return verdicts.stream().allMatch(Threshold.Verdict::passed);
        }
    }

    /**
     * Runs with the HdrHistogram logs written into {@code out/hdr} as it goes, then writes every report
     * into {@code out} (also after {@link #stop}) and judges the thresholds.
     */
    public Result runInto(java.nio.file.Path out, String title, List<Threshold> thresholds)
            throws InterruptedException {
        RunData data;
        try (var logs = new HdrLogs(out, System.currentTimeMillis())) {
            listeners.add(logs);
            try {
                data = run();
            } finally {
                listeners.remove(logs);
            }
        }
        var verdicts = thresholds.stream().map(t -> t.evaluate(data.total())).toList();
        return new Result(data, verdicts, LoadReport.write(data, out, title, verdicts));
    }

    /** Runs to the end (or {@link #stop}) and returns what was measured. */
    public RunData run() throws InterruptedException {
        if (scenario == null || scenario.userTypes().isEmpty()) {
            throw new IllegalStateException("no scenario, or one without users, given");
        }
        try (var engine = HttpEngine.named(client, host, timeout)) {
            var running = new Running(engine);
            return running.run();
        }
    }

    /** A run in progress: what the user drivers share. */
    final class Running {
        private static final Logger log = LoggerFactory.getLogger(LoadTest.class);

        private final HttpEngine engine;
        private final LiveStats stats = new LiveStats(samples);
        private final RunData data = new RunData(parameters());
        /** Spawns users, wakes them after think time, starts the open model's due requests. */
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("loadgen-scheduler").daemon().unstarted(r));
        /** Cuts ticks and tells the listeners, apart from the scheduler so it never delays a due request. */
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("loadgen-ticker").daemon().unstarted(r));

        private final AtomicInteger active = new AtomicInteger();
        private final AtomicInteger spawned = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicLong tickets = new AtomicLong();
        private final int[] typeCounts = new int[scenario.userTypes().size()];
        /** The most users active at once since the last cut: what a tick reports as its users. */
        private final AtomicInteger peakSinceCut = new AtomicInteger();

        private final java.util.Set<LoadTest.Listener> brokenListeners =
                java.util.concurrent.ConcurrentHashMap.newKeySet();

        private volatile boolean stopRequested;
        private long startNanos;
        private long endNanos;
        private long lastCutMs;

        Running(HttpEngine engine) {
            this.engine = engine;
        }

        RunData run() throws InterruptedException {
            startNanos = System.nanoTime();
            endNanos = startNanos + duration.toNanos();
            lastCutMs = stats.epochMs(startNanos);
            double spawnPerSecond = rate > 0 || spawnRate == 0 ? Double.POSITIVE_INFINITY : spawnRate;
            for (int i = 0; i < users; i++) {
                long delay = Double.isInfinite(spawnPerSecond) ? 0 : (long) (i / spawnPerSecond * 1e9);
                schedule(this::spawn, delay);
            }
            // ticks end on whole multiples of the tick in wall-clock time (every second on the second), so
            // the logs of generators on other processes or machines line up when merged
            long tickMs = tick.toMillis();
            long firstMs = tickMs - lastCutMs % tickMs;
            ticker.scheduleAtFixedRate(
                    this::cut, firstMs < tickMs / 4 ? firstMs + tickMs : firstMs, tickMs, TimeUnit.MILLISECONDS);

            stopSignal.await(duration.toNanos(), TimeUnit.NANOSECONDS);
            stopRequested = true;
            // answers on their way are awaited (within the timeout, 5 s at most); thinking users are not
            long drainUntil = System.nanoTime() + Math.min(timeout.toNanos(), 5_000_000_000L);
            while (inFlight.get() > 0 && System.nanoTime() - drainUntil < 0) {
                Thread.sleep(5);
            }
            scheduler.shutdownNow();
            ticker.shutdownNow();
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            ticker.awaitTermination(2, TimeUnit.SECONDS);
            cut();
            data.failures(stats.failures());
            data.samples(stats.samples());
            return data;
        }

        private void spawn() {
            if (over()) {
                return;
            }
            int id = spawned.incrementAndGet();
            UserType type;
            synchronized (typeCounts) {
                type = scenario.nextType(typeCounts);
            }
            peakSinceCut.accumulateAndGet(active.incrementAndGet(), Math::max);
            var session = new Session(id, engine.open(), stats, seed + id * 0x9E3779B97F4A7C15L);
            new UserDriver(this, type, session).start();
        }

        private synchronized void cut() {
            long nowMs = stats.epochMs(System.nanoTime());
            int activeUsers = peakSinceCut.getAndSet(active.get());
            var interval = stats.cut(lastCutMs, nowMs, activeUsers);
            lastCutMs = nowMs;
            data.add(interval);
            double progress = Math.min(1, (System.nanoTime() - startNanos) / (double) duration.toNanos());
            for (var l : listeners) {
                try {
                    l.interval(interval);
                    l.tick(data, progress, activeUsers);
                } catch (RuntimeException e) {
                    if (brokenListeners.add(l)) { // said once; the run and its reports go on
                        log.warn(
                                "a load-test listener failed ({}): {}",
                                l.getClass().getSimpleName(),
                                e.toString());
                    }
                }
            }
        }

        /** True once the run time is up or a stop was asked for: users start nothing new. */
        boolean over() {
            return stopRequested || System.nanoTime() - endNanos >= 0;
        }

        boolean openModel() {
            return rate > 0;
        }

        /** When the next task should start ({@link System#nanoTime}); {@code Long.MAX_VALUE} when none should. */
        long nextStart() {
            if (rate == 0) {
                return System.nanoTime();
            }
            long due = startNanos + (long) (tickets.getAndIncrement() * 1e9 / rate);
            return due - endNanos >= 0 ? Long.MAX_VALUE : due;
        }

        void schedule(Runnable action, long delayNanos) {
            try {
                scheduler.schedule(action, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                userFinished(); // the run is over
            }
        }

        /** Brackets each task, so the stop can wait for the answers on their way. */
        void taskStarted() {
            inFlight.incrementAndGet();
        }

        void taskEnded() {
            inFlight.decrementAndGet();
        }

        void userFinished() {
            active.decrementAndGet();
        }

        void taskFailed(String task, RuntimeException error) {
            listeners.forEach(l -> l.taskFailed(task, error));
        }
    }
}
