package scalelab.mapreduce.text;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts words straight from UTF-8 text, with the rules of {@link Tokenizer}: the mapper's combiner and the
 * single-machine baseline. Not thread-safe: one table per thread.
 *
 * <p>PLACEHOLDER (skeleton): decodes to a String and uses the reference tokenizer; to be replaced by a
 * table over byte slices that makes no String per ASCII token.
 */
public final class WordCountTable {
    private final Map<String, Long> counts = new HashMap<>();
    private long totalWords;

    /**
     * Counts every word of {@code utf8[from, to)}. The range must begin and end at a token boundary (white
     * space, or the ends of the input): the splitter's chunks do.
     */
    public void countText(byte[] utf8, int from, int to) {
        Tokenizer.forEachWord(new String(utf8, from, to - from, StandardCharsets.UTF_8), word -> add(word, 1));
    }

    /** Adds {@code n} occurrences of an already tokenised word (a partial's entry, when merging). */
    public void add(String word, long n) {
        counts.merge(word, n, Long::sum);
        totalWords += n;
    }

    public long totalWords() {
        return totalWords;
    }

    public int uniqueWords() {
        return counts.size();
    }

    /** Hands every word and its count to {@code sink}, in no particular order. */
    public void forEach(WordSink sink) {
        counts.forEach(sink::accept);
    }

    public WordCounts toWordCounts() {
        return WordCounts.of(counts);
    }

    /** A word and how many times it was counted. */
    @FunctionalInterface
    public interface WordSink {
        void accept(String word, long count);
    }
}
