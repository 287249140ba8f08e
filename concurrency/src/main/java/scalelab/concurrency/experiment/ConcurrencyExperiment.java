package scalelab.concurrency.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import scalelab.concurrency.counter.CounterKind;
import scalelab.concurrency.counter.CounterRace;
import scalelab.concurrency.io.FileWrites;
import scalelab.concurrency.map.MapKind;
import scalelab.concurrency.map.MapWriteRace;
import scalelab.concurrency.map.ReadHeavyMix;
import scalelab.concurrency.switches.ContextSwitches;
import scalelab.concurrency.switches.PingPong;
import scalelab.concurrency.switches.ThreadStarts;
import scalelab.core.report.Machine;

/**
 * The concurrency experiment (issue 9), four parts in one run: counters (lost updates), maps (an unsafe {@code
 * HashMap} under 50 writers, three safe maps, and a read-heavy mix), file writes (unbuffered vs buffered, with and
 * without fsync), and context switches (platform vs virtual threads, one CPU vs all, in child JVMs; and starting
 * 100,000 virtual threads vs a platform pool).
 *
 * <p>Progress goes to {@code progress} (stderr), the summary table to {@code console} (stdout). It writes {@code
 * index.html}, {@code summary.csv}, {@code runs.csv} and {@code summary.json} to {@link Config#out()}. {@link
 * Result#ok()} is false when a thread-safe variant was not exact; an unsafe variant that happened not to race is
 * reported, not a failure.
 */
public final class ConcurrencyExperiment {
    /** The unsafe HashMap's writers get this long before they are stopped and, if stuck, abandoned. */
    public static final Duration MAP_TIMEOUT = MapWriteRace.DEFAULT_TIMEOUT;

    /**
     * The parameters; {@link #defaults} gives the sizes, or the smaller {@code --quick} ones.
     *
     * @param counterRepeats races per counter kind
     * @param mapRepeats races per map kind
     * @param mixOpsPerThread operations per thread in the read-heavy mix
     * @param fileRepeats files written per mode, after one unmeasured warm-up file each
     * @param roundTrips ping-pong round trips per configuration
     * @param tasks tasks per thread-start run
     */
    public record Config(
            Path out,
            boolean quick,
            int counterThreads,
            int counterIncrements,
            int counterRepeats,
            int mapWriters,
            int keysPerWriter,
            int mapRepeats,
            int mixThreads,
            int mixOpsPerThread,
            int fileLines,
            int fileRepeats,
            int roundTrips,
            int tasks) {
        public Config {
            positive("counter threads", counterThreads);
            positive("counter increments", counterIncrements);
            positive("counter repeats", counterRepeats);
            positive("map writers", mapWriters);
            positive("keys per writer", keysPerWriter);
            positive("map repeats", mapRepeats);
            positive("mix threads", mixThreads);
            positive("mix operations per thread", mixOpsPerThread);
            positive("file lines", fileLines);
            positive("file repeats", fileRepeats);
            positive("round trips", roundTrips);
            positive("tasks", tasks);
        }

        /**
         * Full: 50 x 1,000 increments 10 times, 50 x 1,000 keys 5 times, 4 x 1,000,000 mixed operations, 100,000
         * lines 5 times, 1,000,000 round trips, 100,000 tasks. Quick: the same races (they are cheap), 200,000 mixed
         * operations per thread, 100,000 lines 3 times, 20,000 round trips and 20,000 tasks.
         */
        public static Config defaults(Path out, boolean quick) {
            return new Config(
                    out,
                    quick,
                    CounterRace.DEFAULT_THREADS,
                    CounterRace.DEFAULT_INCREMENTS,
                    quick ? 5 : 10,
                    MapWriteRace.DEFAULT_WRITERS,
                    MapWriteRace.DEFAULT_KEYS_PER_WRITER,
                    quick ? 3 : 5,
                    ReadHeavyMix.DEFAULT_THREADS,
                    quick ? 200_000 : ReadHeavyMix.DEFAULT_OPS_PER_THREAD,
                    FileWrites.DEFAULT_LINES,
                    quick ? 3 : 5,
                    quick ? 20_000 : PingPong.DEFAULT_ROUND_TRIPS,
                    quick ? 20_000 : ThreadStarts.DEFAULT_TASKS);
        }

        /** The same, with {@code threads} x {@code increments} for the counters. */
        public Config withCounters(int threads, int increments) {
            return new Config(
                    out,
                    quick,
                    threads,
                    increments,
                    counterRepeats,
                    mapWriters,
                    keysPerWriter,
                    mapRepeats,
                    mixThreads,
                    mixOpsPerThread,
                    fileLines,
                    fileRepeats,
                    roundTrips,
                    tasks);
        }

        private static void positive(String what, int value) {
            if (value < 1) throw new IllegalArgumentException(what + " must be at least 1 but was " + value);
        }
    }

