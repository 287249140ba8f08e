package scalelab.scaling.experiment;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import scalelab.core.client.JsonClient;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.core.report.Machine;
import scalelab.loadgen.Interval;
import scalelab.loadgen.LoadTest;
import scalelab.loadgen.RunData;
import scalelab.loadgen.Stat;
import scalelab.scaling.autoscale.Autoscaler;
import scalelab.scaling.autoscale.CpuReader;
import scalelab.scaling.autoscale.Instance;
import scalelab.scaling.autoscale.InstanceLauncher;
import scalelab.scaling.autoscale.ScalingPolicy;
import scalelab.scaling.autoscale.Supervisor;
import scalelab.scaling.lb.LbConfig;
import scalelab.scaling.lb.LoadBalancer;
import scalelab.scaling.lb.LoadBalancerRoutes;
import scalelab.scaling.lb.Policy;
import scalelab.scaling.lb.TargetEvent;
import scalelab.scaling.lb.TargetRegistry;

/**
 * The autoscaling experiment, in three parts, on instances of a small (0.25 vCPU) service started by the given
 * launcher (the command line: {@code scalelab search --cpu-budget 0.25} processes):
 *
 * <ol>
 *   <li>one instance, loaded directly by 5, 20, 50, 200 and 300 users (think time between(0.1, 0.5) s): CPU,
 *       p50/p95/p99 and req/s per step, and the breaking point (the first step whose CPU reaches {@link
 *       #SATURATED_CPU_PERCENT});
 *   <li>the same steps through the balancer, with the autoscaler (min 2, max 4, 70% CPU): the scaling
 *       activities on a timeline, the latencies beside part 1's;
 *   <li>two instances behind the balancer under load: one killed (SIGKILL), then all: the failure rate, the time
 *       until the balancer stops routing to the dead one, until it is replaced, until everything is back.
 * </ol>
 */
public final class AutoscalingExperiment {
    /** A step whose CPU reaches this is saturated: from here queueing, not work, makes the latency. */
    static final double SATURATED_CPU_PERCENT = 90;

    static final List<Integer> STEPS = List.of(5, 20, 50, 200, 300);
    static final Duration MIN_THINK = Duration.ofMillis(100);
    static final Duration MAX_THINK = Duration.ofMillis(500);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration READY_WAIT = Duration.ofSeconds(60);

    /**
     * @param out the report folder
     * @param quick short steps and cooldowns (under a minute in all, for CI)
     */
    public record Config(Path out, boolean quick) {
        Duration step() {
            return quick ? Duration.ofSeconds(3) : Duration.ofSeconds(60);
        }

        Duration warmUp() {
            return quick ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
        }

        ScalingPolicy policy() {
            return quick
                    ? ScalingPolicy.of(2, 4, 70, Duration.ofSeconds(3), Duration.ofSeconds(30))
                    : ScalingPolicy.of(2, 4, 70, Duration.ofSeconds(60), Duration.ofSeconds(120));
        }

        Duration evaluationPeriod() {
            return quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        }

        LbConfig lb() {
            return LbConfig.defaults()
                    .withPolicy(Policy.LEAST_OUTSTANDING)
                    .withChecks("/health", Duration.ofMillis(500), Duration.ofMillis(500), 2, 2)
                    .withTimeouts(Duration.ofSeconds(1), TIMEOUT)
                    .withDrainTimeout(Duration.ofSeconds(5));
        }

        Duration drainTime() {
            return Duration.ofSeconds(2);
        }

        /** Part 3: load before the first kill, between the kills, and after killing all. */
        Duration beforeKill() {
            return quick ? Duration.ofSeconds(2) : Duration.ofSeconds(10);
        }

        Duration afterKillOne() {
            return quick ? Duration.ofSeconds(5) : Duration.ofSeconds(30);
        }

        Duration afterKillAll() {
            return quick ? Duration.ofSeconds(6) : Duration.ofSeconds(40);
        }

        int failureUsers() {
            return 50;
        }
    }

    /** Part 3's measurements; times in seconds, NaN when it did not happen within the run. */
    public record Failover(
            long requestsAfterKill,
            long failuresAfterKill,
            double stopRoutingSeconds,
            double replacedSeconds,
            long requestsAfterKillAll,
            long failuresAfterKillAll,
            double recoverySeconds) {}

