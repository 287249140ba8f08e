package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.testkit.RabbitVhost;

/** The experiments' quick runs, end to end, as `scalelab experiment NAME --quick`. */
class ExperimentsIT {
    @TempDir
    Path dir;

    @Test
    void responseTimesWritesItsReport() throws Exception {
        var run = CliTest.run("experiment", "response-times", "--quick", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("requests", "mean", "median", "p95", "p99", "max", "finding: ");
        assertThat(Files.readString(dir.resolve("index.html")))
                .contains("Response time histogram", "Latency over time", "mean ");
    }

    @Test
    void kvLoadShowsThinkTimeAndTheClientBottleneck() throws Exception {
        var run = CliTest.run("experiment", "kv-load", "--quick", "--out", dir.toString());
        assertThat(run.exitCode())
                .as(run.out() + run.err())
                .isZero(); // exit 0: the fast client out-drove the standard one
        assertThat(run.out()).contains("standard client, no think time", "fast client, no think time", "finding: ");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("Requests per second by phase", "<svg");
        try (var phases = Files.list(dir)) {
            assertThat(phases.filter(Files::isDirectory)
                            .filter(p -> Files.exists(p.resolve("stats.csv")))
                            .count())
                    .isEqualTo(4);
        }
    }

    @Test
    void catalogLoadRunsThreeMixesWithBothClientsWithoutFailure() throws Exception {
        var run = CliTest.run("experiment", "catalog-load", "--quick", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero(); // exit 0: no request failed
        assertThat(run.out()).contains("3:1", "9:1", "3:7", "standard", "fast", "p99", "machine: ", "finding: ");
        assertThat(Files.readString(dir.resolve("index.html")))
                .contains("Requests per second by mix and client", "<svg", "summary.csv");
        assertThat(Files.readAllLines(dir.resolve("summary.csv"))).hasSize(7);
        try (var phases = Files.list(dir)) {
            assertThat(phases.filter(Files::isDirectory)
                            .filter(p -> Files.exists(p.resolve("stats.csv")))
                            .count())
                    .isEqualTo(6);
        }
    }

    @Test
    void circuitBreakerComparesBothCartsThroughAnOutage() throws Exception {
        var run = CliTest.run("experiment", "circuit-breaker", "--quick", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero(); // exit 0: the experiment ran (goals aside)
        assertThat(run.out())
                .contains("vulnerable", "fixed", "normal", "outage: failure mode", "outage: 5 s latency", "recovered")
                .contains("error rate", "p50", "p99", "max", "machine: ")
                .contains("fixed cart: error rate 0% during the outage", "breaker CLOSED again")
                .contains("vulnerable cart: callers wait the injected latency or fail");
        assertThat(Files.readString(dir.resolve("index.html")))
                .contains(
                        "Conclusion",
                        "Error rate over time",
                        "Latency over time: fixed cart",
                        "Latency over time: vulnerable cart",
                        "Requests in flight over time",
                        "Circuit breaker state over time",
                        "open-state wait shortened",
                        "<svg",
                        "timeline.csv");
        var timeline = Files.readAllLines(dir.resolve("timeline.csv"));
        assertThat(timeline.get(0)).startsWith("variant,second,phase,requests,failures,error_rate,p50_ms,p99_ms");
        // 32 s of ticks per variant, give or take the first and the drain
        assertThat(timeline.stream().filter(l -> l.startsWith("fixed,"))).hasSizeBetween(28, 40);
        assertThat(timeline.stream().filter(l -> l.startsWith("vulnerable,"))).hasSizeBetween(28, 40);
        assertThat(Files.readAllLines(dir.resolve("breaker.csv")))
                .anyMatch(l -> l.endsWith(",OPEN"))
                .anyMatch(l -> l.endsWith(",CLOSED"));
        assertThat(dir.resolve("fixed").resolve("stats.csv")).exists();
        assertThat(dir.resolve("vulnerable").resolve("stats.csv")).exists();
    }

    @Test
    void flashSaleRunsEveryPhaseAndWritesItsReport() throws Exception {
        var run = CliTest.run("experiment", "flash-sale", "--quick", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero(); // exit 0: the experiment ran (goals aside)
        assertThat(run.out())
                .contains("machine: ", "phase 1: sync, 5 users", "phase 2: sync, 20 users")
                .contains("phase 3: async, 20 users, 1 worker", "5 workers", "20 workers", "100 workers")
                .contains("phase 4: function", "cold starts", "drain ", "finding: ", "report: ")
                .contains("goal ", "every accepted order was completed, failed, or is counted in a projected drain");
        assertThat(Files.readString(dir.resolve("index.html")))
                .contains(
                        "Conclusions",
                        "Phases 1 and 2: synchronous orders",
                        "Phase 3: asynchronous orders",
                        "Phase 4: the function variant",
                        "Cost: containers vs functions",
                        "Sync latency per second",
                        "Queue depth over time per worker count",
                        "Accept latency p99 per worker count",
                        "Completions per second per worker count",
                        "Time to drain after the load stopped",
                        "Function: cold starts and concurrent executions over time",
                        "PROJECTED",
                        "<svg",
                        "phases.csv");

        var phases = csv(dir.resolve("phases.csv"));
        assertThat(phases.keySet())
                .containsExactly("sync-5", "sync-20", "async-1", "async-5", "async-20", "async-100", "function");
        // phase 2 is the bottleneck: 503s, and phase 1 has fewer
        double share503Few = Double.parseDouble(phases.get("sync-5").get("share_503"));
        double share503Many = Double.parseDouble(phases.get("sync-20").get("share_503"));
        assertThat(share503Many).isPositive().isGreaterThan(share503Few);
        // every phase-3 accepted order was completed (or failed), or its drain projected with the rest counted
        for (String id : List.of("async-1", "async-5", "async-20", "async-100", "function")) {
            var row = phases.get(id);
            long accepted = Long.parseLong(row.get("accepted"));
            long left = Long.parseLong(row.get("left"));
            assertThat(accepted).as(id).isPositive();
            assertThat(Long.parseLong(row.get("completed")) + Long.parseLong(row.get("failed")) + left)
                    .as(id)
                    .isEqualTo(accepted);
            assertThat(Boolean.parseBoolean(row.get("drain_projected"))).as(id).isEqualTo(left > 0);
        }
        // one worker at 500 ms per order cannot drain 8 s of 20 users within the 5 s cap
        assertThat(phases.get("async-1").get("drain_projected")).isEqualTo("true");

        assertThat(Files.readAllLines(dir.resolve("timeline.csv")).get(0))
                .isEqualTo("phase,second,requests,ok,rejected_503,other_failures,p50_ms,p95_ms,p99_ms,max_ms");
        var queue = Files.readAllLines(dir.resolve("queue.csv"));
        assertThat(queue.get(0)).startsWith("phase,workers,second,queue_depth");
        assertThat(queue).anyMatch(l -> l.startsWith("async-1,")).anyMatch(l -> l.startsWith("function,"));
        var function = Files.readAllLines(dir.resolve("function.csv"));
        assertThat(function.get(0)).startsWith("second,queue_depth,completed,invocations,cold_starts");
        // cold starts > 0 in phase 4
        long coldStarts = Long.parseLong(function.get(function.size() - 1).split(",")[4]);
        assertThat(coldStarts).isPositive();
        for (String id : phases.keySet()) {
            assertThat(dir.resolve(id).resolve("stats.csv")).as(id).exists();
        }
    }

    @Test
    void mapReduceQuickRunOnTheInProcessBrokerMatchesTheSingleCountAndWritesItsReport() throws Exception {
        var run = CliTest.run("experiment", "mapreduce", "--quick", "--broker", "none", "--out", dir.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero(); // exit 0: every result equal
        assertThat(run.err()).contains("generating 10 MB (seed 42)", "warm-up: ", "deleted the generated corpus");
        assertThat(run.out())
                .contains("single machine", "in-process, 1 mapper", "in-process, 2 mappers", "in-process, 4 mappers")
                .contains("goal ", "finding: ", "report: ")
                .doesNotContain("WRONG RESULT", "FAILURE");
        assertThat(Files.readString(dir.resolve("index.html")))
                .contains("Total time per configuration", "Time per phase", "<svg", "runs.csv");
        var summary = csv(dir.resolve("summary.csv"));
        assertThat(summary.keySet()).containsExactly("single", "in-process-1", "in-process-2", "in-process-4");
        assertThat(summary.values()).allMatch(row -> row.get("equal").equals("true"));
        assertThat(Files.readAllLines(dir.resolve("runs.csv"))).hasSize(1 + 1 + 3);
        assertThat(Files.readString(dir.resolve("summary.json"))).contains("\"ok\":true");
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".txt"))).isEmpty(); // the corpus is not kept
        }
    }

    @Test
    void mapReduceQuickRunMeasuresRabbitMqWhenItIsReachable() throws Exception {
        try (var vhost = RabbitVhost.create()) {
            var run =
                    CliTest.run("experiment", "mapreduce", "--quick", "--broker", vhost.url(), "--out", dir.toString());

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("RabbitMQ, 1 mapper", "RabbitMQ, 2 mappers", "RabbitMQ, 4 mappers");
            assertThat(run.err()).doesNotContain("RabbitMQ not reachable");
            assertThat(csv(dir.resolve("summary.csv")).keySet())
                    .containsExactly(
                            "single",
                            "in-process-1",
                            "in-process-2",
                            "in-process-4",
                            "rabbitmq-1",
                            "rabbitmq-2",
                            "rabbitmq-4");
        }
    }

    @Test
    void concurrencyQuickRunShowsEachPartAndWritesItsReport() throws Exception {
        var run = CliTest.run("experiment", "concurrency", "--quick", "--out", dir.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero(); // exit 0: every thread-safe variant exact
        assertThat(run.err()).contains("counters: ", "maps: ", "file writes: ", "context switches: ");
        assertThat(run.out())
                .contains("finding: Counters,", "finding: Maps,", "finding: File writes,", "finding: Context switches,")
                .contains("report: ")
                .doesNotContain("FAILURE");
        assertThat(Files.readString(dir.resolve("index.html")))
                .contains("<h2>Counters</h2>", "<h2>File writes</h2>", "<h2>Context switches</h2>", "<svg");
        assertThat(Files.readAllLines(dir.resolve("summary.csv"))).hasSize(1 + 5 + 4 + 3 + 4 + 4 + 4);
        assertThat(Files.readString(dir.resolve("summary.json"))).contains("\"failures\":[]");
    }

    /** A CSV with a header as rows keyed by their first column, each a map from header to value. */
    private static Map<String, Map<String, String>> csv(Path file) throws Exception {
        var lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        var rows = new LinkedHashMap<String, Map<String, String>>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            var row = new LinkedHashMap<String, String>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.put(cells[0], row);
        }
        return rows;
    }
}
