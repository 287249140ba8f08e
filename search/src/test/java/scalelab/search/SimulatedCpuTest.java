package scalelab.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The simulated CPU's arithmetic on an injected clock: no timing, no sleeping. */
class SimulatedCpuTest {
    private static final long MS = 1_000_000;
    private final AtomicLong now = new AtomicLong(1_000 * MS);

    private SimulatedCpu cpu(double vcpu) {
        return new SimulatedCpu(vcpu, Duration.ofMillis(1), now::get);
    }

    /** Requests completed by {@code horizonNanos} when they all arrive at once, back to back. */
    private static int completedWithin(SimulatedCpu cpu, long startNanos, long horizonNanos) {
        int done = 0;
        while (cpu.reserve(startNanos) <= startNanos + horizonNanos) {
            done++;
        }
        return done;
    }

    @Test
    void aQuarterVcpuServesAQuarterOfWhatAWholeCoreServes() {
        int quarter = completedWithin(cpu(0.25), now.get(), 1_000 * MS);
        int whole = completedWithin(cpu(1), now.get(), 1_000 * MS);
        assertThat(whole).isEqualTo(1_000); // 1 ms of work each: 1,000 per second on a core
        assertThat(quarter).isEqualTo(250); // a quarter of it
    }

    @Test
    void eachTurnLastsTheServiceTimeDividedByTheBudget() {
        assertThat(cpu(0.25).turn()).isEqualTo(Duration.ofMillis(4));
        assertThat(cpu(2).turn()).isEqualTo(Duration.ofNanos(500_000));
    }

    @Test
    void aRequestArrivingWhileTheBudgetIsBusyWaitsItsTurn() {
        var cpu = cpu(0.25);
        long t = now.get();
        assertThat(cpu.reserve(t)).isEqualTo(t + 4 * MS); // idle: served at once
        assertThat(cpu.reserve(t + MS)).isEqualTo(t + 8 * MS); // waits 3 ms behind the first
        assertThat(cpu.reserve(t + 20 * MS)).isEqualTo(t + 24 * MS); // idle again: no wait
    }

    @Test
    void busyTimeCountsOnlyTheTurnsAlreadyServed() {
        var cpu = cpu(0.25);
        long t = now.get();
        cpu.reserve(t);
        cpu.reserve(t);
        assertThat(cpu.busyNanosAt(t)).isZero();
        assertThat(cpu.busyNanosAt(t + 2 * MS)).isEqualTo(2 * MS);
        assertThat(cpu.busyNanosAt(t + 8 * MS)).isEqualTo(8 * MS);
        assertThat(cpu.busyNanosAt(t + 100 * MS)).isEqualTo(8 * MS); // idle after the second turn
    }

    @Test
    void utilisationIsBusyOverWallAndReachesAllOfTheBudgetAtItsThroughput() {
        var cpu = cpu(0.25);
        long t0 = now.get();
        // 125 requests/s, half the budget's 250/s, for one second
        for (int i = 0; i < 125; i++) {
            cpu.reserve(t0 + i * 8 * MS);
        }
        now.set(t0 + 1_000 * MS);
        assertThat((double) cpu.busyNanos() / cpu.wallNanos())
                .isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.001));
        // then 1,000 requests at once: busy for the next 4 s straight
        for (int i = 0; i < 1_000; i++) {
            cpu.reserve(now.get());
        }
        long busyBefore = cpu.busyNanos();
        now.addAndGet(2_000 * MS);
        assertThat(cpu.busyNanos() - busyBefore).isEqualTo(2_000 * MS);
    }

    @Test
    void aBudgetOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> cpu(0)).hasMessageContaining("vcpu must be > 0");
        assertThatThrownBy(() -> cpu(65)).hasMessageContaining("but was 65");
    }

    @Test
    void serveReturnsAfterItsTurnOnTheRealClock() throws InterruptedException {
        var cpu = SimulatedCpu.of(0.25, Duration.ofMillis(1));
        long start = System.nanoTime();
        cpu.serve();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(4 * MS);
    }
}