    /** Every run of one counter kind. */
    public record CounterRuns(CounterKind kind, List<CounterRace.Result> runs) {
        public long runsWithLoss() {
            return runs.stream().filter(r -> !r.exact()).count();
        }

        public long maxLost() {
            return runs.stream().mapToLong(CounterRace.Result::lost).max().orElse(0);
        }

        public CounterRace.Result median() {
            return Stats.median(runs, r -> r.elapsed());
        }
    }

    /** Every run of one map kind under the writers. */
    public record MapRuns(MapKind kind, List<MapWriteRace.Result> runs) {
        public long runsWrong() {
            return runs.stream().filter(r -> !r.exact()).count();
        }

        public MapWriteRace.Result median() {
            return Stats.median(runs, r -> r.elapsed());
        }

        /**
         * The run with the most problems: a wrong one before an exact one; then a hang, the most entries lost, the most
         * exceptions, the size furthest off.
         */
        public MapWriteRace.Result worst() {
            return runs.stream()
                    .max(Comparator.comparing((MapWriteRace.Result r) -> !r.exact())
                            .thenComparing(MapWriteRace.Result::hung)
                            .thenComparing(r -> Math.abs(r.lost()))
                            .thenComparing(MapWriteRace.Result::exceptionCount)
                            .thenComparing(r -> Math.abs(r.expected() - r.size())))
                    .orElseThrow();
        }
    }

    /** Every file written in one mode. */
    public record FileRuns(FileWrites.Mode mode, boolean fsync, List<FileWrites.Result> runs) {
        public FileWrites.Result median() {
            return Stats.median(runs, FileWrites.Result::elapsed);
        }

        public String label() {
            return runs.getFirst().label();
        }
    }

    /** What a run measured and concluded. */
    public record Result(
            Config config,
            List<CounterRuns> counters,
            List<MapRuns> maps,
            List<ReadHeavyMix.Result> mixes,
            List<FileRuns> files,
            List<ContextSwitches.Measurement> switches,
            List<ThreadStarts.Result> starts,
            List<Row> rows,
            List<String> conclusions,
            List<String> notes,
            List<String> failures,
            Path index) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    private final ContextSwitches switches;
    private final PrintStream console;
    private final PrintStream progress;

    /**
     * @param switches runs the ping-pong in child JVMs
     * @param console where the summary table goes (stdout)
     * @param progress where progress lines go (stderr)
     */
    public ConcurrencyExperiment(ContextSwitches switches, PrintStream console, PrintStream progress) {
        this.switches = switches;
        this.console = console;
        this.progress = progress;
    }

    public Result run(Config config) throws IOException, InterruptedException {
        progress.println(
                "concurrency: counters, maps, file writes, context switches" + (config.quick() ? " (quick)" : ""));
        progress.println("machine: " + Machine.describe());
        var notes = new ArrayList<String>();
        var counters = counters(config);
        var maps = maps(config, notes);
        var mixes = mixes(config);
        var files = files(config);
        var pingPongs = pingPongs(config, notes);
        var starts = starts(config);

        var partial = new Result(
                config, counters, maps, mixes, files, pingPongs, starts, List.of(), List.of(), List.of(), List.of(),
                null);
        List<Row> rows = Rows.of(partial);
        List<String> failures = Rows.failures(partial);
        var result = new Result(
                config,
                counters,
                maps,
                mixes,
                files,
                pingPongs,
                starts,
                rows,
                Findings.conclusions(partial),
                List.copyOf(notes),
                failures,
                null);
        Path index = new ConcurrencyReport(result).write();
        result = new Result(
                config,
                counters,
                maps,
                mixes,
                files,
                pingPongs,
                starts,
                rows,
                result.conclusions(),
                result.notes(),
                result.failures(),
                index);
        printSummary(result);
        return result;
    }

