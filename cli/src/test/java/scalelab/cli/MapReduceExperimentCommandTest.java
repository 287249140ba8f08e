package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `scalelab experiment mapreduce`: its help and the options it refuses before running anything. */
class MapReduceExperimentCommandTest {
    @TempDir
    Path dir;

    @Test
    void isListedAmongTheExperimentsAndExplainsItsOptions() {
        assertThat(CliTest.run("experiment", "--help").out()).contains("mapreduce");
        var run = CliTest.run("experiment", "mapreduce", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Usage: scalelab experiment mapreduce")
                .contains("--quick", "--out", "--size", "--seed", "--broker", "--repeats", "--corpus")
                .contains("SCALELAB_AMQP_URL", "'none'");
    }

    @Test
    void aBrokerThatIsNotAnAmqpUrlIsAUsageErrorWithoutItsPassword() {
        var run = CliTest.run(
                "experiment", "mapreduce", "--quick", "--out", dir.toString(), "--broker", "http://u:secret@x:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid value for option '--broker'").doesNotContain("secret");
    }

    @Test
    void repeatsBelowOneAreAUsageError() {
        var run = CliTest.run("experiment", "mapreduce", "--quick", "--out", dir.toString(), "--repeats", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'--repeats': must be at least 1 but was 0");
    }

    @Test
    void aCorpusThatCannotBeReadIsAUsageError() {
        var run = CliTest.run(
                "experiment",
                "mapreduce",
                "--out",
                dir.toString(),
                "--corpus",
                dir.resolve("missing.txt").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'--corpus': cannot read");
    }
}
