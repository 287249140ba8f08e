package scalelab.flashsale.worker;

import java.time.Duration;

/**
 * Exponential backoff between deliveries of a failing order: {@code base x 2^(delivery - 1)}, capped.
 * With the defaults: 100 ms after the 1st delivery, 200 ms, 400 ms, 800 ms, ... at most 5 s.
 *
 * @param base the wait after the first failed delivery
 * @param cap the longest wait
 */
public record RetryBackoff(Duration base, Duration cap) {
    /** Default wait after the first failed delivery: 100 ms. */
    public static final Duration DEFAULT_BASE = Duration.ofMillis(100);
    /** Default longest wait: 5 s. */
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(5);

    public RetryBackoff {
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 <= base <= cap but were " + base + " and " + cap);
        }
    }

    public static RetryBackoff ofDefaults() {
        return new RetryBackoff(DEFAULT_BASE, DEFAULT_CAP);
    }

    /** The wait before the delivery after {@code deliveryCount} (1 for the first delivery). */
    public Duration after(int deliveryCount) {
        int doublings = Math.min(Math.max(0, deliveryCount - 1), 30);
        Duration wait = base.multipliedBy(1L << doublings);
        return wait.compareTo(cap) > 0 ? cap : wait;
    }
}
