package scalelab.loadgen;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A user's think time after each task, as Locust's {@code wait_time}: none, {@link #constant}, {@link
 * #between} (uniform), or {@link #constantPacing} (tasks start every {@code period}, whatever they took).
 */
@FunctionalInterface
public interface WaitTime {
    /** Nanoseconds to wait after a task that took {@code taskNanos}. */
    long nanos(RandomGenerator random, long taskNanos);

    static WaitTime none() {
        return (random, taskNanos) -> 0;
    }

    static WaitTime constant(Duration wait) {
        long nanos = wait.toNanos();
        return (random, taskNanos) -> nanos;
    }

    /** Uniform between {@code min} and {@code max}, like Locust's {@code between(min, max)}. */
    static WaitTime between(Duration min, Duration max) {
        long low = min.toNanos();
        long high = max.toNanos();
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("between(min, max) needs 0 <= min <= max");
        }
        return (random, taskNanos) -> low == high ? low : random.nextLong(low, high + 1);
    }

    /** Waits so that tasks start every {@code period}; a task longer than that is followed at once. */
    static WaitTime constantPacing(Duration period) {
        long nanos = period.toNanos();
        return (random, taskNanos) -> Math.max(0, nanos - taskNanos);
    }

    /**
     * Parses the command line's {@code --wait}: {@code 0}, {@code 1s}, {@code 500ms..1.5s} (between), or
     * {@code pace:2s} (constant pacing).
     */
    static WaitTime parse(String text) {
        String t = text.trim();
        if (t.startsWith("pace:")) {
            return constantPacing(Durations.parse(t.substring(5)));
        }
        int dots = t.indexOf("..");
        if (dots >= 0) {
            return between(Durations.parse(t.substring(0, dots)), Durations.parse(t.substring(dots + 2)));
        }
        Duration wait = Durations.parse(t);
        return wait.isZero() ? none() : constant(wait);
    }
}