    /** A point of a timeline: seconds since the part started, and a value. */
    public record Point(double seconds, double value) {}

    /** A scaling activity or target event on a timeline. */
    public record Mark(double seconds, String what, String detail) {}

    public record Result(
            List<Step> direct,
            List<Step> balanced,
            Integer breakingUsers,
            List<Point> cpu,
            List<Point> desired,
            List<Point> healthy,
            List<Mark> activities,
            List<Point> failuresPerSecond,
            List<Point> requestsPerSecond,
            List<Mark> failoverMarks,
            Failover failover) {}

    private final InstanceLauncher launcher;
    private final PrintStream console;
    private final PrintStream progress;
    private final Clock clock = Clock.systemUTC();
    private final CpuReader cpuReader = CpuReader.http(Duration.ofSeconds(2));

    public AutoscalingExperiment(InstanceLauncher launcher, PrintStream console, PrintStream progress) {
        this.launcher = launcher;
        this.console = console;
        this.progress = progress;
    }

    public Result run(Config config) throws Exception {
        progress.println("autoscaling: machine " + Machine.describe());
        List<Step> direct = partOne(config);
        Integer breaking = direct.stream()
                .filter(s -> s.cpuPercent() >= SATURATED_CPU_PERCENT)
                .map(Step::users)
                .findFirst()
                .orElse(null);
        var two = partTwo(config);
        var three = partThree(config);
        var result = new Result(
                direct,
                two.steps,
                breaking,
                two.cpu,
                two.desired,
                two.healthy,
                two.marks,
                three.failures,
                three.requests,
                three.marks,
                three.failover);
        new AutoscalingReport(config, result).write();
        printSummary(config, result);
        return result;
    }

    // ---- part 1 -------------------------------------------------------------------------------------------

    private List<Step> partOne(Config config) throws Exception {
        progress.println("part 1: one 0.25-vCPU instance, loaded directly");
        var none = new TargetRegistry() {
            @Override
            public boolean register(URI target) {
                return true;
            }

            @Override
            public void deregister(URI target) {}
        };
        try (var single = new Supervisor(launcher, none, 1, Duration.ZERO, clock)) {
            single.reconcile();
            Instance instance = single.instances().get(0);
            awaitTrue("the instance to serve", READY_WAIT, () -> serves(instance.uri()));
            load(instance.uri(), 20, config.warmUp()); // JIT and connections, not recorded
            var steps = new ArrayList<Step>();
            for (int users : STEPS) {
                CpuReader.Sample before = cpuReader.read(instance.uri());
                RunData data = load(instance.uri(), users, config.step());
                CpuReader.Sample after = cpuReader.read(instance.uri());
                double cpu = 100
                        * (after.busySeconds() - before.busySeconds())
                        / Math.max(1e-9, after.wallSeconds() - before.wallSeconds());
                Step step = step("direct", users, data, cpu, 1);
                steps.add(step);
                progress.println("  " + describe(step));
            }
            return steps;
        }
    }

    // ---- part 2 -------------------------------------------------------------------------------------------

    private record PartTwo(
            List<Step> steps, List<Point> cpu, List<Point> desired, List<Point> healthy, List<Mark> marks) {}

