package scalelab.mapreduce.single;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.mapreduce.text.WordCounts;
import scalelab.testkit.SharedData;

/** The streaming count equals the reference, whatever the buffer cuts. */
class SingleMachineCountTest {
    @TempDir
    Path dir;

    private static WordCounts reference(byte[] utf8) {
        return WordCounts.ofText(new String(utf8, StandardCharsets.UTF_8));
    }

    @Test
    void hamletCountsAsTheReference() throws IOException {
        Path hamlet = SharedData.file("hamlet.txt");
        byte[] bytes = Files.readAllBytes(hamlet);
        SingleMachineCount.Result result = SingleMachineCount.count(hamlet);
        assertThat(result.counts()).isEqualTo(reference(bytes));
        assertThat(result.bytes()).isEqualTo(bytes.length);
        assertThat(result.elapsed()).isPositive();
        assertThat(SingleMachineCount.count(bytes).counts()).isEqualTo(reference(bytes));
        assertThat(SingleMachineCount.count(hamlet, 7).counts()).isEqualTo(reference(bytes));
    }

    @Test
    void tokensCutAtTheBufferEndAreCarriedOver() throws IOException {
        String[] pieces = {
            "a",
            "Word",
            "naïve",
            "Émile",
            "—",
            "straße",
            " ",
            " ",
            "\n",
            "\u00A0",
            "\u3000",
            ",",
            "supercalifragilisticexpialidocious",
            "don't",
            "'"
        };
        for (long seed = 1; seed <= 100; seed++) {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(300);
            for (int i = 0; i < n; i++) text.append(pieces[random.nextInt(pieces.length)]);
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            Path input = Files.write(dir.resolve("text-" + seed), bytes);
            for (int buffer : new int[] {1, 7, 64}) {
                SingleMachineCount.Result result = SingleMachineCount.count(input, buffer);
                assertThat(result.counts())
                        .as("seed %d buffer %d", seed, buffer)
                        .isEqualTo(reference(bytes));
                assertThat(result.bytes()).isEqualTo(bytes.length);
            }
        }
    }

    @Test
    void anEmptyFileHasNoWords() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        SingleMachineCount.Result result = SingleMachineCount.count(empty);
        assertThat(result.counts().totalWords()).isZero();
        assertThat(result.counts().uniqueWords()).isZero();
        assertThat(result.bytes()).isZero();
        assertThat(SingleMachineCount.count(new byte[0]).counts().uniqueWords()).isZero();
    }
}
