package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import scalelab.core.json.Json;
import scalelab.mapreduce.engine.JobSpec;
import scalelab.mapreduce.text.WordCounts;

/**
 * {@code scalelab mapreduce run|single|generate|coordinator|mapper|reducer}: help, outputs, usage errors (exit 2,
 * one line).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MapReduceCommandTest {
    private static final String TEXT = "To be, or not to be: that is the question.\n"
            + "Whether 'tis nobler in the mind to suffer — the slings and arrows\n"
            + "Don't well-known café CAFÉ naïve -- ... \"quoted\" (paren)\n";

    @TempDir
    Path dir;

    private Path input() throws Exception {
        return Files.writeString(dir.resolve("in.txt"), TEXT.repeat(200), StandardCharsets.UTF_8);
    }

    @Test
    void everyMapReduceCommandExplainsItself() {
        CliTest.Run top = CliTest.run("mapreduce", "--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("Usage: scalelab mapreduce", "run", "single", "generate", "coordinator");
        for (String command : List.of("run", "single", "generate", "coordinator", "mapper", "reducer")) {
            CliTest.Run run = CliTest.run("mapreduce", command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).contains("Usage: scalelab mapreduce " + command, "Example:");
            assertThat(run.out().lines().filter(line -> !line.startsWith(" ")).filter(line -> line.length() > 80))
                    .as("description lines longer than 80 columns in " + command)
                    .isEmpty();
        }
        assertThat(CliTest.run("mapreduce", "run", "--help").out().replaceAll("\\s+", " "))
                .contains("--input=FILE", "--output=FILE", "--mappers=M", "--reducers=R", "--chunks=N", "--broker=URL");
        assertThat(CliTest.run("mapreduce", "coordinator", "--help").out().replaceAll("\\s+", " "))
                .contains("--port", "--broker=URL", "--task-timeout=DURATION", "default: 60s", "--mappers=N");
        assertThat(CliTest.run("--help").out()).contains("mapreduce");
    }

    @Test
    void everyMapReduceCommandsSummaryInTheListingIsAWholeSentence() {
        Map<String, String> mapreduce =
                commandSummaries(CliTest.run("mapreduce", "--help").out());
        assertThat(mapreduce.keySet())
                .containsExactlyInAnyOrder("run", "single", "generate", "coordinator", "mapper", "reducer");
        assertThat(commandSummaries(CliTest.run("experiment", "--help").out())).containsKey("mapreduce");
        var summaries = new java.util.LinkedHashMap<>(mapreduce);
        summaries.put(
                "experiment mapreduce",
                commandSummaries(CliTest.run("experiment", "--help").out()).get("mapreduce"));
        summaries.forEach((command, summary) ->
                assertThat(summary).as(command).endsWith(".").doesNotEndWith(",."));
        assertThat(mapreduce.get("generate"))
                .isEqualTo("Write a deterministic synthetic corpus of Zipf-distributed" + " words.");
    }

    /** The summaries of a help's "Commands:" listing by command name (a wrapped summary joined into one line). */
    private static Map<String, String> commandSummaries(String help) {
        var summaries = new java.util.LinkedHashMap<String, String>();
        boolean inCommands = false;
        String current = null;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) {
                inCommands = true;
                continue;
            }
            if (!inCommands) continue;
            if (line.isBlank() || !line.startsWith(" ")) break;
            var entry = java.util.regex.Pattern.compile("^  (\\S+)\\s+(.*)$").matcher(line);
            if (entry.matches()) {
                current = entry.group(1);
                summaries.put(current, entry.group(2).strip());
            } else if (current != null) {
                summaries.merge(current, line.strip(), (a, b) -> a + " " + b);
            }
        }
        return summaries;
    }

    @Test
    void runRefusesChunksAndReducersBeyondTheEnginesBoundsAsAUsageErrorOnOneLine() throws Exception {
        Path in = input();
        String out = dir.resolve("out.json").toString();
        var cases = Map.of(
                "--reducers", String.valueOf(JobSpec.MAX_REDUCERS + 1),
                "--chunks", String.valueOf(JobSpec.MAX_CHUNKS + 1));
        cases.forEach((option, value) -> {
            CliTest.Run run = CliTest.run("mapreduce", "run", "--input", in.toString(), "--output", out, option, value);
            assertThat(run.exitCode()).as(option).isEqualTo(2);
            assertThat(run.err())
                    .as(option)
                    .startsWith("scalelab: " + option + " must be 1..")
                    .contains("but was " + value)
                    .doesNotContain("INFO", "\tat ");
            assertThat(run.err().lines().filter(l -> l.startsWith("scalelab:"))).hasSize(1);
        });
        assertThat(dir.resolve("out.json")).doesNotExist();
    }

    @Test
    void anInputThatIsNotARegularFileWithAKnownSizeIsAUsageErrorOnOneLine() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        String out = dir.resolve("out.json").toString();
        for (String command : List.of("run", "single")) {
            CliTest.Run directory = CliTest.run("mapreduce", command, "--input", sub.toString(), "--output", out);
            assertThat(directory.exitCode()).as(command).isEqualTo(2);
            assertThat(directory.err()).startsWith("scalelab: --input: " + sub + " is a directory, not a file");
            // /proc files say size 0 yet have content: they cannot be split by offset
            CliTest.Run proc = CliTest.run("mapreduce", command, "--input", "/proc/self/status", "--output", out);
            assertThat(proc.exitCode()).as(command).isEqualTo(2);
            assertThat(proc.err())
                    .startsWith("scalelab: --input: /proc/self/status reports size 0 but has content")
                    .doesNotContain("\tat ");
            assertThat(proc.err().lines().filter(l -> l.startsWith("scalelab:")))
                    .hasSize(1);
        }
        assertThat(dir.resolve("out.json")).doesNotExist();
    }

    @Test
    void singleRepeatsPrintsTheMedianByTheExperimentsRuleTheFasterMiddleCountForAnEvenNumber() throws Exception {
        Path in = input();
        Path out = dir.resolve("single.json");

        CliTest.Run run = CliTest.run(
                "mapreduce", "single", "--input", in.toString(), "--output", out.toString(), "--repeats", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        var rate = java.util.regex.Pattern.compile("count (\\d) of 2\\): .* ms: ([0-9.]+) MB/s");
        var rates = new java.util.HashMap<Integer, String>();
        run.out()
                .lines()
                .map(rate::matcher)
                .filter(java.util.regex.Matcher::find)
                .forEach(m -> rates.put(Integer.parseInt(m.group(1)), m.group(2)));
        assertThat(rates).hasSize(2);
        int faster = Double.parseDouble(rates.get(1)) >= Double.parseDouble(rates.get(2)) ? 1 : 2;
        assertThat(run.out()).contains("median of 2 counts: " + rates.get(faster) + " MB/s");
    }

    @Test
    void theCoordinatorNeedsAnExistingDataDirectoryAndExplainsIt() {
        assertThat(CliTest.run("mapreduce", "coordinator", "--help").out().replaceAll("\\s+", " "))
                .contains("--data-dir=DIR", "must be inside", "SCALELAB_MAPREDUCE_DATA_DIR");
        CliTest.Run run = CliTest.run(
                "mapreduce",
                "coordinator",
                "--port",
                "0",
                "--data-dir",
                dir.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("scalelab: --data-dir: no directory " + dir.resolve("nope"));
    }

    @Test
    void aMissingInputFileIsAUsageErrorOnOneLine() {
        for (String command : List.of("run", "single")) {
            CliTest.Run run = CliTest.run(
                    "mapreduce",
                    command,
                    "--input",
                    dir.resolve("missing.txt").toString(),
                    "--output",
                    dir.resolve("out.json").toString());
            assertThat(run.exitCode()).as(command).isEqualTo(2);
            assertThat(run.err())
                    .startsWith("scalelab: --input: no readable file at")
                    .doesNotContain("\tat ");
            assertThat(run.err().lines().filter(l -> l.startsWith("scalelab:"))).hasSize(1);
        }
    }

    @Test
    void missingRequiredOptionsAndBadValuesAreUsageErrors() throws Exception {
        Path in = input();
        String out = dir.resolve("out.json").toString();
        assertThat(CliTest.run("mapreduce", "run", "--output", out).exitCode()).isEqualTo(2);
        assertThat(CliTest.run("mapreduce", "run", "--input", in.toString(), "--output", out, "--mappers", "0")
                        .err())
                .contains("--mappers must be >= 1 but was 0");
        CliTest.Run timeout =
                CliTest.run("mapreduce", "run", "--input", in.toString(), "--output", out, "--task-timeout", "soon");
        assertThat(timeout.exitCode()).isEqualTo(2);
        assertThat(timeout.err()).startsWith("scalelab: --task-timeout:");
        CliTest.Run broker =
                CliTest.run("mapreduce", "run", "--input", in.toString(), "--output", out, "--broker", "kafka://x");
        assertThat(broker.exitCode()).isEqualTo(2);
        assertThat(broker.err()).contains("is not in-process or an amqp://host:port URL");
        CliTest.Run outputDir = CliTest.run(
                "mapreduce",
                "single",
                "--input",
                in.toString(),
                "--output",
                dir.resolve("no/such/dir/x.json").toString());
        assertThat(outputDir.exitCode()).isEqualTo(2);
        assertThat(outputDir.err()).contains("--output: no directory");
    }

    @Test
    void workerProcessesNeedASharedBroker() {
        for (String role : List.of("mapper", "reducer")) {
            CliTest.Run run = CliTest.run("mapreduce", role, "--broker", "in-process");
            assertThat(run.exitCode()).as(role).isEqualTo(2);
            assertThat(run.err()).contains("a " + role + " process needs --broker amqp://");
        }
        assertThat(CliTest.run(
                                "mapreduce",
                                "mapper",
                                "--broker",
                                "amqp://guest:guest@127.0.0.1:5672/",
                                "--concurrency",
                                "0")
                        .err())
                .contains("--concurrency must be >= 1 but was 0");
    }

    @Test
    void runWritesTheReferenceResultAndPrintsThePhases() throws Exception {
        Path in = input();
        Path out = dir.resolve("mr.json");

        CliTest.Run run = CliTest.run(
                "mapreduce",
                "run",
                "--input",
                in.toString(),
                "--mappers",
                "2",
                "--reducers",
                "3",
                "--output",
                out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("split", "map", "shuffle", "reduce", "total", "MB/s", "result written to");
        var result = Json.read(Files.readString(out), WordCounts.Result.class);
        assertThat(result.counts()).isEqualTo(WordCounts.ofText(Files.readString(in)));
    }

    @Test
    void singleWritesTheReferenceResultAndPrintsTheSpeed() throws Exception {
        Path in = input();
        Path out = dir.resolve("single.json");

        CliTest.Run run = CliTest.run("mapreduce", "single", "--input", in.toString(), "--output", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("MB/s");
        var result = Json.read(Files.readString(out), WordCounts.Result.class);
        assertThat(result.counts()).isEqualTo(WordCounts.ofText(Files.readString(in)));
    }

    @Test
    void generateWritesTheSizeAskedForAndSaysSo() throws Exception {
        Path out = dir.resolve("corpus.txt");

        CliTest.Run run =
                CliTest.run("mapreduce", "generate", "--size", "200KB", "--seed", "7", "--output", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.size(out)).isEqualTo(200_000);
        assertThat(run.out()).contains("wrote 200,000 bytes", "MB/s");
    }

    @Test
    void aBadSizeIsAUsageErrorOnOneLine() {
        CliTest.Run run = CliTest.run(
                "mapreduce",
                "generate",
                "--size",
                "lots",
                "--output",
                dir.resolve("x.txt").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("scalelab: --size:").doesNotContain("\tat ");
    }
}
