package scalelab.concurrency.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import scalelab.concurrency.experiment.ConcurrencyExperiment.CounterRuns;
import scalelab.concurrency.experiment.ConcurrencyExperiment.FileRuns;
import scalelab.concurrency.experiment.ConcurrencyExperiment.MapRuns;
import scalelab.concurrency.experiment.ConcurrencyExperiment.Result;
import scalelab.concurrency.io.FileWrites;
import scalelab.concurrency.map.MapKind;
import scalelab.concurrency.map.ReadHeavyMix;
import scalelab.concurrency.switches.ContextSwitches;
import scalelab.concurrency.switches.ContextSwitches.Cpus;
import scalelab.concurrency.switches.PingPong;
import scalelab.concurrency.switches.ThreadStarts;

/** The conclusion of each part, one sentence each, computed from the measured numbers. */
final class Findings {
    /** A map "pays" when it does at least this many times the plain lock's operations per second. */
    static final double SHARES_PAY = 1.1;

    private Findings() {}

    static List<String> conclusions(Result r) {
        var out = new ArrayList<String>();
        out.add(counters(r));
        out.add(mapWrites(r));
        out.add(mapReads(r));
        out.add(files(r));
        out.add(switches(r));
        out.add(starts(r));
        return List.copyOf(out);
    }

    static String counters(Result r) {
        var c = r.config();
        String unsafe = r.counters().stream()
                .filter(k -> !k.kind().threadSafe())
                .map(k -> k.runsWithLoss() == 0
                        ? "the " + k.kind().label() + " happened to lose none in "
                                + k.runs().size() + " races"
                        : "the " + k.kind().label() + " lost updates in " + k.runsWithLoss() + " of "
                                + k.runs().size() + " races (up to " + Stats.count(k.maxLost()) + ")")
                .collect(Collectors.joining(" and "));
        List<CounterRuns> safe =
                r.counters().stream().filter(k -> k.kind().threadSafe()).toList();
        boolean allExact = safe.stream().allMatch(k -> k.runsWithLoss() == 0);
        CounterRuns fastest = safe.stream()
                .min(Comparator.comparing(k -> k.median().elapsed()))
                .orElseThrow();
        return String.format(
                Locale.ROOT,
                "Counters, %d threads x %s increments: %s, while synchronized, AtomicLong and LongAdder %s; the fastest"
                        + " exact one was %s (medians: %s).",
                c.counterThreads(),
                Stats.count(c.counterIncrements()),
                unsafe,
                allExact ? "were exact in every race" : "were NOT all exact (see the failures)",
                fastest.kind().label(),
                safe.stream()
                        .map(k ->
                                k.kind().label() + " " + Stats.millis(k.median().elapsed()))
                        .collect(Collectors.joining(", ")));
    }

    static String mapWrites(Result r) {
        MapRuns unsafe = r.maps().stream()
                .filter(m -> !m.kind().threadSafe())
                .findFirst()
                .orElseThrow();
        boolean safeExact = r.maps().stream().filter(m -> m.kind().threadSafe()).allMatch(m -> m.runsWrong() == 0);
        var c = r.config();
        return String.format(
                Locale.ROOT,
                "Maps, %d writers x %s keys: the bare HashMap %s, while synchronizedMap, the read-write lock and"
                        + " ConcurrentHashMap %s.",
                c.mapWriters(),
                Stats.count(c.keysPerWriter()),
                unsafe.runsWrong() == 0
                        ? "happened to come out right in all " + unsafe.runs().size() + " races"
                        : "went wrong in " + unsafe.runsWrong() + " of "
                                + unsafe.runs().size() + " races (worst: "
                                + unsafe.worst().problems() + ")",
                safeExact
                        ? "kept all " + Stats.count((long) c.mapWriters() * c.keysPerWriter()) + " entries every time"
                        : "were NOT all exact (see the failures)");
    }

