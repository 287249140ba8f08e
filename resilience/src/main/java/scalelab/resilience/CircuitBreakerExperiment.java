package scalelab.resilience;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import scalelab.core.client.JsonClient;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.report.Machine;
import scalelab.loadgen.LoadTest;
import scalelab.resilience.cart.CartApp;
import scalelab.resilience.cart.FixedConfig;
import scalelab.resilience.cart.Variant;
import scalelab.resilience.product.ProductApp;

/**
 * The circuit-breaker experiment: the vulnerable and the fixed cart under the same load at the same time,
 * while the product service they both depend on fails. Timeline: normal, then an outage whose first half
 * is the product's failure mode (quick 503s) and whose second half is an injected latency of {@link
 * #INJECTED_LATENCY}, then recovered. Per second and per variant it records requests, error rate, p50 and
 * p99, and requests in flight; it polls the fixed cart's breaker state every {@link #POLL}. It writes
 * {@code index.html}, the per-second CSVs and each variant's load report, and checks the goals: the fixed
 * cart's error rate 0% and p99 at most 50 ms during the outage, its breaker closed again within the open
 * wait plus the half-open calls after recovery, the vulnerable cart's callers waiting the injected latency
 * or failing.
 */
public final class CircuitBreakerExperiment {
    /** The product latency injected in the second half of the outage. */
    public static final Duration INJECTED_LATENCY = Duration.ofSeconds(5);

    /** How often the fixed cart's breaker state is read. */
    static final Duration POLL = Duration.ofMillis(250);

    /** The load generator's timeout: above the injected latency, so the vulnerable cart's waits are measured. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** The fixed cart's open-state wait in quick mode, so it fits in the short recovered phase. */
    static final Duration QUICK_OPEN_WAIT = Duration.ofSeconds(2);

    /** A goal on the vulnerable cart: at least this share of its adds failed or waited. */
    static final double VULNERABLE_SHARE = 0.95;

    /** "Waited the injected latency": at least this fraction of it. */
    static final double WAITED_FRACTION = 0.9;

    /** The fixed cart's p99 goal during the outage, in milliseconds. */
    static final double FIXED_P99_GOAL_MS = 50;

    static final String NORMAL = "normal";
    static final String FAILING = "outage: failure mode";
    static final String SLOW = "outage: 5 s latency";
    static final String RECOVERED = "recovered";
    static final Set<String> OUTAGE = Set.of(FAILING, SLOW);
    static final List<String> VARIANTS = List.of("vulnerable", "fixed");

    public record Config(Path out, boolean quick, int users) {
        public Config(Path out, boolean quick) {
            this(out, quick, 20);
        }

        Duration normal() {
            return quick ? Duration.ofSeconds(8) : Duration.ofSeconds(30);
        }

        Duration outage() {
            return quick ? Duration.ofSeconds(16) : Duration.ofSeconds(60);
        }

        Duration recovered() {
            return quick ? Duration.ofSeconds(8) : Duration.ofSeconds(30);
        }

        /**
         * The same load for a few seconds before the timeline, not recorded: without it the first second
         * measures a cold JVM (20 users' first requests at once took 250 ms).
         */
        Duration warmUp() {
            return quick ? Duration.ofSeconds(3) : Duration.ofSeconds(5);
        }

        Duration total() {
            return normal().plus(outage()).plus(recovered());
        }

        /** The fixed cart's settings: the defaults, with a shorter open-state wait in quick mode. */
        FixedConfig cart() {
            return quick ? FixedConfig.defaults().withOpenWait(QUICK_OPEN_WAIT) : FixedConfig.defaults();
        }
    }

    /** One row of the conclusion: a variant's figures in one phase (or over the whole outage). */
    public record Row(String variant, String phase, VariantTimeline.Figures figures) {}

    /** A goal of the experiment, whether it was met, and what was measured. */
    public record Goal(String goal, boolean met, String measured) {}

