package scalelab.concurrency.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import scalelab.concurrency.counter.CounterRace;
import scalelab.concurrency.experiment.ConcurrencyExperiment.CounterRuns;
import scalelab.concurrency.experiment.ConcurrencyExperiment.FileRuns;
import scalelab.concurrency.experiment.ConcurrencyExperiment.MapRuns;
import scalelab.concurrency.experiment.ConcurrencyExperiment.Result;
import scalelab.concurrency.io.FileWrites;
import scalelab.concurrency.map.MapWriteRace;
import scalelab.concurrency.map.ReadHeavyMix;
import scalelab.concurrency.switches.ContextSwitches;
import scalelab.concurrency.switches.ThreadStarts;

/** The measurements as uniform {@link Row rows}, and the failures: a thread-safe variant that was not exact. */
final class Rows {
    static final String COUNTERS = "counters";
    static final String MAP_WRITES = "map writes";
    static final String MAP_READS = "map reads 90%";
    static final String FILE_WRITES = "file writes";
    static final String SWITCHES = "context switches";
    static final String STARTS = "thread starts";

    private Rows() {}

    static List<Row> of(Result r) {
        var rows = new ArrayList<Row>();
        for (CounterRuns c : r.counters()) {
            CounterRace.Result median = c.median();
            long worst = c.runs().stream()
                    .mapToLong(CounterRace.Result::actual)
                    .min()
                    .orElseThrow();
            rows.add(new Row(
                    COUNTERS,
                    c.kind().label(),
                    c.runs().size(),
                    median.threads(),
                    median.expected(),
                    median.expected(),
                    worst,
                    c.runsWithLoss() == 0,
                    Stats.ms(median.elapsed()),
                    perOp(median.elapsed(), median.expected()),
                    c.runsWithLoss() == 0
                            ? "exact in " + c.runs().size() + " of " + c.runs().size() + " races"
                            : "lost updates in " + c.runsWithLoss() + " of "
                                    + c.runs().size() + " races (up to " + Stats.count(c.maxLost()) + ")"));
        }
        for (MapRuns m : r.maps()) {
            MapWriteRace.Result median = m.median();
            MapWriteRace.Result worst = m.worst();
            rows.add(new Row(
                    MAP_WRITES,
                    m.kind().label(),
                    m.runs().size(),
                    median.writers(),
                    median.expected(),
                    median.expected(),
                    worst.present(),
                    m.runsWrong() == 0,
                    Stats.ms(median.elapsed()),
                    perOp(median.elapsed(), median.expected()),
                    m.runsWrong() == 0
                            ? "exact in " + m.runs().size() + " of " + m.runs().size() + " races"
                            : "wrong in " + m.runsWrong() + " of " + m.runs().size() + " races; worst: "
                                    + worst.problems()));
        }
        for (ReadHeavyMix.Result x : r.mixes()) {
            rows.add(new Row(
                    MAP_READS,
                    x.kind().label(),
                    1,
                    x.threads(),
                    x.operations(),
                    x.keys(),
                    x.sizeAfter(),
                    x.exact(),
                    Stats.ms(x.elapsed()),
                    x.nanosPerOp(),
                    Stats.num(x.opsPerSecond() / 1e6, 2) + " M ops/s" + (x.exact() ? "" : ", WRONG size")));
        }
        for (FileRuns f : r.files()) {
            FileWrites.Result median = f.median();
            boolean exact = f.runs().stream().allMatch(FileWrites.Result::exact);
            double speedup = Findings.fileSpeedup(r, f);
            rows.add(new Row(
                    FILE_WRITES,
                    f.label(),
                    f.runs().size(),
                    1,
                    median.lines(),
                    median.bytesWritten(),
                    median.bytesOnDisk(),
                    exact,
                    Stats.ms(median.elapsed()),
                    perOp(median.elapsed(), median.lines()),
                    (f.mode() == FileWrites.Mode.UNBUFFERED
                                    ? "baseline"
                                    : Stats.num(speedup, 1) + "x faster than unbuffered")
                            + (exact ? "" : ", WRONG file size")));
        }
        for (ContextSwitches.Measurement m : r.switches()) {
            if (!m.measured()) {
                rows.add(new Row(SWITCHES, m.label(), 0, 2, 0, -1, -1, false, Double.NaN, Double.NaN, m.skipped()));
                continue;
            }
            var p = m.result();
            rows.add(new Row(
                    SWITCHES,
                    m.label(),
                    1,
                    2,
                    2L * p.roundTrips(),
                    p.roundTrips(),
                    Math.min(p.pings(), p.pongs()),
                    p.exact(),
                    Stats.ms(p.elapsed()),
                    p.nanosPerSwitch(),
                    m.how() + "; the child saw " + m.cpusSeen() + " CPU(s)"));
        }
        for (ThreadStarts.Result s : r.starts()) {
            rows.add(new Row(
                    STARTS,
                    s.way().label() + ", " + s.work().label(),
                    1,
                    s.way() == ThreadStarts.Way.VIRTUAL ? s.tasks() : ThreadStarts.POOL_THREADS,
                    s.tasks(),
                    s.tasks(),
                    s.completed(),
                    s.exact(),
                    Stats.ms(s.elapsed()),
                    perOp(s.elapsed(), s.tasks()),
                    Stats.num(s.microsPerTask(), 2) + " µs per task"));
        }
        return List.copyOf(rows);
    }

    /** A thread-safe variant that was not exact, a file of the wrong size, a lost hand-off or task, a failed child. */
    static List<String> failures(Result r) {
        var out = new ArrayList<String>();
        for (CounterRuns c : r.counters()) {
            if (c.kind().threadSafe() && c.runsWithLoss() > 0) {
                out.add("counters, " + c.kind().label() + ": lost updates in " + c.runsWithLoss() + " race(s)");
            }
        }
        for (MapRuns m : r.maps()) {
            if (m.kind().threadSafe() && m.runsWrong() > 0) {
                out.add("map writes, " + m.kind().label() + ": " + m.worst().problems());
            }
        }
        r.mixes().stream()
                .filter(x -> !x.exact())
                .forEach(x ->
                        out.add("map reads, " + x.kind().label() + ": size " + x.sizeAfter() + " not " + x.keys()));
        for (FileRuns f : r.files()) {
            if (!f.runs().stream().allMatch(FileWrites.Result::exact)) {
                out.add("file writes, " + f.label() + ": the file on disk has a different size than written");
            }
        }
        for (ContextSwitches.Measurement m : r.switches()) {
            if (m.measured() && !m.result().exact()) out.add("context switches, " + m.label() + ": hand-offs lost");
            if (!m.measured() && m.skipped().startsWith("failed")) {
                out.add("context switches, " + m.label() + ": " + m.skipped());
            }
        }
        r.starts().stream()
                .filter(s -> !s.exact())
                .forEach(s -> out.add("thread starts, " + s.way().label() + ": " + s.completed() + " of " + s.tasks()
                        + " tasks ran"));
        return List.copyOf(out);
    }

    private static double perOp(Duration d, long ops) {
        return d.toNanos() / (double) Math.max(1, ops);
    }
}
