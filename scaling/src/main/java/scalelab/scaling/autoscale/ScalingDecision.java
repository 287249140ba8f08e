package scalelab.scaling.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One decision of target tracking, a pure function of the policy, the time and what was measured:
 *
 * <ol>
 *   <li>outside [min, max] (the policy changed): back within it at once;
 *   <li>no metric: no change;
 *   <li>metric / target within the tolerance (1 ± 0.1 by default): no change;
 *   <li>else {@code desired = ceil(current x metric / target)}, clamped to [min, max];
 *   <li>more than now: only if the last scale-out is {@code cooldownOut} ago;
 *   <li>fewer than now: only if the last scaling activity, out or in, is {@code cooldownIn} ago.
 * </ol>
 *
 * @param desired the instance count to run
 * @param reason one line for the activity log
 */
public record ScalingDecision(int desired, String reason) {

    /**
     * @param lastScaleOut when capacity was last added (null: never)
     * @param lastScaleIn when capacity was last removed (null: never)
     */
    public static ScalingDecision decide(
            ScalingPolicy policy,
            Instant now,
            int current,
            double cpuPercent,
            Instant lastScaleOut,
            Instant lastScaleIn) {
        if (current < policy.min()) {
            return new ScalingDecision(policy.min(), "below the minimum of " + policy.min());
        }
        if (current > policy.max()) {
            return new ScalingDecision(policy.max(), "above the maximum of " + policy.max());
        }
        if (Double.isNaN(cpuPercent)) {
            return new ScalingDecision(current, "no CPU metric yet");
        }
        double ratio = cpuPercent / policy.targetCpuPercent();
        String measured =
                String.format(Locale.ROOT, "CPU %.1f%% vs target %.0f%%", cpuPercent, policy.targetCpuPercent());
        if (Math.abs(ratio - 1) <= policy.tolerance()) {
            return new ScalingDecision(current, measured + ": within the tolerance");
        }
        // 1e-9: a ratio that is a whole number after rounding errors (2 x 70 / 70) must not round up to one more
        int raw = (int) Math.ceil(current * ratio - 1e-9);
        int desired = Math.max(policy.min(), Math.min(policy.max(), raw));
        String formula = String.format(
                Locale.ROOT,
                "%s: ceil(%d x %.1f / %.0f) = %d%s",
                measured,
                current,
                cpuPercent,
                policy.targetCpuPercent(),
                raw,
                raw != desired ? ", clamped to " + desired : "");
        if (desired > current) {
            Instant until = plus(lastScaleOut, policy.cooldownOut());
            if (until != null && now.isBefore(until)) {
                return new ScalingDecision(current, formula + "; scale-out cooldown for " + left(now, until));
            }
            return new ScalingDecision(desired, formula);
        }
        if (desired < current) {
            Instant last = latest(lastScaleOut, lastScaleIn);
            Instant until = plus(last, policy.cooldownIn());
            if (until != null && now.isBefore(until)) {
                return new ScalingDecision(current, formula + "; scale-in cooldown for " + left(now, until));
            }
            return new ScalingDecision(desired, formula);
        }
        return new ScalingDecision(current, formula);
    }

    private static Instant plus(Instant at, Duration d) {
        return at == null ? null : at.plus(d);
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    private static String left(Instant now, Instant until) {
        return String.format(
                Locale.ROOT, "%.1f s more", Duration.between(now, until).toMillis() / 1000.0);
    }
}
