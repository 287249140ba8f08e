package scalelab.flashsale.worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What the consumers of this process did with queued orders: completed, failed (after the last delivery),
 * retried, poison (dead-lettered at once), unknown (skipped: not in the store), and the rate of completions
 * over the last {@value #WINDOW_SECONDS} seconds. Written by the consumers, read by {@code /metrics}.
 */
public final class ProcessingStats {
    /** The window of {@link #processingRate()}, in seconds. */
    public static final int WINDOW_SECONDS = 10;

    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder poison = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongSupplier nanoTime;
    private final long[] bucketSecond = new long[WINDOW_SECONDS]; // guarded by this
    private final long[] bucketCount = new long[WINDOW_SECONDS]; // guarded by this

    public ProcessingStats() {
        this(System::nanoTime);
    }

    /** @param nanoTime the monotonic clock of the rate window (tests move it by hand) */
    public ProcessingStats(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        java.util.Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    public void completed() {
        completed.increment();
        long second = TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong());
        int slot = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
        synchronized (this) {
            if (bucketSecond[slot] != second) {
                bucketSecond[slot] = second;
                bucketCount[slot] = 0;
            }
            bucketCount[slot]++;
        }
    }

    public void failed() {
        failed.increment();
    }

    public void retried() {
        retried.increment();
    }

    public void poison() {
        poison.increment();
    }

    public void unknown() {
        unknown.increment();
    }

    /** Completions per second over the last {@value #WINDOW_SECONDS} seconds (the current one included). */
    public double processingRate() {
        long now = TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong());
        long sum = 0;
        synchronized (this) {
            for (int i = 0; i < WINDOW_SECONDS; i++) {
                if (bucketSecond[i] > now - WINDOW_SECONDS && bucketSecond[i] <= now) {
                    sum += bucketCount[i];
                }
            }
        }
        return (double) sum / WINDOW_SECONDS;
    }

    public long completedCount() {
        return completed.sum();
    }

    public long failedCount() {
        return failed.sum();
    }

    public long retriedCount() {
        return retried.sum();
    }

    public long poisonCount() {
        return poison.sum();
    }

    public long unknownCount() {
        return unknown.sum();
    }
}
