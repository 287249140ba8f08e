package scalelab.mapreduce.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import scalelab.core.config.Redact;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.BrokerUnavailableException;
import scalelab.core.messaging.Brokers;
import scalelab.core.report.Machine;
import scalelab.mapreduce.engine.PhaseTimes;
import scalelab.mapreduce.engine.RunOptions;
import scalelab.mapreduce.engine.RunReport;
import scalelab.mapreduce.single.SingleMachineCount;
import scalelab.mapreduce.split.Splitter;
import scalelab.mapreduce.text.WordCounts;

/**
 * The MapReduce experiment (issue 7): one generated corpus counted by the single-machine baseline, then by
 * MapReduce in this JVM with {@link #MAPPER_COUNTS} mappers, on the in-process broker and on RabbitMQ when it is
 * reachable. A warm-up run of each comes first (JIT); each configuration then runs {@link Config#repeats()} times
 * and its median run (by total time) stands for it. Every MapReduce result is checked equal to the single-machine
 * count (and, on a corpus up to {@link #REFERENCE_CHECK_MAX_BYTES}, the single-machine count to the reference
 * {@link WordCounts#ofText(CharSequence) tokenizer}); a difference is a failure the report and the exit code show.
 *
 * <p>Progress goes to {@code progress} (stderr), the summary table to {@code console} (stdout). It writes {@code
 * index.html}, {@code summary.csv}, {@code runs.csv} and {@code summary.json} to {@link Config#out()}. A corpus it
 * generated lives in a temporary folder, deleted at the end.
 */
public final class MapReduceExperiment {
    /** The mapper counts measured, in order. */
    public static final List<Integer> MAPPER_COUNTS = List.of(1, 2, 4);

    /** Reduce partitions (and reducers) of every run. */
    public static final int REDUCERS = 2;

    /** Map tasks asked for per mapper, so every mapper gets several chunks. */
    public static final int CHUNKS_PER_MAPPER = 4;

    /** The largest chunk, in bytes: the splitter's default (8 MiB); it makes more chunks rather than larger ones. */
    public static final int MAX_CHUNK_BYTES = Splitter.DEFAULT_MAX_CHUNK_BYTES;

    /** A task not done this long after it was issued is issued again; far above a task's time here. */
    public static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

    /** Corpora up to this size, in bytes, are also counted by the reference tokenizer as a check. */
    public static final long REFERENCE_CHECK_MAX_BYTES = 20_000_000;

    /** The default corpus, in bytes (100 MB), and with {@code --quick} (10 MB). */
    public static final long DEFAULT_SIZE_BYTES = 100_000_000;

    public static final long QUICK_SIZE_BYTES = 10_000_000;

    /** Measured runs per configuration, and with {@code --quick}. */
    public static final int DEFAULT_REPEATS = 3;

    public static final int QUICK_REPEATS = 1;

    /** The RabbitMQ URL when {@code SCALELAB_AMQP_URL} is not set. */
    public static final String DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F";

    /** The broker names used in labels, tables and files. */
    public static final String IN_PROCESS = "in-process";

    public static final String RABBITMQ = "RabbitMQ";

    /**
     * @param out the report folder
     * @param quick the smaller defaults (10 MB, one repeat)
     * @param sizeBytes the corpus to generate, in bytes
     * @param seed the generator's seed
     * @param rabbitUrl the RabbitMQ to measure, or {@code null} to measure the in-process broker only
     * @param repeats measured runs per configuration, after the warm-up
     * @param corpus an existing corpus to count instead of generating one, or {@code null}
     */
    public record Config(
            Path out, boolean quick, long sizeBytes, long seed, String rabbitUrl, int repeats, Path corpus) {
        public Config {
            if (sizeBytes < 1) throw new IllegalArgumentException("size must be at least 1 byte but was " + sizeBytes);
            if (repeats < 1) throw new IllegalArgumentException("repeats must be at least 1 but was " + repeats);
            rabbitUrl = rabbitUrl == null || rabbitUrl.isBlank() ? null : rabbitUrl.strip();
        }

        /** The defaults for {@code quick}: 100 MB or 10 MB, seed 42, 3 or 1 repeats, in-process only. */
        public static Config defaults(Path out, boolean quick) {
            return new Config(
                    out,
                    quick,
                    quick ? QUICK_SIZE_BYTES : DEFAULT_SIZE_BYTES,
                    42,
                    null,
                    quick ? QUICK_REPEATS : DEFAULT_REPEATS,
                    null);
        }

        public Config withRabbitUrl(String url) {
            return new Config(out, quick, sizeBytes, seed, url, repeats, corpus);
        }

        public Config withRepeats(int n) {
            return new Config(out, quick, sizeBytes, seed, rabbitUrl, n, corpus);
        }

        public Config withSize(long bytes, long newSeed) {
            return new Config(out, quick, bytes, newSeed, rabbitUrl, repeats, corpus);
        }

        public Config withCorpus(Path file) {
            return new Config(out, quick, sizeBytes, seed, rabbitUrl, repeats, file);
        }

        /** The run options for {@code mappers} mappers. */
        static RunOptions options(int mappers) {
            return new RunOptions(mappers, REDUCERS, CHUNKS_PER_MAPPER * mappers, MAX_CHUNK_BYTES, TASK_TIMEOUT);
        }
    }