    public record Result(List<Row> rows, List<Goal> goals, Path index) {
        public Row row(String variant, String phase) {
            return rows.stream()
                    .filter(r -> r.variant().equals(variant) && r.phase().equals(phase))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private final PrintStream console;

    public CircuitBreakerExperiment(PrintStream console) {
        this.console = console;
    }

    public Result run(Config config) throws InterruptedException {
        FixedConfig cartConfig = config.cart();
        try (var product = HttpServer.start(
                        ServerConfig.loopback("product"),
                        ProductApp.routes(null).toArray(Routes[]::new));
                var cart = HttpServer.start(
                        ServerConfig.loopback("cart"),
                        CartApp.routes(product.uri(), cartConfig, Variant.FIXED).toArray(Routes[]::new))) {
            console.printf(
                    Locale.ROOT,
                    "circuit-breaker: %d users per variant, product %s, cart %s (/vulnerable and /fixed)%n",
                    config.users(),
                    product.uri(),
                    cart.uri());
            console.printf(
                    Locale.ROOT,
                    "timeline: %d s normal, %d s outage (failure mode, then %d ms latency), %d s recovered%n",
                    config.normal().toSeconds(),
                    config.outage().toSeconds(),
                    INJECTED_LATENCY.toMillis(),
                    config.recovered().toSeconds());
            console.println("fixed cart: " + cartConfig.describe());
            console.println("machine: " + Machine.describe());
            var measured = measure(config, product.uri(), cart.uri());
            return conclude(config, cartConfig, measured);
        }
    }

    /** What one run measured: both variants' ticks, the breaker samples, and the phases as they happened. */
    record Measured(
            long originMs,
            List<Phase> phases,
            Map<String, VariantTimeline> timelines,
            BreakerTimeline breaker,
            int failedPolls) {}

    private Measured measure(Config config, URI productUri, URI cartUri) throws InterruptedException {
        var admin = JsonClient.of(productUri, Duration.ofSeconds(2), Duration.ofSeconds(5));
        var cartClient = JsonClient.of(cartUri, Duration.ofSeconds(2), Duration.ofSeconds(2));
        warmUp(config, cartUri);
        post(admin, productUri, "/reset");
        post(cartClient, cartUri, "/circuit-breaker/reset");

        var breaker = new BreakerTimeline();
        var failedPolls = new java.util.concurrent.atomic.AtomicInteger();
        var timelines = new LinkedHashMap<String, VariantTimeline>();
        var tests = new LinkedHashMap<String, LoadTest>();
        for (String variant : VARIANTS) {
            var inFlight = new InFlight();
            var timeline = new VariantTimeline(variant, inFlight);
            timelines.put(variant, timeline);
            tests.put(
                    variant,
                    LoadTest.against(cartUri)
                            .scenario(CartScenario.of("/" + variant, inFlight))
                            .users(config.users())
                            .duration(config.total())
                            .timeout(REQUEST_TIMEOUT)
                            .listener(timeline));
        }

        // start on a whole second: the load tests cut their ticks on whole seconds, so the phase
        // switches fall on tick boundaries
        long originMs = (System.currentTimeMillis() / 1000 + 1) * 1000;
        sleepUntil(originMs);
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("breaker-poller").daemon().unstarted(r));
        poller.scheduleAtFixedRate(
                () -> poll(cartClient, breaker, failedPolls), 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        var runners = new ArrayList<Thread>();
        var loadError = new AtomicReference<Throwable>();
        tests.forEach((variant, test) ->
                runners.add(Thread.ofPlatform().name("load-" + variant).start(() -> {
                    try {
                        test.runInto(
                                config.out().resolve(variant),
                                "circuit-breaker: the " + variant + " cart under load",
                                List.of());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        loadError.compareAndSet(null, e);
                    }
                })));
        long failAt;
        long slowAt;
        long recoveredAt;
        try {
            sleepUntil(originMs + config.normal().toMillis());
            failAt = System.currentTimeMillis();
            post(admin, productUri, "/fail/on");
            console.println("phase: " + FAILING + " (POST /fail/on)");

            sleepUntil(originMs
                    + config.normal().plus(config.outage().dividedBy(2)).toMillis());
            slowAt = System.currentTimeMillis();
            post(admin, productUri, "/latency?ms=" + INJECTED_LATENCY.toMillis());
            post(admin, productUri, "/fail/off");
            console.println("phase: " + SLOW + " (POST /latency?ms=" + INJECTED_LATENCY.toMillis() + ", /fail/off)");

            sleepUntil(originMs + config.normal().plus(config.outage()).toMillis());
            recoveredAt = System.currentTimeMillis();
            post(admin, productUri, "/latency?ms=0");
            console.println("phase: " + RECOVERED + " (POST /latency?ms=0)");
        } catch (RuntimeException | InterruptedException e) {
            tests.values().forEach(LoadTest::stop);
            throw e;
        } finally {
            for (Thread runner : runners) {
                runner.join();
            }
            poller.shutdownNow();
            poller.awaitTermination(2, TimeUnit.SECONDS);
        }
        if (loadError.get() != null) {
            throw new IllegalStateException("a load test failed: " + loadError.get(), loadError.get());
        }
        long endMs = Math.max(recoveredAt, System.currentTimeMillis());
        var phases = List.of(
                new Phase(NORMAL, originMs, failAt),
                new Phase(FAILING, failAt, slowAt),
                new Phase(SLOW, slowAt, recoveredAt),
                new Phase(RECOVERED, recoveredAt, endMs));
        return new Measured(originMs, phases, timelines, breaker, failedPolls.get());
    }

    private void warmUp(Config config, URI cartUri) throws InterruptedException {
        console.printf(
                Locale.ROOT,
                "warm-up: %d s, both variants (not recorded)%n",
                config.warmUp().toSeconds());
        var runners = new ArrayList<Thread>();
        for (String variant : VARIANTS) {
            var test = LoadTest.against(cartUri)
                    .scenario(CartScenario.of("/" + variant, new InFlight()))
                    .users(config.users())
                    .duration(config.warmUp())
                    .timeout(REQUEST_TIMEOUT);
            runners.add(Thread.ofPlatform().name("warm-up-" + variant).start(() -> {
                try {
                    test.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread runner : runners) {
            runner.join();
        }
    }

    private static void poll(
            JsonClient cart, BreakerTimeline breaker, java.util.concurrent.atomic.AtomicInteger failedPolls) {
        long at = System.currentTimeMillis();
        try {
            Map<String, Object> metrics = cart.get("/fixed/metrics", new TypeReference<>() {});
            breaker.add(at, String.valueOf(metrics.get("circuit_breaker_state")));
        } catch (RuntimeException e) {
            failedPolls.incrementAndGet();
            breaker.add(at, "UNKNOWN");
        }
    }

    /** An admin call the experiment depends on: anything but a 2xx is an experiment error. */
    private static void post(JsonClient client, URI base, String path) {
        var request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        var response = client.send(request);
        if (response.status() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " answered " + response.status() + ": " + response.body());
        }
    }

    private static void sleepUntil(long epochMs) throws InterruptedException {
        long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private Result conclude(Config config, FixedConfig cartConfig, Measured m) {
        var rows = new ArrayList<Row>();
        for (String variant : VARIANTS) {
            var timeline = m.timelines().get(variant);
            for (Phase phase : m.phases()) {
                rows.add(new Row(variant, phase.name(), timeline.figures(m.phases(), Set.of(phase.name()))));
            }
            rows.add(new Row(variant, "outage (both halves)", timeline.figures(m.phases(), OUTAGE)));
        }
        var goals = goals(config, cartConfig, m, rows);
        var result = new Result(List.copyOf(rows), goals, null);
        Path index = new CircuitBreakerReport(config, cartConfig, m, result).write();
        printConclusion(result, m);
        console.println("report: " + index);
        return new Result(result.rows(), goals, index);
    }

    private static List<Goal> goals(Config config, FixedConfig cartConfig, Measured m, List<Row> rows) {
        var fixedOutage = find(rows, "fixed", "outage (both halves)");
        long waitedTimeout = m.timelines()
                .get("fixed")
                .countAtLeast(
                        m.phases(), OUTAGE, Math.round(cartConfig.timeout().toNanos() / 1000.0 * WAITED_FRACTION));
        var goals = new ArrayList<Goal>();
        goals.add(new Goal(
                "fixed cart: error rate 0% during the outage",
                fixedOutage.failures() == 0 && fixedOutage.requests() > 0,
                String.format(
                        Locale.ROOT,
                        "%s (%d failed of %d)",
                        percent(fixedOutage.errorRate()),
                        fixedOutage.failures(),
                        fixedOutage.requests())));
        goals.add(new Goal(
                "fixed cart: p99 <= " + (int) FIXED_P99_GOAL_MS + " ms during the outage",
                fixedOutage.requests() > 0 && fixedOutage.p99Ms() <= FIXED_P99_GOAL_MS,
                String.format(
                        Locale.ROOT,
                        "p99 %s, max %s; %d of %d requests (%s) waited >= %s, about the %d ms timeout (calls let "
                                + "through to the hanging product service: closed or half-open breaker)",
                        ms(fixedOutage.p99Ms()),
                        ms(fixedOutage.maxMs()),
                        waitedTimeout,
                        fixedOutage.requests(),
                        percent(fixedOutage.requests() == 0 ? 0 : (double) waitedTimeout / fixedOutage.requests()),
                        ms(cartConfig.timeout().toMillis() * WAITED_FRACTION),
                        cartConfig.timeout().toMillis())));

        Phase recovered = m.phases().get(3);
        var fixedRecovered = find(rows, "fixed", RECOVERED);
        double rate = fixedRecovered.requests() / Math.max(0.001, (recovered.endMs() - recovered.startMs()) / 1000.0);
        long halfOpenMs = Math.round(1000.0 * cartConfig.halfOpenCalls() / Math.max(0.1, rate));
        long boundMs =
                cartConfig.openWait().toMillis() + cartConfig.timeout().toMillis() + halfOpenMs + POLL.toMillis();
        var closedAt = m.breaker().closedForGoodAfter(recovered.startMs(), recovered.endMs());
        String bound = String.format(
                Locale.ROOT,
                "bound %.2f s = open wait %.2f s + timeout %.2f s + %d half-open calls at %.1f req/s %.2f s + poll %.2f s",
                boundMs / 1000.0,
                cartConfig.openWait().toMillis() / 1000.0,
                cartConfig.timeout().toMillis() / 1000.0,
                cartConfig.halfOpenCalls(),
                rate,
                halfOpenMs / 1000.0,
                POLL.toMillis() / 1000.0);
        // closing only counts as recovery if the breaker had opened during the outage
        long outageStart = m.phases().stream()
                .filter(p -> OUTAGE.contains(p.name()))
                .mapToLong(Phase::startMs)
                .min()
                .orElse(recovered.startMs());
        boolean openedInOutage = m.breaker().seenIn("OPEN", outageStart, recovered.startMs());
        goals.add(new Goal(
                "fixed cart: breaker CLOSED again after recovery within open wait + one trial timeout"
                        + " + the half-open calls at the measured rate + the poll interval,"
                        + " having been seen OPEN during the outage",
                openedInOutage && closedAt.isPresent() && closedAt.getAsLong() - recovered.startMs() <= boundMs,
                (openedInOutage ? "" : "never seen OPEN during the outage; ")
                        + (closedAt.isPresent()
                                ? String.format(
                                        Locale.ROOT,
                                        "closed %.2f s after recovery (%s)",
                                        (closedAt.getAsLong() - recovered.startMs()) / 1000.0,
                                        bound)
                                : "not closed for good by the end of the run (" + bound + ")")));

        double share = m.timelines()
                .get("vulnerable")
                .shareFailedOrWaited(
                        m.phases(),
                        OUTAGE,
                        CartScenario.addName("/vulnerable"),
                        Math.round(INJECTED_LATENCY.toNanos() / 1000.0 * WAITED_FRACTION));
        var slow = find(rows, "vulnerable", SLOW);
        goals.add(new Goal(
                "vulnerable cart: callers wait the injected latency or fail during the outage",
                share >= VULNERABLE_SHARE,
                String.format(
                        Locale.ROOT,
                        "%s of adds failed or waited >= %.1f s (goal >= %s); latency half p50 %s, p99 %s",
                        Double.isNaN(share) ? "n/a" : percent(share),
                        INJECTED_LATENCY.toMillis() * WAITED_FRACTION / 1000.0,
                        percent(VULNERABLE_SHARE),
                        ms(slow.p50Ms()),
                        ms(slow.p99Ms()))));
        return List.copyOf(goals);
    }

    private static VariantTimeline.Figures find(List<Row> rows, String variant, String phase) {
        return rows.stream()
                .filter(r -> r.variant().equals(variant) && r.phase().equals(phase))
                .findFirst()
                .orElseThrow()
                .figures();
    }

    static final List<String> HEADERS = List.of("variant", "phase", "requests", "error rate", "p50", "p99", "max");

    static List<Object> cells(Row r) {
        var f = r.figures();
        return List.of(
                r.variant(),
                r.phase(),
                f.requests(),
                percent(f.errorRate()),
                ms(f.p50Ms()),
                ms(f.p99Ms()),
                ms(f.maxMs()));
    }

    private void printConclusion(Result result, Measured m) {
        String format = "%-10s %-22s %9s %10s %10s %10s %10s%n";
        console.printf(Locale.ROOT, format, HEADERS.toArray());
        for (Row r : result.rows()) {
            console.printf(Locale.ROOT, format, cells(r).toArray());
        }
        console.printf(
                Locale.ROOT,
                "breaker: %d state changes seen, %d polls failed%n",
                m.breaker().transitions(),
                m.failedPolls());
        for (Goal g : result.goals()) {
            console.printf(Locale.ROOT, "goal %s: %s — %s%n", g.met() ? "met" : "MISSED", g.goal(), g.measured());
        }
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * ratio);
    }

    static String ms(double millis) {
        return millis >= 100
                ? String.format(Locale.ROOT, "%.0f ms", millis)
                : String.format(Locale.ROOT, "%.1f ms", millis);
    }

    static void writeCsv(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
