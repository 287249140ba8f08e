package scalelab.catalog;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.report.Chart;
import scalelab.core.report.HtmlReport;
import scalelab.core.report.Machine;
import scalelab.loadgen.Console;
import scalelab.loadgen.Key;
import scalelab.loadgen.LoadTest;
import scalelab.loadgen.RunData;
import scalelab.loadgen.Stat;
import scalelab.loadgen.WaitTime;

/**
 * Load testing the product catalog ({@code GET /products/{id}} and {@code POST /products/{id}/details})
 * in three mixes: the usual 3:1, a read-heavy 9:1 and a write-heavy 3:7, each driven without think time
 * by the standard client and then by the fast one. The server and the load generator share this
 * machine's cores, so each phase measures the pair: how many requests the two together complete, and
 * how the mix and the client change that.
 */
public final class CatalogLoadExperiment {
    /** The mixes, as GETs:POSTs. */
    static final List<int[]> MIXES = List.of(new int[] {3, 1}, new int[] {9, 1}, new int[] {3, 7});

    static final List<String> CLIENTS = List.of("standard", "fast");

    public record Config(Path out, boolean quick) {
        int users() {
            return quick ? 20 : 50;
        }

        Duration phase() {
            return quick ? Duration.ofSeconds(4) : Duration.ofSeconds(20);
        }

        /**
         * An unrecorded run per client before the first phase, so the JIT has compiled the server's and
         * the clients' paths: without it the first phase measures a cold JVM.
         */
        Duration warmUp() {
            return quick ? Duration.ofSeconds(3) : Duration.ofSeconds(10);
        }
    }

    /** One phase's set-up and what it measured: all requests, and the GETs and POSTs apart. */
    public record Phase(String mix, String client, Stat total, Stat gets, Stat posts, Path report) {
        public String name() {
            return mix + ", " + client + " client";
        }
    }

    public record Result(List<Phase> phases, Path index) {
        public Phase phase(String mix, String client) {
            return phases.stream()
                    .filter(p -> p.mix().equals(mix) && p.client().equals(client))
                    .findFirst()
                    .orElseThrow();
        }

        /** Requests of all phases that failed (a 404, a 400, a timeout...). */
        public long failures() {
            return phases.stream().mapToLong(p -> p.total().failures()).sum();
        }
    }

    private final PrintStream console;

    public CatalogLoadExperiment(PrintStream console) {
        this.console = console;
    }

    public Result run(Config config) throws InterruptedException {
        var phases = new ArrayList<Phase>();
        var catalog = Catalog.inMemory();
        try (var server = HttpServer.start(
                ServerConfig.loopback("catalog"), catalog.routes().toArray(Routes[]::new))) {
            console.printf(
                    "catalog-load: %d users, no think time, %d s per phase, against %s%n",
                    config.users(), config.phase().toSeconds(), server.uri());
            console.println(
                    "mixes GET:POST 3:1, 9:1, 3:7; clients standard, fast; products 1 to " + CatalogScenario.PRODUCTS);
            console.println("machine: " + Machine.describe());
            for (String client : CLIENTS) {
                console.printf(
                        "warm-up: %d s, 3:1, %s client (not recorded)%n",
                        config.warmUp().toSeconds(), client);
                LoadTest.against(server.uri())
                        .scenario(CatalogScenario.mix(3, 1, WaitTime.none()))
                        .users(config.users())
                        .duration(config.warmUp())
                        .client(client)
                        .run();
            }
            for (int[] mix : MIXES) {
                for (String client : CLIENTS) {
                    phases.add(phase(server, config, mix[0], mix[1], client));
                }
            }
        }
        var result = new Result(List.copyOf(phases), null);
        Path index = report(config, result);
        printSummary(result);
        console.println("report: " + index);
        return new Result(result.phases(), index);
    }

    private Phase phase(HttpServer server, Config config, int gets, int posts, String client)
            throws InterruptedException {
        String mix = gets + ":" + posts;
        console.printf(
                "phase: %s, %s client (%d s)%n", mix, client, config.phase().toSeconds());
        Path dir = config.out().resolve(gets + "-" + posts + "-" + client);
        var result = LoadTest.against(server.uri())
                .scenario(CatalogScenario.mix(gets, posts, WaitTime.none()))
                .users(config.users())
                .duration(config.phase())
                .client(client)
                .listener(new Console(console, 5, config.users(), config.phase().toSeconds()))
                .runInto(dir, "catalog-load: GET:POST " + mix + ", " + client + " client", List.of());
        RunData data = result.data();
        return new Phase(
                mix,
                client,
                data.total(),
                endpoint(data, "GET", CatalogScenario.GET_NAME),
                endpoint(data, "POST", CatalogScenario.POST_NAME),
                dir.resolve("index.html"));
    }

    private static Stat endpoint(RunData data, String method, String name) {
        Stat stat = data.stats().get(new Key(method, name));
        if (stat == null) {
            throw new IllegalStateException("no " + method + " " + name + " was measured");
        }
        return stat;
    }

    /** How many times the standard client's requests/s the fast one reached in this mix. */
    public static double speedup(Result result, String mix) {
        return result.phase(mix, "fast").total().rps()
                / Math.max(1e-9, result.phase(mix, "standard").total().rps());
    }