    /** One measured single-machine count. */
    public record SingleRun(int repeat, long bytes, Duration elapsed) {
        public double megabytesPerSecond() {
            return Stats.megabytesPerSecond(bytes, elapsed);
        }
    }

    /**
     * One measured MapReduce run.
     *
     * @param wall the whole {@code LocalRun.run} call (starting and stopping the roles included)
     * @param mismatch how the result differs from the single-machine count, or {@code null} when equal
     */
    public record Run(
            String broker,
            int mappers,
            int repeat,
            long inputBytes,
            int mapTasks,
            int reduceTasks,
            PhaseTimes phases,
            Duration wall,
            long reissued,
            long duplicatesIgnored,
            String mismatch) {
        public boolean equal() {
            return mismatch == null;
        }

        public double megabytesPerSecond() {
            return Stats.megabytesPerSecond(inputBytes, phases.total());
        }
    }

    /**
     * One configuration: the single-machine count ({@code mappers} 0) or a broker with a mapper count, stood for
     * by its median run; {@code ratio} is its total over the single-machine median. {@code error} says why it has
     * no run (a failed job), else {@code null}.
     */
    public record Summary(
            String id,
            String label,
            String broker,
            int mappers,
            List<Duration> totals,
            Duration total,
            PhaseTimes phases,
            long bytes,
            int mapTasks,
            double megabytesPerSecond,
            double ratio,
            boolean equal,
            String error) {
        public boolean single() {
            return mappers == 0;
        }

        /** Whether it has a run (a configuration whose job failed on every run has none). */
        public boolean measured() {
            return total != null;
        }
    }

    /** A goal, whether it was met (null: not measured), and what was measured. */
    public record Goal(String goal, Boolean met, String measured) {}

    /** Where the corpus came from. */
    public record Corpus(Path path, long bytes, long seed, boolean generated, Duration generateTime) {}

    /** What a run measured and concluded; {@link #ok()} is false on a wrong result or a failed job. */
    public record Result(
            Corpus corpus,
            List<SingleRun> singles,
            List<Run> runs,
            List<Summary> summaries,
            List<Goal> goals,
            List<String> findings,
            List<String> notes,
            List<String> failures,
            Path index) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    /**
     * The index of the median of {@code times}, the rule every median of the experiment follows: the middle one,
     * the lower (faster) middle one for an even count, so that a median is always a real run.
     */
    public static int medianIndex(List<Duration> times) {
        if (times.isEmpty()) throw new IllegalArgumentException("no times");
        return Stats.medianIndex(times);
    }

    private final Engine engine;
    private final PrintStream console;
    private final PrintStream progress;

    /**
     * @param console where the summary table goes (stdout)
     * @param progress where progress lines go (stderr)
     */
    public MapReduceExperiment(Engine engine, PrintStream console, PrintStream progress) {
        this.engine = engine;
        this.console = console;
        this.progress = progress;
    }

    public Result run(Config config) throws IOException, InterruptedException {
        progress.printf(
                Locale.ROOT,
                "mapreduce: %s, %d measured run(s) per configuration after a warm-up; mappers %s, %d reducers;"
                        + " brokers: in-process%s%n",
                config.corpus() != null
                        ? "corpus " + config.corpus()
                        : Stats.megabytes(config.sizeBytes()) + " generated corpus, seed " + config.seed(),
                config.repeats(),
                MAPPER_COUNTS,
                REDUCERS,
                config.rabbitUrl() == null ? "" : ", RabbitMQ at " + Redact.credentials(config.rabbitUrl()));
        progress.println("machine: " + Machine.describe());
        Path tempDir = config.corpus() == null ? Files.createTempDirectory("scalelab-mapreduce-") : null;
        try {
            return measure(config, tempDir);
        } finally {
            if (tempDir != null) {
                deleteTree(tempDir);
                progress.println("deleted the generated corpus and its folder " + tempDir);
            }
        }
    }

