package scalelab.flashsale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import scalelab.flashsale.ProcessingBenchmark.Plan;

/** The throughput benchmark measures the real workers on the in-process broker. */
class ProcessingBenchmarkTest {
    @Test
    void workersOnAFullQueueCompleteEveryOrderNearNOverP() throws InterruptedException {
        var plan = new Plan(4, 4, Duration.ofMillis(40), 4, 40); // ideal 100/s, window 0.4 s
        var result = ProcessingBenchmark.run(
                FlashSaleConfig.defaults(), plan, new PrintStream(new ByteArrayOutputStream(), true));

        assertThat(result.valid()).as(result.toJson()).isTrue();
        assertThat(result.completed()).isEqualTo(plan.orders()).isEqualTo(48);
        // a rate above the ideal would mean payments shorter than P; a loose lower bound for a busy CI machine
        assertThat(result.ratio()).as(result.toJson()).isBetween(0.6, 1.02);
        assertThat(result.windowSeconds()).isGreaterThanOrEqualTo(0.39);
    }

    @Test
    void theDefaultPlanHoldsWholeWavesOfAtLeast300CompletionsAndFiveSeconds() {
        var plan = Plan.of(1000, Duration.ofSeconds(3));
        assertThat(plan.window() % 1000).isZero();
        assertThat(plan.window() / plan.idealRate()).isGreaterThanOrEqualTo(5);
        assertThat(plan.orders()).isEqualTo(plan.warmup() + plan.window() + 1000);

        var small = Plan.of(1, Duration.ofMillis(50));
        assertThat(small.window()).isEqualTo(300);
        assertThat(small.warmup()).isEqualTo(20);
    }

    @Test
    void aWindowOfPartWavesIsRefused() {
        assertThatThrownBy(() -> new Plan(10, 10, Duration.ofMillis(50), 10, 305))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiples");
    }
}
