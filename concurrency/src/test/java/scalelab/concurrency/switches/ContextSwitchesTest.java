package scalelab.concurrency.switches;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import scalelab.concurrency.switches.ContextSwitches.Cpus;
import scalelab.concurrency.switches.PingPong.Kind;

/** The ping-pong in child JVMs: one carrier, one CPU when taskset exists, and a note when it does not. */
class ContextSwitchesTest {
    @Test
    void virtualThreadsOnOneCarrierRunInAChildJvmWithParallelismOne() throws InterruptedException {
        var m = ContextSwitches.ofThisJvm().measure(Kind.VIRTUAL, Cpus.ONE, 2_000);
        assertThat(m.skipped()).isNull();
        assertThat(m.result().exact()).isTrue();
        assertThat(m.parallelism()).isEqualTo("1");
        assertThat(m.how()).contains("-Djdk.virtualThreadScheduler.parallelism=1");
    }

    @Test
    void platformThreadsOnOneCpuRunPinnedWhenTasksetExists() throws InterruptedException {
        var switches = ContextSwitches.ofThisJvm();
        var m = switches.measure(Kind.PLATFORM, Cpus.ONE, 2_000);
        if (switches.canPin()) {
            assertThat(m.result().exact()).isTrue();
            assertThat(m.cpusSeen()).isEqualTo(1);
            assertThat(m.how()).contains("taskset -c 0");
        } else {
            assertThat(m.measured()).isFalse();
            assertThat(m.skipped()).contains("taskset is not on the PATH");
        }
    }

    @Test
    void withoutTasksetPlatformThreadsOnOneCpuAreNotMeasuredAndTheReportSaysWhy() throws InterruptedException {
        var noTaskset = new ContextSwitches(
                Path.of(System.getProperty("java.home"), "bin", "java"), System.getProperty("java.class.path"), null);
        assertThat(noTaskset.canPin()).isFalse();
        var platform = noTaskset.measure(Kind.PLATFORM, Cpus.ONE, 1_000);
        assertThat(platform.measured()).isFalse();
        assertThat(platform.skipped()).startsWith("not measured: taskset is not on the PATH");
        var virtual = noTaskset.measure(Kind.VIRTUAL, Cpus.ONE, 1_000);
        assertThat(virtual.how()).contains("not pinned (no taskset)");
        assertThat(virtual.result().exact()).isTrue();
    }

    @Test
    void aChildJvmThatCannotStartIsAFailureWithTheReasonNotAHang() throws InterruptedException {
        var broken = new ContextSwitches(Path.of("/nonexistent/java"), "", null);
        var m = broken.measure(Kind.VIRTUAL, Cpus.ALL, 1_000);
        assertThat(m.measured()).isFalse();
        assertThat(m.skipped()).startsWith("failed: ");
    }
}
