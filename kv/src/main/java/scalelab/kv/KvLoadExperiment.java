package scalelab.kv;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.core.report.Chart;
import scalelab.core.report.HtmlReport;
import scalelab.loadgen.Console;
import scalelab.loadgen.LoadTest;
import scalelab.loadgen.Scenario;
import scalelab.loadgen.Stat;
import scalelab.loadgen.WaitTime;

/**
 * Load testing the key-value server, Locust-style, in four phases: GET:POST 1:1 with think time
 * between(1, 2) s; 3:1 with between(0.5, 1.5) s; then no think time at all, once with the standard client
 * and once with the fast one. With think time the request rate is set by the users (users ÷ mean think
 * time), not the server; without it, the load generator itself becomes the bottleneck, and the lean
 * client drives several times the requests of the general one on the same cores.
 */
public final class KvLoadExperiment {
    public record Config(Path out, boolean quick) {
        int users() {
            return quick ? 20 : 50;
        }

        Duration thinkingPhase() {
            return quick ? Duration.ofSeconds(6) : Duration.ofSeconds(30);
        }

        Duration clientPhase() {
            return quick ? Duration.ofSeconds(5) : Duration.ofSeconds(20);
        }
    }

    /** One phase's set-up and what it measured. */
    public record Phase(String name, String client, String thinkTime, double meanWaitSeconds, Stat stat, Path report) {
        /** The closed-model rate the users alone allow: users ÷ mean think time (no limit without thinking). */
        public double userBoundRps(int users) {
            return meanWaitSeconds == 0 ? Double.NaN : users / meanWaitSeconds;
        }
    }

    public record Result(List<Phase> phases, Path index) {
        public Phase phase(String name) {
            return phases.stream()
                    .filter(p -> p.name().equals(name))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private final PrintStream console;

    public KvLoadExperiment(PrintStream console) {
        this.console = console;
    }

    public Result run(Config config) throws InterruptedException {
        var phases = new ArrayList<Phase>();
        try (var server =
                HttpServer.start(ServerConfig.loopback("kv"), new KvRoutes(new KvStore(KvStore.DEFAULT_MAX_KEYS)))) {
            console.printf("kv-load: %d users against %s%n", config.users(), server.uri());
            phases.add(phase(
                    server,
                    config,
                    "1:1, between(1, 2) s",
                    1,
                    1,
                    WaitTime.between(Duration.ofSeconds(1), Duration.ofSeconds(2)),
                    "1s..2s",
                    1.5,
                    "fast",
                    config.thinkingPhase()));
            phases.add(phase(
                    server,
                    config,
                    "3:1, between(0.5, 1.5) s",
                    3,
                    1,
                    WaitTime.between(Duration.ofMillis(500), Duration.ofMillis(1500)),
                    "0.5s..1.5s",
                    1.0,
                    "fast",
                    config.thinkingPhase()));
            phases.add(phase(
                    server,
                    config,
                    "standard client, no think time",
                    3,
                    1,
                    WaitTime.none(),
                    "0",
                    0,
                    "standard",
                    config.clientPhase()));
            phases.add(phase(
                    server,
                    config,
                    "fast client, no think time",
                    3,
                    1,
                    WaitTime.none(),
                    "0",
                    0,
                    "fast",
                    config.clientPhase()));
        }
        Path index = report(config, phases);
        printSummary(config, phases);
        console.println("report: " + index);
        return new Result(phases, index);
    }

    private Phase phase(
            HttpServer server,
            Config config,
            String name,
            int gets,
            int posts,
            WaitTime wait,
            String waitText,
            double meanWait,
            String client,
            Duration duration)
            throws InterruptedException {
        console.printf("phase: %s (%s client, %d s)%n", name, client, duration.toSeconds());
        Scenario scenario = KvScenario.mix(gets, posts, wait);
        Path dir = config.out().resolve(slug(name));
        var result = LoadTest.against(server.uri())
                .scenario(scenario)
                .users(config.users())
                .spawnRate(meanWait == 0 ? 0 : config.users())
                .duration(duration)
                .client(client)
                .listener(new Console(console, 5, config.users(), duration.toSeconds()))
                .runInto(dir, "kv-load: " + name, List.of());
        return new Phase(name, client, waitText, meanWait, result.data().total(), dir.resolve("index.html"));
    }

    private static String slug(String name) {
        return name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "").toLowerCase(Locale.ROOT);
    }

