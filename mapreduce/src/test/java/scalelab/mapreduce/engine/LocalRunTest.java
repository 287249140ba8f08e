package scalelab.mapreduce.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import scalelab.core.messaging.InProcessBroker;
import scalelab.mapreduce.text.WordCounts;
import scalelab.testkit.SharedData;

/** A whole job in one JVM on the in-process broker gives exactly the reference counts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalRunTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static RunReport run(Path input, int mappers, int reducers, int chunks, int maxChunkBytes)
            throws InterruptedException {
        try (var broker = new InProcessBroker()) {
            return LocalRun.run(
                    broker,
                    input,
                    new RunOptions(mappers, reducers, chunks, maxChunkBytes, TIMEOUT),
                    TestPlanner::plan,
                    view -> {});
        }
    }

    @ParameterizedTest(name = "{0} mapper(s), {1} reducer(s)")
    @CsvSource({"1,1", "2,1", "4,1", "1,3", "2,3", "4,3"})
    void hamletCountsEqualTheReference(int mappers, int reducers) throws Exception {
        Path hamlet = SharedData.file("hamlet.txt");
        WordCounts expected = WordCounts.ofText(Files.readString(hamlet, StandardCharsets.UTF_8));

        RunReport report = run(hamlet, mappers, reducers, 2 * mappers + 1, 16 * 1024);

        assertThat(report.counts()).isEqualTo(expected);
        assertThat(report.inputBytes()).isEqualTo(Files.size(hamlet));
        assertThat(report.mapTasks()).isGreaterThanOrEqualTo((int) (Files.size(hamlet) / (16 * 1024)));
        assertThat(report.reduceTasks()).isEqualTo(reducers);
        assertThat(report.duplicatesIgnored()).isZero();
        assertThat(report.reissued()).isZero();
    }

    @ParameterizedTest(name = "{0} mapper(s), {1} reducer(s)")
    @CsvSource({"1,1", "2,3", "4,3"})
    void randomTextWithTrickyTokensCountsEqualTheReference(int mappers, int reducers) throws Exception {
        String text = TestTexts.random(42 + mappers * 7L + reducers, 400_000);
        Path input = TestTexts.write(dir, "random.txt", text);

        RunReport report = run(input, mappers, reducers, 5, 32 * 1024);

        assertThat(report.counts()).isEqualTo(WordCounts.ofText(text));
        assertThat(report.counts().count("don't")).isPositive();
        assertThat(report.counts().counts()).doesNotContainKey("").doesNotContainKey("--");
    }

    @Test
    void phasesAreMeasured() throws Exception {
        Path input = TestTexts.write(dir, "small.txt", TestTexts.random(1, 100_000));

        RunReport report = run(input, 2, 2, 4, 1 << 20);

        assertThat(report.phases().total()).isPositive();
        assertThat(report.phases().map()).isPositive();
        assertThat(report.phases().total())
                .isGreaterThanOrEqualTo(report.phases().map());
        assertThat(report.megabytesPerSecond()).isPositive();
    }

    @Test
    void anEmptyInputHasNoWords() throws Exception {
        Path input = Files.createFile(dir.resolve("empty.txt"));

        RunReport report = run(input, 2, 2, 4, 1 << 20);

        assertThat(report.counts()).isEqualTo(WordCounts.of(Map.of()));
        assertThat(report.mapTasks()).isZero();
    }

    @Test
    void punctuationOnlyHasNoWords() throws Exception {
        Path input = TestTexts.write(dir, "punct.txt", "-- — – ... ''' \"\" () [] {} ,;:!? \\\n");

        RunReport report = run(input, 1, 2, 2, 1 << 20);

        assertThat(report.counts().uniqueWords()).isZero();
    }
}
