package scalelab.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Records requests as they finish, from any thread, without locks on the hot path (HdrHistogram {@link
 * Recorder}s), and cuts an {@link Interval} on each tick.
 */
final class LiveStats implements RequestSink {
    /** Distinct failure messages kept per request name; the rest are counted under one line. */
    static final int MAX_ERRORS_PER_NAME = 50;

    private record Entry(Recorder all, Recorder failed, Recorder sizes, Map<String, LongAdder> errors) {
        Entry() {
            this(new Recorder(3), new Recorder(3), new Recorder(3), new ConcurrentHashMap<>());
        }
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Sampler sampler;
    private final long originNanos = System.nanoTime();
    private final long originMs = System.currentTimeMillis();

    LiveStats(int sampleCapacity) {
        this.sampler = new Sampler(sampleCapacity);
    }

    @Override
    public void record(Key key, long startNanos, long endNanos, int bytes, String failure) {
        var entry = entries.computeIfAbsent(key, k -> new Entry());
        long micros = Math.max(0, (endNanos - startNanos) / 1_000);
        entry.all.recordValue(micros);
        entry.sizes.recordValue(bytes);
        if (failure != null) {
            entry.failed.recordValue(micros);
            var errors = entry.errors;
            var counter = errors.get(failure);
            if (counter == null) {
                String message = errors.size() < MAX_ERRORS_PER_NAME ? failure : "(other errors)";
                counter = errors.computeIfAbsent(message, m -> new LongAdder());
            }
            counter.increment();
        }
        sampler.offer(epochMs(startNanos), key, micros, failure == null);
    }

    long epochMs(long nanos) {
        return originMs + (nanos - originNanos) / 1_000_000;
    }

    /** The histograms recorded since the last cut. */
    Interval cut(long startMs, long endMs, int users) {
        var byKey = new TreeMap<Key, Interval.Histograms>();
        entries.forEach((key, e) -> byKey.put(
                key,
                new Interval.Histograms(
                        e.all.getIntervalHistogram(),
                        e.failed.getIntervalHistogram(),
                        e.sizes.getIntervalHistogram())));
        return new Interval(startMs, endMs, users, byKey);
    }

    /** Failure counts by request name and message. */
    Map<Failure, Long> failures() {
        var all = new LinkedHashMap<Failure, Long>();
        new TreeMap<>(entries)
                .forEach((key, e) -> e.errors.forEach((message, n) -> all.put(new Failure(key, message), n.sum())));
        return all;
    }

    java.util.List<LatencySample> samples() {
        return sampler.samples();
    }
}