    /** How many times the fast client's requests/s the standard one reached. */
    public static double speedup(Result result) {
        return result.phase("fast client, no think time").stat().rps()
                / Math.max(
                        1e-9,
                        result.phase("standard client, no think time").stat().rps());
    }

    private Path report(Config config, List<Phase> phases) {
        var result = new Result(phases, null);
        var report = HtmlReport.titled(
                "kv-load", "kv-load: think time sets the rate; without it, the client is the bottleneck");
        var parameters = new LinkedHashMap<String, Object>();
        parameters.put("users", config.users());
        parameters.put("quick", config.quick());
        parameters.put("thinking phases", config.thinkingPhase().toSeconds() + " s");
        parameters.put("client phases", config.clientPhase().toSeconds() + " s");
        report.parameters(parameters);
        report.finding(thinkingFinding(config, phases.get(0)));
        report.finding(String.format(
                Locale.ROOT,
                "Without think time the load generator is the bottleneck: the fast client drove %.1fx the requests/s of the standard one (%.0f vs %.0f) against the same server.",
                speedup(result),
                result.phase("fast client, no think time").stat().rps(),
                result.phase("standard client, no think time").stat().rps()));
        var rows = new ArrayList<List<Object>>();
        var rps = Chart.histogram("Requests per second by phase", "phase", "requests/s");
        for (Phase p : phases) {
            Stat s = p.stat();
            rows.add(List.of(
                    p.name(),
                    p.client(),
                    p.thinkTime(),
                    s.requests(),
                    String.format(Locale.ROOT, "%.1f", s.rps()),
                    Double.isNaN(p.userBoundRps(config.users()))
                            ? "-"
                            : String.format(Locale.ROOT, "%.1f", p.userBoundRps(config.users())),
                    Console.ms(s.medianMs()),
                    Console.ms(s.percentile(95)),
                    Console.ms(s.percentile(99)),
                    s.failures(),
                    config.out().relativize(p.report()).toString()));
            rps.bin(p.name(), Math.round(s.rps()));
        }
        report.heading("Phases")
                .table(
                        List.of(
                                "phase",
                                "client",
                                "think time",
                                "requests",
                                "req/s",
                                "users ÷ think",
                                "median",
                                "p95",
                                "p99",
                                "failures",
                                "report"),
                        rows)
                .chart(rps)
                .paragraph(
                        "Each phase's own report (charts, Locust CSVs, HdrHistogram logs) is in its folder beside this file.");
        return report.rawData(config.out()
                        .relativize(phases.get(0).report().getParent().resolve("stats.csv"))
                        .toString())
                .write(config.out());
    }

    private static String thinkingFinding(Config config, Phase phase) {
        return String.format(
                Locale.ROOT,
                "With think time the users set the rate, not the server: %d users thinking %.1f s on average allow about %.1f req/s, and %.1f were measured (%s median).",
                config.users(),
                phase.meanWaitSeconds(),
                phase.userBoundRps(config.users()),
                phase.stat().rps(),
                Console.ms(phase.stat().medianMs()));
    }

    private void printSummary(Config config, List<Phase> phases) {
        console.printf(
                Locale.ROOT,
                "%-34s %-9s %10s %9s %9s %9s %9s%n",
                "phase",
                "client",
                "requests",
                "req/s",
                "median",
                "p99",
                "failures");
        for (Phase p : phases) {
            console.printf(
                    Locale.ROOT,
                    "%-34s %-9s %10d %9.1f %9s %9s %9d%n",
                    p.name(),
                    p.client(),
                    p.stat().requests(),
                    p.stat().rps(),
                    Console.ms(p.stat().medianMs()),
                    Console.ms(p.stat().percentile(99)),
                    p.stat().failures());
        }
        console.println("finding: " + thinkingFinding(config, phases.get(0)));
        console.printf(
                Locale.ROOT,
                "finding: without think time the fast client drove %.1fx the standard client's req/s%n",
                speedup(new Result(phases, null)));
    }
}