    private Result measure(Config config, Path tempDir) throws IOException, InterruptedException {
        Corpus corpus = corpus(config, tempDir);
        var failures = new ArrayList<String>();
        var notes = new ArrayList<String>();

        WordCounts reference = null;
        if (corpus.bytes() <= REFERENCE_CHECK_MAX_BYTES) {
            reference = WordCounts.ofText(Files.readString(corpus.path(), StandardCharsets.UTF_8));
            progress.printf(
                    Locale.ROOT,
                    "reference tokenizer: %d words, %d distinct%n",
                    reference.totalWords(),
                    reference.uniqueWords());
        }

        progress.println("warm-up: single-machine count (not recorded)");
        WordCounts warmSingle = engine.single(corpus.path()).counts();
        var singles = new ArrayList<SingleRun>();
        WordCounts expected = null;
        for (int r = 1; r <= config.repeats(); r++) {
            SingleMachineCount.Result single = engine.single(corpus.path());
            singles.add(new SingleRun(r, single.bytes(), single.elapsed()));
            progress.printf(
                    Locale.ROOT,
                    "single machine %d/%d: %s, %.1f MB/s%n",
                    r,
                    config.repeats(),
                    Stats.seconds(single.elapsed()),
                    single.megabytesPerSecond());
            if (expected == null) {
                expected = single.counts();
                if (reference != null && !expected.equals(reference)) {
                    failures.add("the single-machine count differs from the reference tokenizer: "
                            + Stats.difference(expected, reference, "single-machine", "reference"));
                }
                if (!warmSingle.equals(expected)) {
                    failures.add("WRONG RESULT: single machine, warm-up count: "
                            + Stats.difference(warmSingle, expected, "warm-up", "measured"));
                }
            } else if (!single.counts().equals(expected)) {
                failures.add("WRONG RESULT: single machine, count " + r + ": "
                        + Stats.difference(single.counts(), expected, "this count", "the first"));
            }
        }

        var runs = new ArrayList<Run>();
        var errors = new ArrayList<String[]>(); // {broker, mappers, message}
        measureBroker(IN_PROCESS, Brokers.IN_PROCESS, config, corpus, expected, runs, errors, notes, failures);
        if (config.rabbitUrl() == null) {
            notes.add("RabbitMQ not measured: no broker URL given (--broker none).");
        } else {
            Optional<String> why = engine.unreachable(config.rabbitUrl());
            if (why.isPresent()) {
                skipRabbit(config, why.get(), notes);
            } else {
                measureBroker(RABBITMQ, config.rabbitUrl(), config, corpus, expected, runs, errors, notes, failures);
            }
        }
        for (String[] e : errors) failures.add(e[0] + ", " + e[1] + " mapper(s): the job failed: " + e[2]);
        for (Run run : runs) {
            if (!run.equal()) {
                failures.add("WRONG RESULT: " + Stats.label(run.broker(), run.mappers()) + ", run " + run.repeat()
                        + ": " + run.mismatch());
            }
        }

        List<Summary> summaries = Stats.summaries(singles, runs, errors);
        var result = new Result(
                corpus,
                List.copyOf(singles),
                List.copyOf(runs),
                summaries,
                List.of(),
                List.of(),
                List.copyOf(notes),
                List.copyOf(failures),
                null);
        List<Goal> goals = Findings.goals(result, config.rabbitUrl() != null);
        List<String> findings = Findings.conclusions(result);
        result = new Result(
                corpus, result.singles(), result.runs(), summaries, goals, findings, result.notes(), failures, null);
        Path index = new MapReduceReport(config, result).write();
        result = new Result(
                corpus, result.singles(), result.runs(), summaries, goals, findings, result.notes(), failures, index);
        printSummary(result);
        return result;
    }

    private Corpus corpus(Config config, Path tempDir) throws IOException {
        if (config.corpus() != null) {
            long bytes = Files.size(config.corpus());
            progress.printf(Locale.ROOT, "corpus: %s, %s%n", config.corpus(), Stats.megabytes(bytes));
            return new Corpus(config.corpus(), bytes, config.seed(), false, Duration.ZERO);
        }
        Path file = tempDir.resolve("corpus-" + config.seed() + ".txt");
        progress.printf(
                Locale.ROOT,
                "generating %s (seed %d) into %s%n",
                Stats.megabytes(config.sizeBytes()),
                config.seed(),
                file);
        long start = System.nanoTime();
        engine.generate(config.sizeBytes(), config.seed(), file);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long bytes = Files.size(file);
        progress.printf(Locale.ROOT, "generated %s in %s%n", Stats.megabytes(bytes), Stats.seconds(took));
        return new Corpus(file, bytes, config.seed(), true, took);
    }

