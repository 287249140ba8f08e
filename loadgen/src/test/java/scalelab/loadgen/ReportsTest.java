package scalelab.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.core.json.Json;

/** The files a run leaves behind, and merging them. */
class ReportsTest {
    private static TestTarget target;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        target = new TestTarget();
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    private static Scenario mixed() {
        var user = UserType.named("u")
                .task(3, Call.get("/fast"))
                .task(1, Call.get("/status/503"))
                .task(1, Call.post("/echo", "{\"a\":1}").expect(201));
        return Scenario.named("mixed", "").user(user);
    }

    private static LoadTest.Result runInto(Path out, List<Threshold> thresholds) throws InterruptedException {
        return LoadTest.against(target.uri())
                .scenario(mixed())
                .users(3)
                .duration(Duration.ofMillis(2_200))
                .runInto(out, "test", thresholds);
    }

    @Test
    void csvFilesHaveLocustsColumns() throws Exception {
        runInto(dir, List.of());
        assertThat(Files.readAllLines(dir.resolve("stats.csv")).get(0))
                .isEqualTo("Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
                        + "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
                        + "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%");
        assertThat(Files.readAllLines(dir.resolve("stats_history.csv")).get(0))
                .isEqualTo("Timestamp,User Count,Type,Name,Requests/s,Failures/s,"
                        + "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,"
                        + "Total Request Count,Total Failure Count,Total Median Response Time,"
                        + "Total Average Response Time,Total Min Response Time,Total Max Response Time,"
                        + "Total Average Content Size");
        assertThat(Files.readAllLines(dir.resolve("failures.csv"))).first().isEqualTo("Method,Name,Error,Occurrences");

        var stats = LocustCsv.read(dir.resolve("stats.csv"));
        assertThat(stats)
                .extracting(row -> row.get(1))
                .containsExactly("Name", "/echo", "/fast", "/status/503", "Aggregated");
        long sum = stats.subList(1, 4).stream()
                .mapToLong(r -> Long.parseLong(r.get(2)))
                .sum();
        assertThat(Long.parseLong(stats.get(4).get(2))).isEqualTo(sum);
        assertThat(stats.get(3).get(3)).isEqualTo(stats.get(3).get(2)); // every 503 failed

        var failures = LocustCsv.read(dir.resolve("failures.csv"));
        assertThat(failures.get(1))
                .containsExactly(
                        "GET",
                        "/status/503",
                        "HTTP 503 (expected < 400)",
                        stats.get(3).get(2));
    }

    @Test
    void summaryAndLogsAreWritten() throws Exception {
        var result = runInto(dir, List.of(Threshold.parse("errors<1%"), Threshold.parse("p99<5s")));
        JsonNode summary = Json.mapper().readTree(Files.readString(dir.resolve("summary.json")));
        assertThat(summary.get("requests").asLong())
                .isEqualTo(result.data().total().requests());
        assertThat(summary.get("rps").asDouble()).isPositive();
        assertThat(summary.at("/latency_ms/p99").asDouble()).isPositive();
        assertThat(summary.get("per_name")).hasSize(3);
        assertThat(summary.at("/parameters/client").asText()).isEqualTo("fast");
        assertThat(summary.get("thresholds")).hasSize(2);
        assertThat(result.verdicts()).extracting(Threshold.Verdict::passed).containsExactly(false, true);
        try (var logs = Files.list(dir.resolve("hdr"))) {
            assertThat(logs.toList()).hasSize(3);
        }
        assertThat(Files.readString(dir.resolve("index.html")))
                .contains("<svg", "Requests and failures per second", "Response time histogram", "Users")
                .doesNotContain("<script");
    }

