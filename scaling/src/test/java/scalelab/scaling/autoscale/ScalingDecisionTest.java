package scalelab.scaling.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Target tracking as a pure function of the policy, the time (injected) and the metric. */
class ScalingDecisionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ScalingPolicy policy = ScalingPolicy.of(2, 4, 70, Duration.ofSeconds(300), Duration.ofSeconds(300));

    private int decide(Instant now, int current, double cpu, Instant lastOut, Instant lastIn) {
        return ScalingDecision.decide(policy, now, current, cpu, lastOut, lastIn)
                .desired();
    }

    @Test
    void scalesOutToCeilOfCurrentTimesMetricOverTarget() {
        assertThat(decide(T0, 2, 100, null, null)).isEqualTo(3); // ceil(2 x 100 / 70) = ceil(2.86)
        assertThat(decide(T0, 2, 84, null, null)).isEqualTo(3); // ceil(2.4)
    }

    @Test
    void scalesInWhenTheMetricIsWellBelowTheTarget() {
        assertThat(decide(T0, 4, 30, null, null)).isEqualTo(2); // ceil(4 x 30 / 70) = ceil(1.71)
        assertThat(decide(T0, 4, 50, null, null)).isEqualTo(3); // ceil(2.86)
    }

    @Test
    void holdsWithinTheTolerance() {
        assertThat(decide(T0, 3, 63.5, null, null)).isEqualTo(3); // 0.907 of the target: within 10%
        assertThat(decide(T0, 3, 76.9, null, null)).isEqualTo(3); // 1.099
        assertThat(decide(T0, 3, 77.5, null, null)).isEqualTo(4); // 1.107: out of it
        assertThat(decide(T0, 3, 62, null, null)).isEqualTo(3); // ceil(2.66) = 3 anyway
        assertThat(decide(T0, 4, 62, null, null)).isEqualTo(4); // ceil(3.54) = 4
    }

    @Test
    void clampsToMinAndMax() {
        assertThat(decide(T0, 4, 100, null, null)).isEqualTo(4); // ceil(5.7) capped at 4
        assertThat(decide(T0, 2, 0, null, null)).isEqualTo(2); // ceil(0) raised to 2
        assertThat(decide(T0, 1, 50, null, null)).isEqualTo(2); // below min: back to it at once
        assertThat(decide(T0, 6, 50, null, null)).isEqualTo(4); // above max
        assertThat(ScalingDecision.decide(policy, T0, 4, 100, null, null).reason())
                .contains("clamped to 4");
    }

    @Test
    void scaleOutWaitsForItsCooldownAfterTheLastScaleOut() {
        Instant lastOut = T0;
        assertThat(decide(T0.plusSeconds(299), 3, 100, lastOut, null)).isEqualTo(3);
        assertThat(ScalingDecision.decide(policy, T0.plusSeconds(299), 3, 100, lastOut, null)
                        .reason())
                .contains("scale-out cooldown for 1.0 s more");
        assertThat(decide(T0.plusSeconds(300), 3, 100, lastOut, null)).isEqualTo(4);
        // a scale-in does not hold back a scale-out
        assertThat(decide(T0.plusSeconds(1), 2, 100, null, T0)).isEqualTo(3);
    }

    @Test
    void scaleInWaitsForItsCooldownAfterAnyScalingActivity() {
        assertThat(decide(T0.plusSeconds(100), 4, 20, T0, null)).isEqualTo(4); // after a scale-out
        assertThat(decide(T0.plusSeconds(100), 4, 20, null, T0)).isEqualTo(4); // after a scale-in
        assertThat(decide(T0.plusSeconds(300), 4, 20, T0, T0.minusSeconds(10))).isEqualTo(2);
    }

    @Test
    void noMetricMeansNoChange() {
        assertThat(decide(T0, 3, Double.NaN, null, null)).isEqualTo(3);
    }
}