    private static String findingOnMixes(Result result) {
        var fast =
                result.phases().stream().filter(p -> p.client().equals("fast")).toList();
        var parts = new ArrayList<String>();
        double most = 0;
        double least = Double.MAX_VALUE;
        for (Phase p : fast) {
            parts.add(String.format(
                    Locale.ROOT, "%s %.0f req/s (p99 %s)", p.mix(), p.total().rps(), ms(p, 99)));
            most = Math.max(most, p.total().rps());
            least = Math.min(least, p.total().rps());
        }
        return String.format(
                Locale.ROOT,
                "With the fast client, GET:POST %s: the fastest mix completed %.0f%% more requests/s than the slowest.",
                String.join(", ", parts),
                100 * (most / Math.max(1e-9, least) - 1));
    }

    private static String findingOnClients(Result result) {
        var parts = new ArrayList<String>();
        for (int[] mix : MIXES) {
            String m = mix[0] + ":" + mix[1];
            parts.add(String.format(Locale.ROOT, "%.1fx at %s", speedup(result, m), m));
        }
        return "Without think time the load generator is part of what is measured: the fast client drove "
                + String.join(", ", parts) + " the requests/s of the standard one against the same server.";
    }

    private static String ms(Phase phase, double percentile) {
        return Console.ms(phase.total().percentile(percentile));
    }

    private Path report(Config config, Result result) {
        var report = HtmlReport.titled(
                "catalog-load", "catalog-load: GET /products/{id} and POST /products/{id}/details in three mixes");
        var parameters = new LinkedHashMap<String, Object>();
        parameters.put("users", config.users());
        parameters.put("think time", "none");
        parameters.put("products", "ids 1 to " + CatalogScenario.PRODUCTS);
        parameters.put("phase", config.phase().toSeconds() + " s");
        parameters.put("warm-up", config.warmUp().toSeconds() + " s per client, 3:1, not recorded");
        parameters.put("quick", config.quick());
        report.parameters(parameters);
        report.finding(findingOnClients(result));
        report.finding(findingOnMixes(result));
        var rows = new ArrayList<List<Object>>();
        var rps = Chart.histogram("Requests per second by mix and client", "phase", "requests/s");
        var p99 = Chart.histogram("p99 latency by mix and client", "phase", "p99 (µs)");
        for (Phase p : result.phases()) {
            rows.add(row(config, p));
            rps.bin(p.mix() + " " + p.client(), Math.round(p.total().rps()));
            p99.bin(p.mix() + " " + p.client(), Math.round(1000 * p.total().percentile(99)));
        }
        report.heading("Phases")
                .table(HEADERS, rows)
                .chart(rps)
                .chart(p99)
                .paragraph("Phases ran in the order shown, one after the other against the same server (a JVM still "
                        + "warming up favours the later ones; on a shared machine, compare within a run). "
                        + "GET and POST columns are each endpoint's own figures; the rest are all requests. "
                        + "Each phase's own report (charts over time, Locust CSVs, HdrHistogram logs) is in "
                        + "its folder beside this file; the table is in summary.csv.");
        writeCsv(config, rows);
        return report.rawData("summary.csv").write(config.out());
    }

    static final List<String> HEADERS = List.of(
            "mix GET:POST",
            "client",
            "requests",
            "req/s",
            "p50",
            "p95",
            "p99",
            "failures",
            "GET req/s",
            "GET p99",
            "POST req/s",
            "POST p99",
            "report");

    private static List<Object> row(Config config, Phase p) {
        Stat s = p.total();
        return List.of(
                p.mix(),
                p.client(),
                s.requests(),
                String.format(Locale.ROOT, "%.1f", s.rps()),
                Console.ms(s.medianMs()),
                Console.ms(s.percentile(95)),
                Console.ms(s.percentile(99)),
                s.failures(),
                String.format(Locale.ROOT, "%.1f", p.gets().rps()),
                Console.ms(p.gets().percentile(99)),
                String.format(Locale.ROOT, "%.1f", p.posts().rps()),
                Console.ms(p.posts().percentile(99)),
                config.out().relativize(p.report()).toString());
    }

    private static void writeCsv(Config config, List<List<Object>> rows) {
        var csv = new StringBuilder(String.join(",", HEADERS)).append('\n');
        for (List<Object> row : rows) {
            csv.append(String.join(",", row.stream().map(String::valueOf).toList()))
                    .append('\n');
        }
        try {
            Files.createDirectories(config.out());
            Files.writeString(config.out().resolve("summary.csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write summary.csv in " + config.out(), e);
        }
    }

    private void printSummary(Result result) {
        String format = "%-6s %-9s %9s %9s %8s %8s %8s %8s %9s %9s%n";
        console.printf(
                Locale.ROOT,
                format,
                "mix",
                "client",
                "requests",
                "req/s",
                "p50",
                "p95",
                "p99",
                "failures",
                "GET p99",
                "POST p99");
        for (Phase p : result.phases()) {
            Stat s = p.total();
            console.printf(
                    Locale.ROOT,
                    format,
                    p.mix(),
                    p.client(),
                    s.requests(),
                    String.format(Locale.ROOT, "%.0f", s.rps()),
                    Console.ms(s.medianMs()),
                    Console.ms(s.percentile(95)),
                    Console.ms(s.percentile(99)),
                    s.failures(),
                    Console.ms(p.gets().percentile(99)),
                    Console.ms(p.posts().percentile(99)));
        }
        console.println("finding: " + findingOnClients(result));
        console.println("finding: " + findingOnMixes(result));
    }
}
