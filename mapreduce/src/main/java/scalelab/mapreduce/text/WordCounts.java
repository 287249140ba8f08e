package scalelab.mapreduce.text;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A finished word count: how many times each word occurs. Immutable; {@link #toResult()} gives the JSON result
 * of API.md.
 */
public final class WordCounts {
    private static final Comparator<Map.Entry<String, Long>> BY_COUNT_THEN_WORD =
            Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final Map<String, Long> counts;
    private final long totalWords;

    private WordCounts(Map<String, Long> counts) {
        this.counts = Collections.unmodifiableMap(counts);
        long total = 0;
        for (long n : counts.values()) total += n;
        this.totalWords = total;
    }

    /** The counts of a map of word to count (copied; counts must be positive). */
    public static WordCounts of(Map<String, Long> counts) {
        Map<String, Long> copy = new HashMap<>(Math.max(16, counts.size() * 4 / 3 + 1));
        counts.forEach((word, n) -> {
            if (n == null || n < 1) throw new IllegalArgumentException("the count of \"" + word + "\" is " + n);
            copy.put(word, n);
        });
        return new WordCounts(copy);
    }

    /** The counts of a map the caller hands over and no longer uses (not copied; counts must be positive). */
    static WordCounts adopt(Map<String, Long> counts) {
        return new WordCounts(counts);
    }

    /** The counts of the words of a text, tokenised by {@link Tokenizer} (the reference path). */
    public static WordCounts ofText(CharSequence text) {
        Map<String, Long> counts = new HashMap<>();
        Tokenizer.forEachWord(text, word -> counts.merge(word, 1L, Long::sum));
        return new WordCounts(counts);
    }

    /** The sum of several counts (disjoint or not). */
    public static WordCounts merge(List<WordCounts> parts) {
        Map<String, Long> sum = new HashMap<>();
        for (WordCounts part : parts) part.counts.forEach((word, n) -> sum.merge(word, n, Long::sum));
        return new WordCounts(sum);
    }

    /** Word to count (unmodifiable, unordered). */
    public Map<String, Long> counts() {
        return counts;
    }

    public long count(String word) {
        return counts.getOrDefault(word, 0L);
    }

    public long totalWords() {
        return totalWords;
    }

    public int uniqueWords() {
        return counts.size();
    }

    /** The {@code n} most frequent words, by count descending, ties by word ascending. */
    public List<WordCount> top(int n) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(BY_COUNT_THEN_WORD);
        List<WordCount> top = new ArrayList<>(Math.min(n, entries.size()));
        for (int i = 0; i < Math.min(n, entries.size()); i++) {
            top.add(new WordCount(entries.get(i).getKey(), entries.get(i).getValue()));
        }
        return top;
    }

    /** The result document of API.md; {@code final_count} is ordered by word, so results diff cleanly. */
    public Result toResult() {
        return new Result(new TreeMap<>(counts), totalWords, counts.size(), top(10));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WordCounts other && counts.equals(other.counts);
    }

    @Override
    public int hashCode() {
        return counts.hashCode();
    }

    @Override
    public String toString() {
        return "WordCounts[" + counts.size() + " words, " + totalWords + " in all]";
    }

    /** A word and its count, as in {@code top_10_words}. */
    public record WordCount(String word, long count) {}

    /** The JSON result: {@code {"final_count": {...}, "total_words": n, "unique_words": n, "top_10_words": [...]}}. */
    public record Result(
            @JsonProperty("final_count") Map<String, Long> finalCount,
            @JsonProperty("total_words") long totalWords,
            @JsonProperty("unique_words") long uniqueWords,
            @JsonProperty("top_10_words") List<WordCount> top10Words) {
        /** Back to counts (e.g. a result read from a file). */
        public WordCounts counts() {
            return WordCounts.of(finalCount == null ? Map.of() : new LinkedHashMap<>(finalCount));
        }
    }
}
