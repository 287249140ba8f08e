package scalelab.search;

import java.util.ArrayDeque;

/**
 * The CPU utilisation over about the last {@link #WINDOW_NANOS}, for people reading {@code /metrics}: samples of
 * (wall, busy) taken at most every {@link #SAMPLE_NANOS} as requests and reads come, the oldest kept being at
 * least a window old. (The autoscaler divides the counters' increments between its own reads instead.)
 */
final class CpuWindow {
    static final long WINDOW_NANOS = 10_000_000_000L;
    static final long SAMPLE_NANOS = 500_000_000L;

    private final Cpu cpu;
    /** Guarded by this: (wall, busy) pairs, oldest first. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    private volatile long lastSampleWall = Long.MIN_VALUE;

    CpuWindow(Cpu cpu) {
        this.cpu = cpu;
    }

    /** Called on every request: cheap unless a sample is due. */
    void tick() {
        if (cpu.wallNanos() - lastSampleWall >= SAMPLE_NANOS) {
            sample();
        }
    }

    /** Busy / wall over the window, in percent of the budget. */
    synchronized double utilizationPercent() {
        long[] now = sample();
        long[] oldest = samples.peekFirst();
        long wall = now[0] - oldest[0];
        if (wall <= 0) {
            return wall == 0 && now[0] > 0 ? 100.0 * now[1] / now[0] : 0;
        }
        return 100.0 * (now[1] - oldest[1]) / wall;
    }

    private synchronized long[] sample() {
        long wall = cpu.wallNanos();
        long[] now = {wall, cpu.busyNanos()};
        if (samples.isEmpty() || wall - samples.peekLast()[0] >= SAMPLE_NANOS) {
            samples.addLast(now);
            lastSampleWall = wall;
        }
        // keep exactly one sample at least a window old
        while (samples.size() > 1) {
            long[] first = samples.removeFirst();
            if (wall - samples.peekFirst()[0] < WINDOW_NANOS) {
                samples.addFirst(first);
                break;
            }
        }
        return now;
    }
}