    private PartTwo partTwo(Config config) throws Exception {
        ScalingPolicy policy = config.policy();
        progress.println("part 2: the same steps through the balancer, autoscaling " + policy.describe());
        try (var lb = LoadBalancer.start(config.lb(), clock);
                var lbServer = HttpServer.start(ServerConfig.loopback("lb"), new LoadBalancerRoutes(lb));
                var supervisor = new Supervisor(launcher, lb, policy.min(), config.drainTime(), clock)
                        .start(Duration.ofMillis(500))) {
            awaitTrue("the first instances to turn healthy", READY_WAIT, () -> lb.healthyCount() >= policy.min());
            load(lbServer.uri(), 20, config.warmUp());
            long origin = clock.millis();
            var healthy = new CopyOnWriteArrayList<Point>();
            var desired = new CopyOnWriteArrayList<Point>();
            ScheduledExecutorService sampler = sampler(() -> {
                double at = (clock.millis() - origin) / 1000.0;
                healthy.add(new Point(at, lb.healthyCount()));
                desired.add(new Point(at, supervisor.desired()));
            });
            var steps = new ArrayList<Step>();
            try (var autoscaler =
                    new Autoscaler(policy, supervisor, cpuReader, clock).start(config.evaluationPeriod())) {
                for (int users : STEPS) {
                    long stepStart = clock.millis();
                    RunData data = load(lbServer.uri(), users, config.step());
                    long stepEnd = clock.millis();
                    double cpu = autoscaler.evaluations().stream()
                            .filter(e -> e.at().toEpochMilli() >= stepStart && e.at().toEpochMilli() <= stepEnd)
                            .mapToDouble(Autoscaler.Evaluation::cpuPercent)
                            .filter(v -> !Double.isNaN(v))
                            .average()
                            .orElse(Double.NaN);
                    Step step = step("autoscaled", users, data, cpu, lb.healthyCount());
                    steps.add(step);
                    progress.println("  " + describe(step) + ", desired " + supervisor.desired());
                }
                var cpu = autoscaler.evaluations().stream()
                        .filter(e -> !Double.isNaN(e.cpuPercent()))
                        .map(e -> new Point((e.at().toEpochMilli() - origin) / 1000.0, e.cpuPercent()))
                        .toList();
                var marks = new ArrayList<Mark>();
                supervisor.activities().stream()
                        .filter(a -> a.at().toEpochMilli() >= origin)
                        .forEach(a -> marks.add(new Mark(
                                (a.at().toEpochMilli() - origin) / 1000.0,
                                a.kind() + " " + a.from() + " -> " + a.to(),
                                a.detail())));
                stop(sampler);
                return new PartTwo(steps, cpu, List.copyOf(desired), List.copyOf(healthy), marks);
            } finally {
                stop(sampler);
            }
        }
    }

    // ---- part 3 -------------------------------------------------------------------------------------------

    private record PartThree(List<Point> failures, List<Point> requests, List<Mark> marks, Failover failover) {}