    static String mapReads(Result r) {
        Optional<ReadHeavyMix.Result> plain = mix(r, MapKind.SYNCHRONIZED_MAP);
        Optional<ReadHeavyMix.Result> rw = mix(r, MapKind.READ_WRITE_LOCK);
        Optional<ReadHeavyMix.Result> chm = mix(r, MapKind.CONCURRENT_HASH_MAP);
        if (plain.isEmpty() || rw.isEmpty() || chm.isEmpty()) return "Read-heavy maps: not measured.";
        double p = plain.get().opsPerSecond();
        return String.format(
                Locale.ROOT,
                "Read-heavy maps (%d%% gets, %d threads): ConcurrentHashMap did %s M ops/s, %sx the plain lock's %s M,"
                        + " and the read-write lock %s M (%sx): %s, and %s.",
                ReadHeavyMix.DEFAULT_READ_PERCENT,
                plain.get().threads(),
                Stats.num(chm.get().opsPerSecond() / 1e6, 1),
                Stats.num(chm.get().opsPerSecond() / p, 1),
                Stats.num(p / 1e6, 1),
                Stats.num(rw.get().opsPerSecond() / 1e6, 1),
                Stats.num(rw.get().opsPerSecond() / p, 1),
                rw.get().opsPerSecond() > SHARES_PAY * p
                        ? "letting the gets share the lock paid"
                        : "letting the gets share the lock did not pay: with gets this short the read-write lock's"
                                + " own bookkeeping (a CAS on its shared reader count to take and to release it) costs"
                                + " more than the sharing saves",
                chm.get().opsPerSecond() > SHARES_PAY * p
                        ? "taking no lock for a get paid"
                        : "even ConcurrentHashMap's lock-free gets did not beat the plain lock by more than "
                                + Stats.num((SHARES_PAY - 1) * 100, 0) + "% on "
                                + Runtime.getRuntime().availableProcessors()
                                + " cores, where at most that many threads contend at once");
    }

    static String files(Result r) {
        FileRuns plain = file(r, FileWrites.Mode.UNBUFFERED, false);
        FileRuns buffered = file(r, FileWrites.Mode.BUFFERED, false);
        FileRuns plainSync = file(r, FileWrites.Mode.UNBUFFERED, true);
        FileRuns bufferedSync = file(r, FileWrites.Mode.BUFFERED, true);
        return String.format(
                Locale.ROOT,
                "File writes, %s lines: one write call per line took %s and an %d KiB buffer %s (%sx faster); with a"
                        + " final fsync %s against %s (%sx); %s.",
                Stats.count(r.config().fileLines()),
                Stats.millis(plain.median().elapsed()),
                FileWrites.BUFFER_BYTES / 1024,
                Stats.millis(buffered.median().elapsed()),
                Stats.num(fileSpeedup(r, buffered), 1),
                Stats.millis(plainSync.median().elapsed()),
                Stats.millis(bufferedSync.median().elapsed()),
                Stats.num(fileSpeedup(r, bufferedSync), 1),
                fsyncCost(buffered, bufferedSync));
    }

    private static String fsyncCost(FileRuns buffered, FileRuns synced) {
        var extra = synced.median().elapsed().minus(buffered.median().elapsed());
        return extra.isNegative()
                ? "the fsync cost less than the noise between runs (the buffered file with it was no slower)"
                : "the fsync added " + Stats.millis(extra) + " to the buffered file";
    }

    /** The unbuffered time (same fsync) over this mode's time: 1 for the unbuffered mode itself. */
    static double fileSpeedup(Result r, FileRuns f) {
        FileRuns base = file(r, FileWrites.Mode.UNBUFFERED, f.fsync());
        return Stats.ratio(base.median().elapsed(), f.median().elapsed());
    }

