package scalelab.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.Histogram;
import scalelab.loadgen.Interval;
import scalelab.loadgen.LoadTest;

/**
 * One variant's figures over the experiment, cut from its load test's ticks (about a second each):
 * requests, failures and latency per tick and per phase, and the requests in flight. A tick belongs to the
 * phase its middle falls in; a request is counted in the tick it was answered in.
 */
final class VariantTimeline implements LoadTest.Listener {
    /** One tick: where it ends (seconds since the origin), its phase and its figures. */
    record Second(
            double atSeconds,
            String phase,
            long requests,
            long failures,
            double p50Ms,
            double p99Ms,
            double maxMs,
            int inFlight) {
        /** Failed requests / requests, 0 when there were none. */
        double errorRate() {
            return requests == 0 ? 0 : (double) failures / requests;
        }
    }

    /** Figures over a span of the timeline (a phase or several). */
    record Figures(long requests, long failures, double p50Ms, double p99Ms, double maxMs) {
        double errorRate() {
            return requests == 0 ? 0 : (double) failures / requests;
        }
    }

    private record Tick(Interval interval, int inFlight) {}

    private final String variant;
    private final InFlight inFlight;
    /** Written by the load test's ticker thread, read once the run is over. */
    private final List<Tick> ticks = new ArrayList<>();

    VariantTimeline(String variant, InFlight inFlight) {
        this.variant = variant;
        this.inFlight = inFlight;
    }

    String variant() {
        return variant;
    }

    @Override
    public void interval(Interval interval) {
        add(interval, inFlight.cut());
    }

    /** Adds a tick and the most requests in flight during it. */
    synchronized void add(Interval interval, int inFlightPeak) {
        ticks.add(new Tick(interval, inFlightPeak));
    }

    /** Every tick's figures, the time in seconds since {@code originMs}. */
    synchronized List<Second> seconds(long originMs, List<Phase> phases) {
        var seconds = new ArrayList<Second>();
        for (Tick tick : ticks) {
            Interval i = tick.interval();
            var all = new Histogram(3);
            var failed = new Histogram(3);
            i.byKey().values().forEach(h -> {
                all.add(h.all());
                failed.add(h.failed());
            });
            seconds.add(new Second(
                    (i.endMs() - originMs) / 1000.0,
                    Phase.at(phases, middle(i)).name(),
                    all.getTotalCount(),
                    failed.getTotalCount(),
                    percentileMs(all, 50),
                    percentileMs(all, 99),
                    all.getTotalCount() == 0 ? 0 : all.getMaxValue() / 1000.0,
                    tick.inFlight()));
        }
        return seconds;
    }

    /** Figures of every request answered in the named phases. */
    synchronized Figures figures(List<Phase> phases, Set<String> names) {
        var all = new Histogram(3);
        var failed = new Histogram(3);
        for (Tick tick : ticks) {
            if (names.contains(Phase.at(phases, middle(tick.interval())).name())) {
                tick.interval().byKey().values().forEach(h -> {
                    all.add(h.all());
                    failed.add(h.failed());
                });
            }
        }
        return new Figures(
                all.getTotalCount(),
                failed.getTotalCount(),
                percentileMs(all, 50),
                percentileMs(all, 99),
                all.getTotalCount() == 0 ? 0 : all.getMaxValue() / 1000.0);
    }

    /**
     * Of the requests named {@code requestName} answered in the named phases, the share that failed or
     * waited at least {@code waitMicros}; NaN when there were none.
     */
    synchronized double shareFailedOrWaited(
            List<Phase> phases, Set<String> names, String requestName, long waitMicros) {
        long total = 0;
        long quickSuccesses = 0;
        for (Tick tick : ticks) {
            if (!names.contains(Phase.at(phases, middle(tick.interval())).name())) {
                continue;
            }
            for (var entry : tick.interval().byKey().entrySet()) {
                if (!entry.getKey().name().equals(requestName)) {
                    continue;
                }
                Histogram all = entry.getValue().all();
                Histogram failed = entry.getValue().failed();
                total += all.getTotalCount();
                quickSuccesses += count(all, waitMicros) - count(failed, waitMicros);
            }
        }
        return total == 0 ? Double.NaN : 1 - (double) quickSuccesses / total;
    }

    /** Requests answered in the named phases that took at least {@code micros}, failed or not. */
    synchronized long countAtLeast(List<Phase> phases, Set<String> names, long micros) {
        long n = 0;
        for (Tick tick : ticks) {
            if (names.contains(Phase.at(phases, middle(tick.interval())).name())) {
                for (var h : tick.interval().byKey().values()) {
                    n += h.all().getTotalCount() - count(h.all(), micros);
                }
            }
        }
        return n;
    }

    /** Values below {@code micros}, to the histogram's precision. */
    private static long count(Histogram h, long micros) {
        return h.getTotalCount() == 0 || micros <= 0 ? 0 : h.getCountBetweenValues(0, micros - 1);
    }

    private static long middle(Interval i) {
        return i.startMs() + (i.endMs() - i.startMs()) / 2;
    }

    private static double percentileMs(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