    private List<CounterRuns> counters(Config c) throws InterruptedException {
        progress.printf(
                Locale.ROOT,
                "counters: %d threads x %,d increments, %d races per counter%n",
                c.counterThreads(),
                c.counterIncrements(),
                c.counterRepeats());
        var out = new ArrayList<CounterRuns>();
        for (CounterKind kind : CounterKind.values()) {
            var runs = new ArrayList<CounterRace.Result>();
            for (int r = 0; r < c.counterRepeats(); r++) {
                runs.add(CounterRace.run(kind, c.counterThreads(), c.counterIncrements()));
            }
            var all = new CounterRuns(kind, List.copyOf(runs));
            progress.printf(
                    Locale.ROOT,
                    "  %-14s lost updates in %d of %d races (at most %,d of %,d), median %s%n",
                    kind.label(),
                    all.runsWithLoss(),
                    runs.size(),
                    all.maxLost(),
                    runs.getFirst().expected(),
                    Stats.millis(all.median().elapsed()));
            out.add(all);
        }
        return List.copyOf(out);
    }

    private List<MapRuns> maps(Config c, List<String> notes) throws InterruptedException {
        progress.printf(
                Locale.ROOT,
                "maps: %d writers x %,d keys, %d races per map (the unsafe HashMap stopped after %d s)%n",
                c.mapWriters(),
                c.keysPerWriter(),
                c.mapRepeats(),
                MAP_TIMEOUT.toSeconds());
        var out = new ArrayList<MapRuns>();
        for (MapKind kind : MapKind.values()) {
            var runs = new ArrayList<MapWriteRace.Result>();
            for (int r = 0; r < c.mapRepeats(); r++) {
                var run = MapWriteRace.run(kind, c.mapWriters(), c.keysPerWriter(), MAP_TIMEOUT);
                runs.add(run);
                if (run.hung()) {
                    notes.add(kind.label() + ": a race hung (" + run.problems() + "); its threads were abandoned"
                            + " (daemons) and may still use a CPU, so later timings in this run may be slower."
                            + " No further race of this map was run.");
                    break;
                }
            }
            var all = new MapRuns(kind, List.copyOf(runs));
            progress.printf(
                    Locale.ROOT,
                    "  %-32s wrong in %d of %d races (worst: %s), median %s%n",
                    kind.label(),
                    all.runsWrong(),
                    runs.size(),
                    all.worst().problems(),
                    Stats.millis(all.median().elapsed()));
            out.add(all);
        }
        return List.copyOf(out);
    }

    private List<ReadHeavyMix.Result> mixes(Config c) throws InterruptedException {
        progress.printf(
                Locale.ROOT,
                "maps, read-heavy: %d threads x %,d operations (%d%% gets) on %,d keys%n",
                c.mixThreads(),
                c.mixOpsPerThread(),
                ReadHeavyMix.DEFAULT_READ_PERCENT,
                ReadHeavyMix.DEFAULT_KEYS);
        var out = new ArrayList<ReadHeavyMix.Result>();
        for (MapKind kind : MapKind.values()) {
            if (!kind.threadSafe()) continue;
            var r = ReadHeavyMix.run(
                    kind,
                    c.mixThreads(),
                    c.mixOpsPerThread(),
                    ReadHeavyMix.DEFAULT_KEYS,
                    ReadHeavyMix.DEFAULT_READ_PERCENT);
            progress.printf(
                    Locale.ROOT,
                    "  %-32s %s, %.1f M ops/s%n",
                    kind.label(),
                    Stats.millis(r.elapsed()),
                    r.opsPerSecond() / 1e6);
            out.add(r);
        }
        return List.copyOf(out);
    }

