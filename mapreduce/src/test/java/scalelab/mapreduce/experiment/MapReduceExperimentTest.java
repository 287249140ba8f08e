package scalelab.mapreduce.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.mapreduce.experiment.MapReduceExperiment.Config;
import scalelab.mapreduce.experiment.MapReduceExperiment.Goal;
import scalelab.mapreduce.experiment.MapReduceExperiment.Result;
import scalelab.mapreduce.experiment.MapReduceExperiment.Summary;
import scalelab.mapreduce.text.WordCounts;

/** The experiment's orchestration, checks, findings and files, on a {@link FakeEngine} with fixed timings. */
class MapReduceExperimentTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Result run(FakeEngine engine, Config config) throws Exception {
        return new MapReduceExperiment(
                        engine,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(config);
    }

    private Config config(int repeats) {
        return MapReduceExperiment.Config.defaults(dir.resolve("report"), true)
                .withSize(5_000, 7)
                .withRepeats(repeats)
                .withRabbitUrl(FakeEngine.RABBIT_URL);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void measuresTheSingleCountAndEveryMapperCountOnBothBrokersAfterAWarmUp() throws Exception {
        var engine = FakeEngine.exact();
        Result result = run(engine, config(3));

        assertThat(result.ok()).isTrue();
        assertThat(result.singles()).hasSize(3);
        assertThat(result.runs()).hasSize(2 * 3 * 3);
        assertThat(result.summaries())
                .extracting(Summary::id)
                .containsExactly(
                        "single",
                        "in-process-1",
                        "in-process-2",
                        "in-process-4",
                        "rabbitmq-1",
                        "rabbitmq-2",
                        "rabbitmq-4");
        // one warm-up run per broker (with 2 mappers), not recorded
        assertThat(engine.runsById)
                .containsEntry("in-process-1", 3)
                .containsEntry("in-process-2", 4)
                .containsEntry("rabbitmq-2", 4);
        var inProcess2 = Findings.find(result, "in-process", 2).orElseThrow();
        assertThat(inProcess2.total()).isEqualTo(Duration.ofMillis(120));
        assertThat(inProcess2.ratio()).isEqualTo(1.2);
        assertThat(inProcess2.mapTasks()).isEqualTo(2 * MapReduceExperiment.CHUNKS_PER_MAPPER);
        assertThat(result.corpus().generated()).isTrue();
        assertThat(result.corpus().path()).doesNotExist(); // the generated corpus is deleted
        assertThat(stderr())
                .contains("generating 5000 bytes (seed 7)", "warm-up: single-machine count", "warm-up: in-process")
                .contains("in-process, 2 mappers 3/3: total 0.120 s", "equal to the single-machine count")
                .contains("deleted the generated corpus");
        assertThat(stdout())
                .contains("configuration", "total s", "split s", "map s", "shuffle s", "reduce s", "MB/s", "x single")
                .contains("RabbitMQ, 4 mappers", "report: ")
                .doesNotContain("warm-up");
    }

    @Test
    void theGoalsAndFindingsComeFromTheMeasuredNumbers() throws Exception {
        Result result = run(FakeEngine.exact(), config(1));

        assertThat(result.goals())
                .extracting(Goal::met)
                .containsExactly(false, true, false, true); // 0.05 MB/s; 1.2x <= 1.5x; 3.0x > 2.5x; all equal
        assertThat(result.goals().get(1).measured()).isEqualTo("1.20x (0.120 s vs 0.100 s)");
        assertThat(result.goals().get(2).measured()).startsWith("3.00x");
        assertThat(result.findings())
                .anyMatch(f -> f.contains("in-process: from 1 to 4 mappers the total went from 0.240 s to 0.060 s,"
                        + " a speed-up of 4.00x"))
                .anyMatch(f -> f.startsWith(
                        "in-process, 2 mappers: the longest phase was map, 0.072 s of the 0.120 s" + " total (60%)"))
                .anyMatch(f -> f.startsWith("With 2 mappers RabbitMQ took 2.50x the in-process time"))
                .anyMatch(f -> f.startsWith("No task was re-issued"));
        assertThat(stdout()).contains("goal MISSED: MapReduce with 2 mappers on RabbitMQ within 2.5x");
        assertThat(result.goals().getFirst().goal()).contains("not pinned to a core");
    }

    @Test
    void writesTheReportWithItsChartsAndTheRawData() throws Exception {
        Result result = run(FakeEngine.exact(), config(2));
        Path report = dir.resolve("report");

        assertThat(result.index()).isEqualTo(report.resolve("index.html"));
        assertThat(Files.readString(result.index()))
                .contains(
                        "Total time per configuration",
                        "Throughput per configuration",
                        "Time per phase and in total",
                        "the phases overlap, so they do not add up to the total",
                        "not stacked",
                        "Time relative to the single-machine count",
                        "<svg",
                        "Goal met: MapReduce with 2 mappers on in-process within 1.5x",
                        "deleted after the run",
                        "runs.csv",
                        "scalelab experiment mapreduce --quick --size 5000 --seed 7 --repeats 2 --broker amqp://");
        assertThat(Files.readString(result.index())).doesNotContain("outside the phases", "pins it");
        var summary = Files.readAllLines(report.resolve("summary.csv"));
        assertThat(summary.getFirst())
                .startsWith("configuration,broker,mappers,reducers,runs,map_tasks,bytes,split_ms");
        assertThat(summary).hasSize(1 + 7);
        assertThat(summary.get(3))
                .startsWith("in-process-2,in-process,2,2,2,8,")
                .contains(",120.000,", ",true,");
        var runs = Files.readAllLines(report.resolve("runs.csv"));
        assertThat(runs).hasSize(1 + 2 + 2 * 3 * 2);
        assertThat(runs.get(1)).startsWith("single,,0,0,1,");
        @SuppressWarnings("unchecked")
        Map<String, Object> json =
                scalelab.core.json.Json.read(Files.readString(report.resolve("summary.json")), Map.class);
        assertThat(json).containsEntry("ok", true).containsKeys("machine", "parameters", "configurations", "goals");
        assertThat((List<?>) json.get("configurations")).hasSize(7);
        assertThat(Files.readString(report.resolve("summary.json"))).doesNotContain("guest:guest");
    }

    @Test
    void aResultThatDiffersFromTheSingleCountFailsLoudly() throws Exception {
        Result result = run(new FakeEngine(true, Set.of("in-process-4"), Set.of()), config(1));

        assertThat(result.ok()).isFalse();
        assertThat(result.failures())
                .singleElement()
                .asString()
                .startsWith("WRONG RESULT: in-process, 4 mappers, run 1: MapReduce ")
                .contains("1 word(s) differ, e.g. \"the\" ");
        assertThat(Findings.find(result, "in-process", 4).orElseThrow().equal()).isFalse();
        assertThat(result.goals().getLast().met()).isFalse();
        assertThat(stderr()).contains("WRONG RESULT");
        assertThat(stdout()).contains("FAILURE: WRONG RESULT", "WRONG RESULT");
        assertThat(Files.readString(result.index())).contains("FAILURE: WRONG RESULT");
        assertThat(Files.readString(dir.resolve("report/summary.json"))).contains("\"ok\":false");
    }

    @Test
    void aWrongResultInAWarmUpRunFailsLikeAMeasuredOne() throws Exception {
        Result result = run(FakeEngine.wrongInTheFirstRunOf("in-process-2"), config(1));

        assertThat(result.ok()).isFalse();
        assertThat(result.failures())
                .singleElement()
                .asString()
                .startsWith("WRONG RESULT: in-process, 2 mappers, warm-up run: MapReduce ")
                .contains("1 word(s) differ, e.g. \"the\" ");
        assertThat(result.runs()).allMatch(MapReduceExperiment.Run::equal); // the measured runs were right
        assertThat(stderr()).contains("WRONG RESULT in the warm-up");
        assertThat(stdout()).contains("FAILURE: WRONG RESULT: in-process, 2 mappers, warm-up run");
        assertThat(Files.readString(dir.resolve("report/summary.json"))).contains("\"ok\":false");
    }

    @Test
    void aFailedJobIsReportedAndTheOtherConfigurationsStillRun() throws Exception {
        Result result = run(new FakeEngine(true, Set.of(), Set.of("rabbitmq-1")), config(2));

        assertThat(result.ok()).isFalse();
        assertThat(result.failures())
                .singleElement()
                .asString()
                .contains("RabbitMQ, 1 mapper(s): the job failed:", "map task 3 failed on every attempt");
        var failed = Findings.find(result, "RabbitMQ", 1).orElseThrow();
        assertThat(failed.measured()).isFalse();
        assertThat(Findings.find(result, "RabbitMQ", 4).orElseThrow().measured())
                .isTrue();
        assertThat(stdout()).contains("FAILED: JobFailedException: map task 3 failed on every attempt");
    }

    @Test
    void anUnreachableRabbitMqIsSkippedWithANoteAndIsNoFailure() throws Exception {
        Result result = run(new FakeEngine(false, Set.of(), Set.of()), config(1));

        assertThat(result.ok()).isTrue();
        assertThat(result.summaries()).extracting(Summary::broker).doesNotContain("RabbitMQ");
        assertThat(stderr()).contains("RabbitMQ not reachable: skipped (amqp://***@rabbit.invalid");
        assertThat(result.notes()).singleElement().asString().startsWith("RabbitMQ not reachable: skipped");
        assertThat(result.goals().get(2).met()).isNull();
        assertThat(result.goals().get(2).measured()).isEqualTo("not measured: RabbitMQ not reachable");
        assertThat(Files.readString(result.index())).contains("RabbitMQ not reachable: skipped", "not reachable");
    }

    @Test
    void withoutABrokerUrlOnlyTheInProcessBrokerIsMeasured() throws Exception {
        var engine = FakeEngine.exact();
        Result result = run(engine, config(1).withRabbitUrl(null));

        assertThat(engine.runsById.keySet()).allMatch(id -> id.startsWith("in-process-"));
        assertThat(result.goals().get(2).measured()).isEqualTo("not measured: --broker none");
    }

    @Test
    void anExistingCorpusIsCountedAndKept() throws Exception {
        Path corpus = dir.resolve("hamlet.txt");
        Files.writeString(corpus, "To be, or not to be: that is the question.\n");
        Result result = run(FakeEngine.exact(), config(1).withRabbitUrl(null).withCorpus(corpus));

        assertThat(result.corpus().generated()).isFalse();
        assertThat(corpus).exists();
        assertThat(result.ok()).isTrue();
    }

    @Test
    void theMedianIsTheMiddleRunByTotalTheLowerOneForAnEvenCount() {
        assertThat(Stats.medianIndex(List.of(Duration.ofMillis(30), Duration.ofMillis(10), Duration.ofMillis(20))))
                .isEqualTo(2);
        assertThat(Stats.medianIndex(List.of(Duration.ofMillis(40), Duration.ofMillis(10))))
                .isEqualTo(1);
        assertThat(Stats.medianIndex(List.of(Duration.ofMillis(5)))).isZero();
    }

    @Test
    void theDifferenceNamesTheWordsWhoseCountsDiffer() {
        var a = WordCounts.of(Map.of("the", 3L, "cat", 1L));
        var b = WordCounts.of(Map.of("the", 2L, "dog", 1L));
        assertThat(Stats.difference(a, b, "MapReduce", "single-machine"))
                .isEqualTo("MapReduce 4 words (2 distinct), single-machine 3 words (2 distinct); 3 word(s) differ,"
                        + " e.g. \"cat\" 1 vs 0, \"dog\" 0 vs 1, \"the\" 3 vs 2");
    }

    @Test
    void aCsvFieldWithACommaOrQuoteIsQuoted() {
        assertThat(MapReduceReport.quote("plain")).isEqualTo("plain");
        assertThat(MapReduceReport.quote("a, \"b\"")).isEqualTo("\"a, \"\"b\"\"\"");
    }
}