    private PartThree partThree(Config config) throws Exception {
        progress.println(
                "part 3: two instances behind the balancer, " + config.failureUsers() + " users; kill one, then all");
        try (var lb = LoadBalancer.start(config.lb(), clock);
                var lbServer = HttpServer.start(ServerConfig.loopback("lb"), new LoadBalancerRoutes(lb));
                var supervisor =
                        new Supervisor(launcher, lb, 2, config.drainTime(), clock).start(Duration.ofMillis(250))) {
            awaitTrue("two instances to turn healthy", READY_WAIT, () -> lb.healthyCount() >= 2);
            load(lbServer.uri(), 20, config.warmUp());
            var ticks = new CopyOnWriteArrayList<Interval>();
            Duration total = config.beforeKill().plus(config.afterKillOne()).plus(config.afterKillAll());
            var test = LoadTest.against(lbServer.uri())
                    .scenario(SearchScenario.of(MIN_THINK, MAX_THINK))
                    .users(config.failureUsers())
                    .duration(total)
                    .timeout(TIMEOUT)
                    .listener(new LoadTest.Listener() {
                        @Override
                        public void interval(Interval interval) {
                            ticks.add(interval);
                        }
                    });
            long origin = clock.millis();
            var runner = Thread.ofPlatform().name("part3-load").start(() -> {
                try {
                    test.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long killAt;
            long killAllAt;
            Instance victim;
            List<Instance> all;
            try {
                sleepUntil(origin + config.beforeKill().toMillis());
                victim = supervisor.instances().get(0);
                killAt = clock.millis();
                victim.kill();
                progress.println("  killed " + victim.id() + " (SIGKILL)");
                sleepUntil(killAt + config.afterKillOne().toMillis());
                all = supervisor.instances();
                killAllAt = clock.millis();
                all.forEach(Instance::kill);
                progress.println("  killed every instance: "
                        + all.stream().map(Instance::id).toList());
            } catch (RuntimeException | InterruptedException e) {
                test.stop();
                throw e;
            } finally {
                runner.join(total.plus(TIMEOUT).plusSeconds(10).toMillis());
                test.stop();
            }
            List<TargetEvent> events = lb.events();
            double stopRouting = firstAfter(
                    events,
                    killAt,
                    e -> e.target().equals(victim.uri().toString())
                            && (e.event().equals("ejected")
                                    || e.event().equals("unhealthy")
                                    || e.event().equals("draining")));
            var oldTargets = new java.util.HashSet<String>();
            events.stream().filter(e -> e.at().toEpochMilli() < killAt).forEach(e -> oldTargets.add(e.target()));
            double replaced =
                    firstAfter(events, killAt, e -> e.event().equals("healthy") && !oldTargets.contains(e.target()));
            var beforeAll = new java.util.HashSet<String>();
            events.stream().filter(e -> e.at().toEpochMilli() < killAllAt).forEach(e -> beforeAll.add(e.target()));
            double recovery =
                    nthAfter(events, killAllAt, 2, e -> e.event().equals("healthy") && !beforeAll.contains(e.target()));
            long[] one = count(ticks, killAt, killAllAt);
            long[] rest = count(ticks, killAllAt, Long.MAX_VALUE);
            var failover = new Failover(
                    one[0],
                    one[1],
                    seconds(stopRouting, killAt),
                    seconds(replaced, killAt),
                    rest[0],
                    rest[1],
                    seconds(recovery, killAllAt));
            var failures = new ArrayList<Point>();
            var requests = new ArrayList<Point>();
            for (Interval i : ticks) {
                long[] c = count(List.of(i), Long.MIN_VALUE, Long.MAX_VALUE);
                double at = (i.endMs() - origin) / 1000.0;
                double span = Math.max(0.001, (i.endMs() - i.startMs()) / 1000.0);
                requests.add(new Point(at, c[0] / span));
                failures.add(new Point(at, c[1] / span));
            }
            var marks = new ArrayList<Mark>();
            marks.add(new Mark((killAt - origin) / 1000.0, "kill one", victim.id()));
            marks.add(new Mark((killAllAt - origin) / 1000.0, "kill all", all.size() + " instance(s)"));
            events.stream()
                    .filter(e -> e.at().toEpochMilli() >= origin)
                    .forEach(e -> marks.add(new Mark(
                            (e.at().toEpochMilli() - origin) / 1000.0, e.event() + " " + e.target(), e.detail())));
            supervisor.activities().stream()
                    .filter(a -> a.at().toEpochMilli() >= origin)
                    .forEach(a -> marks.add(new Mark((a.at().toEpochMilli() - origin) / 1000.0, a.kind(), a.detail())));
            marks.sort(java.util.Comparator.comparingDouble(Mark::seconds));
            progress.println("  " + describe(failover));
            return new PartThree(failures, requests, marks, failover);
        }
    }

    private static double firstAfter(
            List<TargetEvent> events, long afterMs, java.util.function.Predicate<TargetEvent> p) {
        return nthAfter(events, afterMs, 1, p);
    }

    /** When the {@code n}th event matching {@code p} at or after {@code afterMs} happened (epoch ms), or NaN. */
    private static double nthAfter(
            List<TargetEvent> events, long afterMs, int n, java.util.function.Predicate<TargetEvent> p) {
        int seen = 0;
        for (TargetEvent e : events) {
            if (e.at().toEpochMilli() >= afterMs && p.test(e) && ++seen == n) {
                return e.at().toEpochMilli();
            }
        }
        return Double.NaN;
    }

    private static double seconds(double atMs, long fromMs) {
        return Double.isNaN(atMs) ? Double.NaN : (atMs - fromMs) / 1000.0;
    }

    /** Requests and failures answered in ticks that end within [from, to). */
    private static long[] count(List<Interval> ticks, long fromMs, long toMs) {
        long requests = 0;
        long failures = 0;
        for (Interval i : ticks) {
            if (i.endMs() > fromMs && i.endMs() <= toMs) {
                for (Interval.Histograms h : i.byKey().values()) {
                    requests += h.all().getTotalCount();
                    failures += h.failed().getTotalCount();
                }
            }
        }
        return new long[] {requests, failures};
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static RunData load(URI host, int users, Duration duration) throws InterruptedException {
        return LoadTest.against(host)
                .scenario(SearchScenario.of(MIN_THINK, MAX_THINK))
                .users(users)
                .duration(duration)
                .timeout(TIMEOUT)
                .run();
    }

    private static Step step(String part, int users, RunData data, double cpu, int instances) {
        Stat total = data.total();
        return new Step(
                part,
                users,
                total.requests(),
                total.failures(),
                total.rps(),
                total.percentile(50),
                total.percentile(95),
                total.percentile(99),
                cpu,
                instances);
    }

    private static boolean serves(URI uri) {
        try {
            return JsonClient.of(uri, Duration.ofSeconds(1), Duration.ofSeconds(2))
                            .send(java.net.http.HttpRequest.newBuilder(uri.resolve("/health"))
                                    .GET()
                                    .build())
                            .status()
                    == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Polls {@code condition} every 100 ms up to {@code limit}; an experiment error if it never holds. */
    private static void awaitTrue(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + limit.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    private static void sleepUntil(long epochMs) throws InterruptedException {
        long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static ScheduledExecutorService sampler(Runnable sample) {
        var s = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("sampler").daemon().unstarted(r));
        s.scheduleAtFixedRate(sample, 0, 500, TimeUnit.MILLISECONDS);
        return s;
    }

    private static void stop(ScheduledExecutorService s) throws InterruptedException {
        s.shutdownNow();
        s.awaitTermination(2, TimeUnit.SECONDS);
    }

    static String describe(Step s) {
        return String.format(
                Locale.ROOT,
                "%s %3d users: %7.1f req/s, p50 %s, p95 %s, p99 %s, CPU %s, failures %d of %d, %d instance(s)",
                s.part(),
                s.users(),
                s.rps(),
                ms(s.p50Ms()),
                ms(s.p95Ms()),
                ms(s.p99Ms()),
                Double.isNaN(s.cpuPercent()) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", s.cpuPercent()),
                s.failures(),
                s.requests(),
                s.instances());
    }

    static String describe(Failover f) {
        return String.format(
                Locale.ROOT,
                "kill one: %d of %d requests failed (%s) until the kill of all; the balancer stopped routing to it"
                        + " after %s, replaced (healthy) after %s. kill all: %d of %d failed (%s), full recovery"
                        + " (2 new healthy) after %s",
                f.failuresAfterKill(),
                f.requestsAfterKill(),
                percent(f.failuresAfterKill(), f.requestsAfterKill()),
                secs(f.stopRoutingSeconds()),
                secs(f.replacedSeconds()),
                f.failuresAfterKillAll(),
                f.requestsAfterKillAll(),
                percent(f.failuresAfterKillAll(), f.requestsAfterKillAll()),
                secs(f.recoverySeconds()));
    }

    static String ms(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f ms", v) : String.format(Locale.ROOT, "%.1f ms", v);
    }

    static String secs(double v) {
        return Double.isNaN(v) ? "never (within the run)" : String.format(Locale.ROOT, "%.2f s", v);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole);
    }

    private void printSummary(Config config, Result r) {
        console.println("machine: " + Machine.describe());
        console.println("part 1: one 0.25-vCPU instance, direct");
        r.direct().forEach(s -> console.println("  " + describe(s)));
        console.println("breaking point: "
                + (r.breakingUsers() == null
                        ? "not reached (no step at " + (int) SATURATED_CPU_PERCENT + "% CPU)"
                        : r.breakingUsers() + " users (CPU >= " + (int) SATURATED_CPU_PERCENT + "%: requests queue)"));
        console.println(
                "part 2: through the balancer, autoscaling " + config.policy().describe());
        r.balanced().forEach(s -> console.println("  " + describe(s)));
        console.println("scaling activities:");
        r.activities()
                .forEach(m -> console.printf(Locale.ROOT, "  %6.1f s  %s: %s%n", m.seconds(), m.what(), m.detail()));
        console.println("part 3: " + describe(r.failover()));
        console.println("report: " + config.out().resolve("index.html"));
    }

    static Map<String, Object> row(Step s) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("part", s.part());
        m.put("users", s.users());
        m.put("requests", s.requests());
        m.put("failures", s.failures());
        m.put("failure_rate", s.failureRate());
        m.put("rps", round(s.rps()));
        m.put("p50_ms", round(s.p50Ms()));
        m.put("p95_ms", round(s.p95Ms()));
        m.put("p99_ms", round(s.p99Ms()));
        m.put("cpu_percent", Double.isNaN(s.cpuPercent()) ? null : round(s.cpuPercent()));
        m.put("instances", s.instances());
        return m;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
