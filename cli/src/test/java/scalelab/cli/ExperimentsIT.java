package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load experiments' quick runs, end to end, as `scalelab experiment NAME --quick`. */
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
}
