package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code scalelab flashsale throughput}, the benchmark step: a real run on the in-process broker, usage errors. */
class FlashSaleThroughputCommandTest {
    @Test
    void aRunPrintsTheRateAgainstTheIdealAndAValidResult() {
        CliTest.Run run = CliTest.run(
                "flashsale",
                "throughput",
                "--workers",
                "2",
                "--payment-time",
                "20ms",
                "--warmup",
                "2",
                "--window",
                "20");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("throughput: 2 workers, payment 20 ms, ideal 100.0/s; 24 orders (warm-up 2, window 20)")
                .contains("done: ", "24 completed, 24 charges, 0 failed/retried, 0 left in the queue")
                .containsPattern("result: \\{\"broker\":\"in-process\",\"workers\":2,.*\"valid\":true}");
    }

    @Test
    void aWindowOfPartWavesOrNoWorkersIsAUsageError() {
        CliTest.Run partWaves = CliTest.run("flashsale", "throughput", "--workers", "10", "--window", "305");
        assertThat(partWaves.exitCode()).isEqualTo(2);
        assertThat(partWaves.err()).contains("whole multiples of the workers (10)");
        CliTest.Run none = CliTest.run("flashsale", "throughput", "--workers", "0");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--workers must be >= 1");
    }

    @Test
    void itIsHiddenFromTheServicesHelp() {
        assertThat(CliTest.run("flashsale", "--help").out()).doesNotContain("throughput");
        assertThat(CliTest.run("flashsale", "throughput", "--help").out())
                .contains("--workers", "--payment-time", "--broker", "--warmup", "--window");
    }
}
