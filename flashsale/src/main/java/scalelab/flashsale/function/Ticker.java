package scalelab.flashsale.function;

import java.time.Duration;

/**
 * The runtime's time source: it measures init and invocation durations, stamps when an environment was last
 * used, and sleeps the configured extra init. Tests pass a manual ticker to control time; {@link #system()} is
 * {@link System#nanoTime()} and {@link Thread#sleep}.
 */
public interface Ticker {
    /** Monotonic time in nanoseconds (only differences mean anything). */
    long nanos();

    /** Lets {@code duration} pass (a manual ticker just advances). */
    void sleep(Duration duration) throws InterruptedException;

    static Ticker system() {
        return new Ticker() {
            @Override
            public long nanos() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                if (duration.isPositive()) Thread.sleep(duration);
            }
        };
    }
}
