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
}
