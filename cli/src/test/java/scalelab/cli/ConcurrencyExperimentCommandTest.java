package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `scalelab experiment concurrency`: its help and the options it refuses before running anything. */
class ConcurrencyExperimentCommandTest {
    @TempDir
    Path dir;

    @Test
    void isListedAmongTheExperimentsAndExplainsItsParts() {
        assertThat(CliTest.run("experiment", "--help").out()).contains("concurrency");
        var run = CliTest.run("experiment", "concurrency", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Usage: scalelab experiment concurrency")
                .contains("--quick", "--out", "--threads", "--increments")
                .contains("counters:", "maps:", "file writes:", "context switches:")
                .contains("taskset -c 0", "-Djdk.virtualThreadScheduler.parallelism=1", "bench/concurrency.sh");
    }

    @Test
    void threadsBelowOneAreAUsageErrorBeforeAnythingRuns() {
        var run = CliTest.run("experiment", "concurrency", "--quick", "--out", dir.toString(), "--threads", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("Invalid value for option '--threads': must be at least 1 but was 0")
                .contains("Try 'scalelab experiment concurrency --help'.");
        assertThat(dir.resolve("index.html")).doesNotExist();
    }

    @Test
    void incrementsThatAreNotANumberAreAUsageError() {
        var run = CliTest.run("experiment", "concurrency", "--increments", "many");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid value for option '--increments'");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        var run = CliTest.run("experiment", "concurrency", "--fast");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--fast'");
    }

    @Test
    void tooManyIncrementsInAllAreAUsageError() {
        var run = CliTest.run("experiment", "concurrency", "--threads", "100000", "--increments", "100000");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'--threads' x '--increments'");
    }
}
