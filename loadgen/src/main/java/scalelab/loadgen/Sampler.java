package scalelab.loadgen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A uniform random sample of at most {@code capacity} requests from a run of any length (reservoir
 * sampling, Algorithm R): the scatter of latency over time stays readable and the report small.
 */
final class Sampler {
    private final LatencySample[] slots;
    private final AtomicLong seen = new AtomicLong();

    Sampler(int capacity) {
        this.slots = new LatencySample[capacity];
    }

    void offer(long epochMs, Object name, long micros, boolean ok) {
        long n = seen.incrementAndGet();
        long slot = n <= slots.length ? n - 1 : ThreadLocalRandom.current().nextLong(n);
        if (slot < slots.length) { // only a kept request pays for its name as text
            var sample = new LatencySample(epochMs, name.toString(), micros, ok);
            synchronized (slots) {
                slots[(int) slot] = sample;
            }
        }
    }

    List<LatencySample> samples() {
        synchronized (slots) {
            var list = new ArrayList<>(
                    Arrays.stream(slots).filter(java.util.Objects::nonNull).toList());
            list.sort(Comparator.comparingLong(LatencySample::epochMs));
            return list;
        }
    }

    /** At most {@code capacity} of {@code samples}, drawn uniformly, in time order. */
    static List<LatencySample> reduce(List<LatencySample> samples, int capacity) {
        var sampler = new Sampler(capacity);
        samples.forEach(s -> sampler.offer(s.epochMs(), s.name(), s.micros(), s.ok()));
        return sampler.samples();
    }
}
