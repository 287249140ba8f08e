package scalelab.mapreduce.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.mapreduce.text.WordCounts;

/** The corpus is deterministic, exactly sized, valid UTF-8, Zipf-shaped and as tricky as real text. */
class CorpusGeneratorTest {
    @TempDir
    Path dir;

    private byte[] generate(long bytes, long seed) throws IOException {
        Path output = dir.resolve("corpus-" + bytes + "-" + seed + ".txt");
        CorpusGenerator.generate(bytes, seed, output);
        return Files.readAllBytes(output);
    }

    private static String decodeStrictly(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    @Test
    void theSameSizeAndSeedGiveTheSameBytes() throws IOException {
        assertThat(generate(300_000, 42)).isEqualTo(generate(300_000, 42));
        assertThat(generate(300_000, 42)).isNotEqualTo(generate(300_000, 43));
    }

    @Test
    void theSizeIsExactAndTheTextEndsAtWhiteSpace() throws IOException {
        for (long size : new long[] {0, 1, 2, 50, 199, 1000, 123_457}) {
            byte[] bytes = generate(size, 1);
            assertThat(bytes).hasSize((int) size);
            if (size > 0) assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
        }
    }

    @Test
    void theTextIsValidUtf8WithNonAsciiWordsDashesAndPunctuation() throws IOException {
        String text = decodeStrictly(generate(2_000_000, 42));
        assertThat(text).contains("\u2014", "\u2013", "--", ", ", ". ", "\"", "(", "?", "\n\n");
        WordCounts counts = WordCounts.ofText(text);
        assertThat(counts.counts().keySet())
                .anySatisfy(word -> assertThat(word).matches(".*[^\\x00-\\x7F].*"))
                .anySatisfy(word -> assertThat(word).contains("'"))
                .anySatisfy(word -> assertThat(word).contains("-"));
        assertThat(text.lines().limit(1000))
                .allSatisfy(line -> assertThat(line.length()).isLessThan(400));
        assertThat(text).containsPattern("\\. [A-Z]"); // sentences start with a capital
    }

    @Test
    void wordFrequenciesFollowZipf() throws IOException {
        WordCounts counts = WordCounts.ofText(new String(generate(2_000_000, 42), StandardCharsets.UTF_8));
        List<WordCounts.WordCount> top = counts.top(100);
        assertThat(top.get(0).word()).isEqualTo("the");
        assertThat(top.subList(0, 5)).extracting(WordCounts.WordCount::word).contains("and", "of");
        assertThat(top.get(0).count()).isGreaterThan(30 * top.get(99).count());
        assertThat(counts.uniqueWords()).isGreaterThan(10_000);
    }

    @Test
    void sizesParseInDecimalUnits() {
        assertThat(CorpusGenerator.parseSize("100MB")).isEqualTo(100_000_000L);
        assertThat(CorpusGenerator.parseSize("10mb")).isEqualTo(10_000_000L);
        assertThat(CorpusGenerator.parseSize("1GB")).isEqualTo(1_000_000_000L);
        assertThat(CorpusGenerator.parseSize("512KB")).isEqualTo(512_000L);
        assertThat(CorpusGenerator.parseSize("512kB")).isEqualTo(512_000L);
        assertThat(CorpusGenerator.parseSize("4096")).isEqualTo(4096L);
        assertThat(CorpusGenerator.parseSize("4096B")).isEqualTo(4096L);
        assertThat(CorpusGenerator.parseSize(" 2 MB ")).isEqualTo(2_000_000L);
        for (String bad : new String[] {"", "MB", "1.5MB", "-1MB", "10TB", "ten", "99999999999999999999"}) {
            assertThatThrownBy(() -> CorpusGenerator.parseSize(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> CorpusGenerator.parseSize(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThatThrownBy(() -> CorpusGenerator.generate(-1, 1, dir.resolve("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