    static String switches(Result r) {
        var parts = new ArrayList<String>();
        for (Cpus cpus : Cpus.values()) {
            var p = pingPong(r, PingPong.Kind.PLATFORM, cpus);
            var v = pingPong(r, PingPong.Kind.VIRTUAL, cpus);
            String where = cpus == Cpus.ONE ? "on one CPU" : "across all CPUs";
            if (p.isPresent() && v.isPresent()) {
                double pn = p.get().result().nanosPerSwitch();
                double vn = v.get().result().nanosPerSwitch();
                parts.add(String.format(
                        Locale.ROOT,
                        "%s a switch cost %s ns between platform threads and %s ns between virtual threads (%s)",
                        where,
                        Stats.num(pn, 0),
                        Stats.num(vn, 0),
                        vn < pn ? Stats.num(pn / vn, 1) + "x cheaper" : Stats.num(vn / pn, 1) + "x dearer"));
            } else if (v.isPresent()) {
                parts.add(String.format(
                        Locale.ROOT,
                        "%s a switch cost %s ns between virtual threads (platform threads not measured)",
                        where,
                        Stats.num(v.get().result().nanosPerSwitch(), 0)));
            } else if (p.isPresent()) {
                parts.add(String.format(
                        Locale.ROOT,
                        "%s a switch cost %s ns between platform threads (virtual threads not measured)",
                        where,
                        Stats.num(p.get().result().nanosPerSwitch(), 0)));
            }
        }
        if (parts.isEmpty()) return "Context switches: not measured.";
        String s = String.join("; ", parts);
        return "Context switches, " + Stats.count(r.config().roundTrips()) + " ping-pong round trips: "
                + s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1) + ".";
    }

    static String starts(Result r) {
        var parts = new ArrayList<String>();
        for (ThreadStarts.Work work : ThreadStarts.Work.values()) {
            var v = start(r, ThreadStarts.Way.VIRTUAL, work);
            var p = start(r, ThreadStarts.Way.POOL, work);
            if (v.isEmpty() || p.isEmpty()) continue;
            parts.add(String.format(
                    Locale.ROOT,
                    "%s tasks that %s took %s on a virtual thread each and %s on a pool of %d platform threads (%s)",
                    Stats.count(v.get().tasks()),
                    work == ThreadStarts.Work.SLEEP ? "sleep 1 ms" : "compute a little",
                    Stats.millis(v.get().elapsed()),
                    Stats.millis(p.get().elapsed()),
                    ThreadStarts.POOL_THREADS,
                    v.get().elapsed().compareTo(p.get().elapsed()) < 0
                            ? "virtual "
                                    + Stats.num(
                                            Stats.ratio(
                                                    p.get().elapsed(), v.get().elapsed()),
                                            1) + "x faster"
                            : "the pool "
                                    + Stats.num(
                                            Stats.ratio(
                                                    v.get().elapsed(), p.get().elapsed()),
                                            1) + "x faster"));
        }
        return parts.isEmpty() ? "Thread starts: not measured." : "Thread starts: " + String.join("; ", parts) + ".";
    }

    static Optional<ReadHeavyMix.Result> mix(Result r, MapKind kind) {
        return r.mixes().stream().filter(x -> x.kind() == kind).findFirst();
    }

    static FileRuns file(Result r, FileWrites.Mode mode, boolean fsync) {
        return r.files().stream()
                .filter(f -> f.mode() == mode && f.fsync() == fsync)
                .findFirst()
                .orElseThrow();
    }

    static Optional<ContextSwitches.Measurement> pingPong(Result r, PingPong.Kind kind, Cpus cpus) {
        return r.switches().stream()
                .filter(m -> m.kind() == kind && m.cpus() == cpus && m.measured())
                .findFirst();
    }

    static Optional<ThreadStarts.Result> start(Result r, ThreadStarts.Way way, ThreadStarts.Work work) {
        return r.starts().stream()
                .filter(s -> s.way() == way && s.work() == work)
                .findFirst();
    }
}