    @Test
    void mergedTotalsEqualTheSumOfTheParts() throws Exception {
        // two generators at the same time, as two processes would
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        var first = Thread.ofPlatform().start(() -> {
            try {
                runInto(a, List.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runInto(b, List.of());
        first.join();

        RunData merged = Merge.merge(List.of(a, b), dir.resolve("merged"));
        LoadReport.write(merged, dir.resolve("merged"), "merged", List.of());
        var partA = Merge.merge(List.of(a), dir.resolve("a-again")).stats();
        var partB = Merge.merge(List.of(b), dir.resolve("b-again")).stats();
        merged.stats().forEach((key, stat) -> {
            assertThat(stat.requests())
                    .as(key.toString())
                    .isEqualTo(partA.get(key).requests() + partB.get(key).requests());
            assertThat(stat.failures())
                    .as(key.toString())
                    .isEqualTo(partA.get(key).failures() + partB.get(key).failures());
        });
        // the merged figures are the live ones' sums, read back from the files
        assertThat(merged.total().requests())
                .isEqualTo(summary(a).get("requests").asLong()
                        + summary(b).get("requests").asLong());
        assertThat(merged.failures().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(summary(a).get("failures").asLong()
                        + summary(b).get("failures").asLong());
        assertThat(merged.parameters()).containsEntry("users", 6).containsEntry("generators", 2);
        assertThat(merged.ticks()).extracting(RunData.Tick::users).contains(6);
        // and a merged report can itself be merged
        assertThat(Merge.merge(List.of(dir.resolve("merged")), dir.resolve("again"))
                        .total()
                        .requests())
                .isEqualTo(merged.total().requests());
    }

    @Test
    void mergingOneReportReproducesItsFigures() throws Exception {
        var live = runInto(dir.resolve("live"), List.of()).data();
        RunData merged = Merge.merge(List.of(dir.resolve("live")), dir.resolve("merged"));
        assertThat(merged.total().requests()).isEqualTo(live.total().requests());
        assertThat(merged.total().rps())
                .isCloseTo(live.total().rps(), org.assertj.core.api.Assertions.withinPercentage(2));
        assertThat(merged.total().percentile(99)).isEqualTo(live.total().percentile(99));
        // second by second too: ticks end on whole seconds, so the logs fall into the same seconds
        var liveTicks = live.ticks();
        var mergedTicks = merged.ticks();
        assertThat(mergedTicks).hasSameSizeAs(liveTicks);
        for (int i = 0; i < liveTicks.size(); i++) {
            var a = liveTicks.get(i).current().get(RunData.AGGREGATED);
            var b = mergedTicks.get(i).current().get(RunData.AGGREGATED);
            assertThat(b.requests()).as("tick %d", i).isEqualTo(a.requests());
            assertThat(b.rps())
                    .as("tick %d", i)
                    .isCloseTo(a.rps(), org.assertj.core.api.Assertions.withinPercentage(2));
        }
    }

    private static JsonNode summary(Path dir) throws Exception {
        return Json.mapper().readTree(Files.readString(dir.resolve("summary.json")));
    }

    @Test
    void mergingAFolderThatIsNotAReportSaysSo() {
        assertThatThrownBy(() -> Merge.merge(List.of(dir), dir.resolve("out")))
                .hasMessageContaining("not a scalelab load report");
    }

    @Test
    void thresholdsReadAndJudge() {
        var stat =
                new Stat(1_000, 20, 12, 1, 450, new double[] {10, 11, 12, 13, 20, 40, 60, 80, 200, 400, 450}, 30, 10);
        assertThat(Threshold.parse("p99<200ms").evaluate(stat).passed()).isTrue();
        assertThat(Threshold.parse("p99<50ms").evaluate(stat).reason())
                .isEqualTo("threshold breached: p99<50ms (measured 80.00 ms)");
        assertThat(Threshold.parse("p99.9 < 0.1s").evaluate(stat).passed()).isFalse();
        assertThat(Threshold.parse("median<20ms").evaluate(stat).passed()).isTrue();
        assertThat(Threshold.parse("errors<1%").evaluate(stat).actual()).isEqualTo("2.00%");
        assertThat(Threshold.parse("errors<1%").evaluate(stat).passed()).isFalse();
        assertThat(Threshold.parse("rps>50").evaluate(stat).passed()).isTrue();
        assertThat(Threshold.parse("rps>1000").evaluate(stat).passed()).isFalse();
        var nothing = new Stat(0, 0, 0, 0, 0, new double[Stat.PERCENTILES.length], 0, 10);
        assertThat(Threshold.parse("errors<1%").evaluate(nothing).passed())
                .isFalse(); // nothing measured passes nothing
        assertThat(Threshold.parse("p99<1s").evaluate(nothing).actual()).isEqualTo("no request completed");
        assertThatThrownBy(() -> Threshold.parse("latency<2")).hasMessageContaining("unknown metric");
        assertThatThrownBy(() -> Threshold.parse("p42<2ms")).hasMessageContaining("unknown metric");
        assertThatThrownBy(() -> Threshold.parse("errors<1ms")).hasMessageContaining("percentage");
        assertThatThrownBy(() -> Threshold.parse("p99=2ms")).hasMessageContaining("cannot read threshold");
    }
}
