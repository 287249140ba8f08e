package scalelab.scaling.autoscale;

import java.time.Duration;
import java.util.Locale;

/**
 * A target-tracking scaling policy, as a cloud service's: keep the average CPU near {@code targetCpuPercent}
 * with between {@code min} and {@code max} instances.
 *
 * @param min fewest instances (>= 1)
 * @param max most instances (>= min)
 * @param targetCpuPercent the average CPU utilisation to hold, in percent of each instance's budget (1..100)
 * @param tolerance no change while the metric is within this fraction of the target (default {@link
 *     #DEFAULT_TOLERANCE}: 70% holds from 63% to 77%)
 * @param cooldownOut after a scale-out, no further scale-out for this long
 * @param cooldownIn after any scaling activity, no scale-in for this long (the stabilisation window)
 */
public record ScalingPolicy(
        int min, int max, double targetCpuPercent, double tolerance, Duration cooldownOut, Duration cooldownIn) {
    /** The tolerance around the target, by default: 10% of it (Kubernetes' HPA default). */
    public static final double DEFAULT_TOLERANCE = 0.1;

    public ScalingPolicy {
        if (min < 1 || max < min || max > 100) {
            throw new IllegalArgumentException("need 1 <= min <= max <= 100 but min was " + min + " and max " + max);
        }
        if (!(targetCpuPercent >= 1 && targetCpuPercent <= 100)) {
            throw new IllegalArgumentException("targetCpuPercent must be 1..100 but was " + targetCpuPercent);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1) but was " + tolerance);
        }
        if (cooldownOut.isNegative() || cooldownIn.isNegative()) {
            throw new IllegalArgumentException("cooldowns must be >= 0 but were " + cooldownOut + ", " + cooldownIn);
        }
    }

    public static ScalingPolicy of(
            int min, int max, double targetCpuPercent, Duration cooldownOut, Duration cooldownIn) {
        return new ScalingPolicy(min, max, targetCpuPercent, DEFAULT_TOLERANCE, cooldownOut, cooldownIn);
    }

    public String describe() {
        return String.format(
                Locale.ROOT,
                "min %d, max %d, target CPU %.0f%% (tolerance %.0f%%), cooldown out %d s, in %d s",
                min,
                max,
                targetCpuPercent,
                tolerance * 100,
                cooldownOut.toSeconds(),
                cooldownIn.toSeconds());
    }
}