    /**
     * A warm-up run, then every mapper count {@code repeats} times; a failed job skips to the next count. A wrong
     * result in the warm-up is a failure like a measured one: it is not recorded as a run, but the result is wrong.
     */
    private void measureBroker(
            String broker,
            String url,
            Config config,
            Corpus corpus,
            WordCounts expected,
            List<Run> runs,
            List<String[]> errors,
            List<String> notes,
            List<String> failures)
            throws InterruptedException {
        int warmUpMappers = MAPPER_COUNTS.contains(2) ? 2 : MAPPER_COUNTS.getFirst();
        progress.printf(Locale.ROOT, "warm-up: %s (not recorded)%n", Stats.label(broker, warmUpMappers));
        try {
            Run warm = runOnce(broker, url, warmUpMappers, 0, corpus, expected);
            if (!warm.equal()) {
                progress.println("  WRONG RESULT in the warm-up: " + warm.mismatch());
                failures.add(
                        "WRONG RESULT: " + Stats.label(broker, warmUpMappers) + ", warm-up run: " + warm.mismatch());
            }
        } catch (BrokerUnavailableException e) {
            if (broker.equals(RABBITMQ)) {
                skipRabbit(config, e.getMessage(), notes);
                return;
            }
            throw e;
        } catch (RuntimeException e) {
            progress.printf(Locale.ROOT, "  the warm-up failed: %s%n", describe(e));
            for (int mappers : MAPPER_COUNTS)
                errors.add(new String[] {broker, "" + mappers, "warm-up: " + describe(e)});
            return;
        }
        for (int mappers : MAPPER_COUNTS) {
            for (int r = 1; r <= config.repeats(); r++) {
                Run run;
                try {
                    run = runOnce(broker, url, mappers, r, corpus, expected);
                } catch (RuntimeException e) {
                    progress.printf(
                            Locale.ROOT,
                            "%s %d/%d: FAILED: %s%n",
                            Stats.label(broker, mappers),
                            r,
                            config.repeats(),
                            describe(e));
                    errors.add(new String[] {broker, "" + mappers, describe(e)});
                    break;
                }
                runs.add(run);
                PhaseTimes p = run.phases();
                progress.printf(
                        Locale.ROOT,
                        "%s %d/%d: total %s (split %s, map %s, shuffle %s, reduce %s), %.1f MB/s, %d map tasks,"
                                + " %s%n",
                        Stats.label(broker, mappers),
                        r,
                        config.repeats(),
                        Stats.seconds(p.total()),
                        Stats.seconds(p.split()),
                        Stats.seconds(p.map()),
                        Stats.seconds(p.shuffle()),
                        Stats.seconds(p.reduce()),
                        run.megabytesPerSecond(),
                        run.mapTasks(),
                        run.equal() ? "equal to the single-machine count" : "WRONG RESULT: " + run.mismatch());
            }
        }
    }

    private void skipRabbit(Config config, String why, List<String> notes) {
        String line = "RabbitMQ not reachable: skipped (" + Redact.credentials(config.rabbitUrl()) + ": " + why + ")";
        progress.println(line);
        notes.add(line + ".");
    }

    private Run runOnce(String broker, String url, int mappers, int repeat, Corpus corpus, WordCounts expected)
            throws InterruptedException {
        RunReport report;
        long start;
        long end;
        try (Broker b = engine.open(url)) {
            start = System.nanoTime();
            report = engine.run(b, corpus.path(), Config.options(mappers));
            end = System.nanoTime();
        }
        String mismatch = report.counts().equals(expected)
                ? null
                : Stats.difference(report.counts(), expected, "MapReduce", "single-machine");
        return new Run(
                broker,
                mappers,
                repeat,
                report.inputBytes(),
                report.mapTasks(),
                report.reduceTasks(),
                report.phases(),
                Duration.ofNanos(end - start),
                report.reissued(),
                report.duplicatesIgnored(),
                mismatch);
    }

    private void printSummary(Result result) {
        console.printf(
                Locale.ROOT,
                "mapreduce: %s corpus%s, median of %d run(s) per configuration%n",
                Stats.megabytes(result.corpus().bytes()),
                result.corpus().generated() ? " (seed " + result.corpus().seed() + ")" : "",
                result.singles().size());
        console.print(Stats.table(result.summaries()));
        result.notes().forEach(n -> console.println("note: " + n));
        for (Goal g : result.goals()) {
            console.printf(
                    Locale.ROOT,
                    "goal %s: %s — %s%n",
                    g.met() == null ? "not measured" : g.met() ? "met" : "MISSED",
                    g.goal(),
                    g.measured());
        }
        result.findings().forEach(f -> console.println("finding: " + f));
        result.failures().forEach(f -> console.println("FAILURE: " + f));
        console.println("report: " + result.index());
    }

    /** "JobFailedException: map task 3 failed", on one line. */
    private static String describe(Exception e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("\\s*\\R\\s*", " ");
        return e.getClass().getSimpleName() + message;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
