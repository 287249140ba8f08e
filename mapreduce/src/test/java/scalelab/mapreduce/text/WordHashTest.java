package scalelab.mapreduce.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The word hash is a fixed function of the UTF-8 bytes: partitions agree across processes and releases. */
class WordHashTest {
    @Test
    void knownValuesNeverChange() {
        // Pinned: a change here re-partitions every word, and mixed versions would then double count.
        assertThat(WordHash.of("the")).isEqualTo(PINNED_THE);
        assertThat(WordHash.of("naïve")).isEqualTo(PINNED_NAIVE);
        assertThat(WordHash.of("a-word-longer-than-sixteen-bytes")).isEqualTo(PINNED_LONG);
    }

    @Test
    void stringAndBytesAgreeAtAnyOffset() {
        for (String word :
                new String[] {"a", "the", "exactly8", "nine9nine", "sixteen-16-bytes", "seventeen-17-bytes", "straße"
                }) {
            byte[] utf8 = ("xx" + word + "yy").getBytes(StandardCharsets.UTF_8);
            int len = word.getBytes(StandardCharsets.UTF_8).length;
            assertThat(WordHash.of(utf8, 2, len)).as(word).isEqualTo(WordHash.of(word));
        }
    }

    @Test
    void zeroPaddingDoesNotCollideWithRealZeroBytes() {
        assertThat(WordHash.of("a")).isNotEqualTo(WordHash.of("a\u0000"));
    }

    @Test
    void partitionsSpreadWordsEvenly() {
        int[] partitions = new int[4];
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < 40_000; i++) {
            int hash = WordHash.of("w" + i);
            hashes.add(hash);
            partitions[WordHash.partition(hash, 4)]++;
        }
        assertThat(hashes.size()).isGreaterThan(39_990);
        for (int n : partitions) assertThat(n).isBetween(9_500, 10_500);
    }

    private static final int PINNED_THE = 0x5FB9371C;
    private static final int PINNED_NAIVE = 0x95A62D70;
    private static final int PINNED_LONG = 0xCAE768C1;
}
