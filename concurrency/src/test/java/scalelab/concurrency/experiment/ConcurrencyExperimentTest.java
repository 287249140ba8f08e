package scalelab.concurrency.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.concurrency.experiment.ConcurrencyExperiment.Config;
import scalelab.concurrency.map.MapKind;
import scalelab.concurrency.map.MapWriteRace;
import scalelab.concurrency.switches.ContextSwitches;

/** The whole experiment, on small sizes: every part measured, the report and its data files written. */
class ConcurrencyExperimentTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ConcurrencyExperiment.Result runSmall() throws Exception {
        var config = new Config(dir.resolve("report"), true, 8, 2_000, 2, 8, 500, 2, 2, 5_000, 2_000, 1, 2_000, 1_000);
        return new ConcurrencyExperiment(
                        ContextSwitches.ofThisJvm(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(config);
    }

    @Test
    void writesTheReportWithEverySectionAndItsDataFiles() throws Exception {
        var result = runSmall();

        assertThat(result.ok()).as(result.failures().toString()).isTrue();
        Path report = dir.resolve("report");
        assertThat(result.index()).isEqualTo(report.resolve("index.html"));
        String html = Files.readString(report.resolve("index.html"));
        assertThat(html)
                .contains("<h2>Findings</h2>", "<h2>Counters</h2>", "<h2>Maps: 8 writers</h2>")
                .contains("<h2>Maps: read-heavy (90% gets)</h2>", "<h2>File writes</h2>", "<h2>Context switches</h2>")
                .contains("<h2>Starting threads</h2>", "<svg", "runs.csv", "summary.csv")
                .contains("Updates lost, worst race", "Read-heavy throughput", "Average switch (hand-off) time");
        List<String> csv = Files.readAllLines(report.resolve("summary.csv"));
        assertThat(csv.getFirst()).startsWith("section,variant,runs");
        for (String section : List.of(
                "counters,plain long",
                "counters,LongAdder",
                "map writes,HashMap (unsafe)",
                "map writes,ConcurrentHashMap",
                "map reads 90%,HashMap + ReentrantReadWriteLock",
                "file writes,BufferedOutputStream (8 KiB) + fsync",
                "context switches,\"virtual threads, one CPU\"",
                "thread starts,\"a virtual thread per task, block (sleep 1 ms)\"")) {
            assertThat(csv).anyMatch(line -> line.startsWith(section));
        }
        assertThat(Files.readString(report.resolve("summary.json")))
                .contains("\"experiment\":\"concurrency\"", "\"findings\"", "\"rows\"");
        assertThat(Files.readAllLines(report.resolve("runs.csv")).size()).isGreaterThan(20);
    }

    @Test
    void printsOneFindingPerPartOnStdoutAndProgressOnStderr() throws Exception {
        var result = runSmall();

        String stdout = out.toString(StandardCharsets.UTF_8);
        assertThat(result.conclusions()).hasSize(6);
        assertThat(stdout.lines().filter(l -> l.startsWith("finding: "))).hasSize(6);
        assertThat(stdout)
                .contains("finding: Counters,", "finding: Maps,", "finding: Read-heavy maps", "finding: File writes,")
                .contains("finding: Context switches,", "finding: Thread starts:", "report: ");
        assertThat(stdout).doesNotContain("machine: ");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("machine: ", "counters: ", "file writes: ");
    }

    @Test
    void theSafeVariantsAreExactAndTheFileWriteFolderIsDeleted() throws Exception {
        var result = runSmall();

        assertThat(result.counters().stream().filter(c -> c.kind().threadSafe()))
                .allMatch(c -> c.runsWithLoss() == 0);
        assertThat(result.maps().stream().filter(m -> m.kind().threadSafe())).allMatch(m -> m.runsWrong() == 0);
        var folder = Pattern.compile("in (\\S+scalelab-file-writes-\\S+) \\(deleted after\\)")
                .matcher(err.toString(StandardCharsets.UTF_8));
        assertThat(folder.find()).isTrue();
        assertThat(Path.of(folder.group(1))).doesNotExist();
    }

    @Test
    void theWorstMapRaceIsAWrongOneEvenWhenOnlyItsSizeIsOff() {
        var exact =
                new MapWriteRace.Result(MapKind.HASH_MAP, 2, 10, 20, 20, Map.of(), null, 0, null, Duration.ofMillis(1));
        var sizeOff =
                new MapWriteRace.Result(MapKind.HASH_MAP, 2, 10, 19, 20, Map.of(), null, 0, null, Duration.ofMillis(1));
        var runs = new ConcurrencyExperiment.MapRuns(MapKind.HASH_MAP, List.of(exact, sizeOff, exact));
        assertThat(runs.worst()).isSameAs(sizeOff);
        assertThat(runs.worst().problems()).isEqualTo("size() says 19");
    }

    @Test
    void theMedianOfAnEvenCountIsTheFasterMiddleRun() {
        var runs = List.of(Duration.ofMillis(4), Duration.ofMillis(1), Duration.ofMillis(3), Duration.ofMillis(2));
        assertThat(Stats.median(runs, d -> d)).isEqualTo(Duration.ofMillis(2));
    }
}
