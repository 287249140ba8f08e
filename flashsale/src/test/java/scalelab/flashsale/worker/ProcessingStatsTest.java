package scalelab.flashsale.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProcessingStatsTest {
    private final AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));
    private final ProcessingStats stats = new ProcessingStats(nanos::get);

    private void advanceSeconds(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void theRateIsCompletionsPerSecondOverTheLastTenSeconds() {
        for (int second = 0; second < 10; second++) {
            for (int i = 0; i < 5; i++) {
                stats.completed();
            }
            advanceSeconds(1);
        }
        advanceSeconds(-1); // still within the tenth second
        assertThat(stats.processingRate()).isEqualTo(5.0);
        advanceSeconds(6); // the first six seconds left the window
        assertThat(stats.processingRate()).isEqualTo(2.0);
        advanceSeconds(60);
        assertThat(stats.processingRate()).isZero();
        assertThat(stats.completedCount()).isEqualTo(50);
    }
}
