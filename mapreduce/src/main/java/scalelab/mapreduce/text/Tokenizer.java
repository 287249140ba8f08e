package scalelab.mapreduce.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The tokenising rules of the word count (API.md, "MapReduce word count"), written for clarity: this is the
 * reference every faster counter is tested against.
 *
 * <ol>
 *   <li>split on white space: a code point is white space if {@link Character#isWhitespace} or {@link
 *       Character#isSpaceChar} says so (so the no-break spaces U+00A0, U+2007 and U+202F split too), or it is
 *       NEXT LINE (U+0085) — the same set as Python's {@code str.split()};
 *   <li>trim from both ends of each token every character of {@link #isTrimmed the trim set};
 *   <li>drop empty tokens;
 *   <li>lower-case what is left, locale-independently ({@link Locale#ROOT}). Inner characters stay: {@code
 *       don't} and {@code well-known} are one word each.
 * </ol>
 */
public final class Tokenizer {
    private Tokenizer() {}

    /** Whether the code point separates tokens. */
    public static boolean isWhitespace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || codePoint == 0x85;
    }

    /**
     * Whether a byte of UTF-8 text is ASCII white space (0x09-0x0D, 0x1C-0x1F, 0x20: the code points below 0x80
     * that {@link #isWhitespace} accepts). Such a byte always ends a token: no multi-byte UTF-8 character
     * contains a byte below 0x80. Non-ASCII white space (U+00A0, U+0085, U+2000...) is never a single byte.
     */
    public static boolean isAsciiWhitespace(byte b) {
        return b == ' ' || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F);
    }

    /**
     * Whether the code point is trimmed from both ends of a token: {@code . , ! ? ; : \ " ' ( ) [ ] { }}, em
     * dash (U+2014), en dash (U+2013) and hyphen-minus.
     */
    public static boolean isTrimmed(int codePoint) {
        return switch (codePoint) {
            case '.', ',', '!', '?', ';', ':', '\\', '"', '\'', '(', ')', '[', ']', '{', '}', '\u2014', '\u2013', '-' ->
                true;
            default -> false;
        };
    }

    /** Every word of the text, in order. */
    public static List<String> words(CharSequence text) {
        List<String> words = new ArrayList<>();
        forEachWord(text, words::add);
        return words;
    }

    /** Hands every word of the text, in order, to {@code sink}. */
    public static void forEachWord(CharSequence text, Consumer<String> sink) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            while (i < length && isWhitespace(Character.codePointAt(text, i))) {
                i += Character.charCount(Character.codePointAt(text, i));
            }
            int start = i;
            while (i < length && !isWhitespace(Character.codePointAt(text, i))) {
                i += Character.charCount(Character.codePointAt(text, i));
            }
            String word = word(text, start, i);
            if (word != null) sink.accept(word);
        }
    }

    /** The word in {@code text[start, end)}, a token with no white space, or null when trimming leaves nothing. */
    public static String word(CharSequence text, int start, int end) {
        while (start < end && isTrimmed(Character.codePointAt(text, start))) {
            start += Character.charCount(Character.codePointAt(text, start));
        }
        while (end > start && isTrimmed(Character.codePointBefore(text, end))) {
            end -= Character.charCount(Character.codePointBefore(text, end));
        }
        return start == end ? null : text.subSequence(start, end).toString().toLowerCase(Locale.ROOT);
    }
}