    private List<FileRuns> files(Config c) throws IOException {
        Path dir = Files.createTempDirectory("scalelab-file-writes-");
        progress.printf(
                Locale.ROOT,
                "file writes: %,d lines per file, %d file(s) per mode after a warm-up, in %s (deleted after)%n",
                c.fileLines(),
                c.fileRepeats(),
                dir);
        try {
            var out = new ArrayList<FileRuns>();
            for (boolean fsync : new boolean[] {false, true}) {
                for (FileWrites.Mode mode : FileWrites.Mode.values()) {
                    FileWrites.run(dir, mode, false, Math.min(c.fileLines(), 10_000)); // warm-up
                    var runs = new ArrayList<FileWrites.Result>();
                    for (int r = 0; r < c.fileRepeats(); r++) runs.add(FileWrites.run(dir, mode, fsync, c.fileLines()));
                    var all = new FileRuns(mode, fsync, List.copyOf(runs));
                    progress.printf(
                            Locale.ROOT,
                            "  %-40s median %s%n",
                            all.label(),
                            Stats.millis(all.median().elapsed()));
                    out.add(all);
                }
            }
            return List.copyOf(out);
        } finally {
            deleteTree(dir);
        }
    }

    private List<ContextSwitches.Measurement> pingPongs(Config c, List<String> notes) throws InterruptedException {
        progress.printf(
                Locale.ROOT,
                "context switches: %,d ping-pong round trips per configuration, each in a child JVM%n",
                c.roundTrips());
        if (!switches.canPin()) {
            notes.add("taskset was not found: platform threads were not measured on one CPU, and virtual threads on"
                    + " one carrier ran unpinned (-Djdk.virtualThreadScheduler.parallelism=1 only).");
        }
        var out = new ArrayList<ContextSwitches.Measurement>();
        for (ContextSwitches.Cpus cpus : ContextSwitches.Cpus.values()) {
            for (PingPong.Kind kind : PingPong.Kind.values()) {
                var m = switches.measure(kind, cpus, c.roundTrips());
                progress.printf(
                        Locale.ROOT,
                        "  %-32s %s%n",
                        m.label(),
                        m.measured()
                                ? String.format(
                                        Locale.ROOT,
                                        "%s, %.0f ns per switch (%s)",
                                        Stats.millis(m.result().elapsed()),
                                        m.result().nanosPerSwitch(),
                                        m.how())
                                : m.skipped());
                if (!m.measured()) notes.add(m.label() + ": " + m.skipped());
                out.add(m);
            }
        }
        return List.copyOf(out);
    }

    private List<ThreadStarts.Result> starts(Config c) throws InterruptedException {
        progress.printf(
                Locale.ROOT,
                "thread starts: %,d tasks, a virtual thread each vs a pool of %d platform threads (after a warm-up)%n",
                c.tasks(),
                ThreadStarts.POOL_THREADS);
        var out = new ArrayList<ThreadStarts.Result>();
        for (ThreadStarts.Work work : ThreadStarts.Work.values()) {
            for (ThreadStarts.Way way : ThreadStarts.Way.values()) {
                ThreadStarts.run(way, work, Math.min(c.tasks(), 2_000)); // warm-up
                var r = ThreadStarts.run(way, work, c.tasks());
                progress.printf(
                        Locale.ROOT,
                        "  %-32s %-30s %s, %.2f µs per task%n",
                        way.label(),
                        work.label(),
                        Stats.millis(r.elapsed()),
                        r.microsPerTask());
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    private void printSummary(Result result) {
        console.println("concurrency: " + (result.config().quick() ? "quick run" : "full run") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        console.print(Stats.table(result.rows()));
        result.notes().forEach(n -> console.println("note: " + n));
        result.conclusions().forEach(f -> console.println("finding: " + f));
        result.failures().forEach(f -> console.println("FAILURE: " + f));
        console.println("report: " + result.index());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
