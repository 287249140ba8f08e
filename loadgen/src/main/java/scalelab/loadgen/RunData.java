package scalelab.loadgen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Everything a run's reports are drawn from: its parameters, the histograms summed over the run, the
 * per-tick history, the failures and a sample of requests. A live run and {@code load merge} both build
 * one by {@link #add adding} intervals in time order, so a merged report is computed exactly as a live
 * one.
 */
public final class RunData {
    /**
     * Figures of one tick: users then, and per name (and {@link #AGGREGATED}) the tick's own stats and
     * those of the run so far.
     */
    public record Tick(long endMs, int users, Map<Key, Stat> current, Map<Key, Stat> cumulative) {}

    public static final Key AGGREGATED = new Key("", "Aggregated");

    private final Map<String, Object> parameters;
    private final Map<Key, Interval.Histograms> totals = new TreeMap<>();
    private final Interval.Histograms aggregated = Interval.Histograms.empty();
    private final List<Tick> ticks = new ArrayList<>();
    private Map<Failure, Long> failures = Map.of();
    private List<LatencySample> samples = List.of();
    private Interval last;
    private long startMs = -1;
    private long endMs;
    private int peakUsers;

    public RunData(Map<String, Object> parameters) {
        this.parameters = new LinkedHashMap<>(parameters);
    }

    /**
     * Adds one tick; ticks come in time order. A remainder shorter than half the tick before it (the
     * moments between the last full tick and the stop) joins that tick, so the history has no sliver.
     */
    public synchronized void add(Interval interval) {
        if (startMs < 0) {
            startMs = interval.startMs();
        }
        endMs = Math.max(endMs, interval.endMs());
        peakUsers = Math.max(peakUsers, interval.users());
        var tickAggregate = Interval.Histograms.empty();
        interval.byKey().forEach((key, h) -> {
            totals.computeIfAbsent(key, k -> Interval.Histograms.empty()).add(h);
            tickAggregate.add(h);
        });
        aggregated.add(tickAggregate);

        Interval shown = interval;
        if (last != null && interval.endMs() - interval.startMs() < (last.endMs() - last.startMs()) / 2) {
            shown = combine(last, interval);
            ticks.remove(ticks.size() - 1);
        }
        last = shown;
        double seconds = Math.max(1, shown.endMs() - shown.startMs()) / 1000.0;
        var current = new LinkedHashMap<Key, Stat>();
        var shownAggregate = Interval.Histograms.empty();
        shown.byKey().forEach((key, h) -> {
            current.put(key, Stat.of(h, seconds));
            shownAggregate.add(h);
        });
        current.put(AGGREGATED, Stat.of(shownAggregate, seconds));
        var cumulative = new LinkedHashMap<Key, Stat>();
        double elapsed = seconds();
        totals.forEach((key, h) -> cumulative.put(key, Stat.of(h, elapsed)));
        cumulative.put(AGGREGATED, Stat.of(aggregated, elapsed));
        ticks.add(new Tick(shown.endMs(), shown.users(), current, cumulative));
    }

    private static Interval combine(Interval a, Interval b) {
        var byKey = new TreeMap<Key, Interval.Histograms>();
        for (var part : List.of(a, b)) {
            part.byKey()
                    .forEach((key, h) -> byKey.computeIfAbsent(key, k -> Interval.Histograms.empty())
                            .add(h));
        }
        return new Interval(a.startMs(), b.endMs(), Math.max(a.users(), b.users()), byKey);
    }

    public synchronized void failures(Map<Failure, Long> failures) {
        this.failures = Map.copyOf(failures);
    }

    public synchronized void samples(List<LatencySample> samples) {
        this.samples = List.copyOf(samples);
    }

    public Map<String, Object> parameters() {
        return parameters;
    }

    public synchronized long startMs() {
        return startMs;
    }

    public synchronized long endMs() {
        return endMs;
    }

    public synchronized double seconds() {
        return startMs < 0 ? 0 : Math.max(1, endMs - startMs) / 1000.0;
    }

    public synchronized int peakUsers() {
        return peakUsers;
    }

    /** Per-name stats over the whole run, sorted by name, then "Aggregated". */
    public synchronized Map<Key, Stat> stats() {
        var all = new LinkedHashMap<Key, Stat>();
        totals.forEach((key, h) -> all.put(key, Stat.of(h, seconds())));
        all.put(AGGREGATED, total());
        return all;
    }

    public synchronized Stat total() {
        return Stat.of(aggregated, seconds());
    }

    /** The latency histogram of every request (microseconds). */
    public synchronized Histogram latencyHistogram() {
        return aggregated.all().copy();
    }

    public synchronized List<Tick> ticks() {
        return List.copyOf(ticks);
    }

    public synchronized Map<Failure, Long> failures() {
        return failures;
    }

    public synchronized List<LatencySample> samples() {
        return samples;
    }
}
