package scalelab.mapreduce.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a deterministic synthetic corpus: words drawn from a Zipf-distributed vocabulary, with punctuation,
 * dashes, apostrophes, some non-ASCII words and line breaks. The same size and seed give the same bytes.
 *
 * <p>The vocabulary ({@link Vocabulary}, {@value Vocabulary#DEFAULT_SIZE} words) puts a few hundred common
 * English words at the head of the ranks, so "the" and "and" dominate as in real text, then pronounceable
 * synthetic words, some with an inner apostrophe or hyphen, about 1% with non-ASCII letters. Word ranks follow
 * Zipf's law with exponent {@value #ZIPF_EXPONENT}, sampled in constant time (Walker's alias method). Words are
 * capitalised at sentence starts, followed by punctuation now and then, sometimes quoted or in parentheses,
 * sometimes joined by an em or en dash; lines break every 8-15 words, with a blank line between paragraphs.
 * The random numbers come from SplitMix64, written here, so the bytes do not depend on the JDK.
 */
public final class CorpusGenerator {
    /** The exponent of the Zipf distribution of word ranks. */
    public static final double ZIPF_EXPONENT = 1.05;

    /** The most bytes one word with its punctuation and separator can take. */
    private static final int MAX_PIECE_BYTES = Vocabulary.MAX_WORD_BYTES + 16;

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]?B)?");

    private CorpusGenerator() {}

    /** Writes exactly {@code bytes} bytes of UTF-8 text (ending at white space) to {@code output}. */
    public static void generate(long bytes, long seed, Path output) throws IOException {
        if (bytes < 0) throw new IllegalArgumentException("the size must be >= 0 bytes but was " + bytes);
        try (OutputStream out = Files.newOutputStream(output)) {
            new Writer(new Vocabulary(seed), seed, out).write(bytes);
        }
    }

    /** Parses a size: {@code 100MB}, {@code 10MB}, {@code 1GB}, {@code 512KB}, {@code 4096} (bytes); MB = 10^6. */
    public static long parseSize(String size) {
        Matcher m = size == null ? null : SIZE.matcher(size.strip().toUpperCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("the size must be a whole number of bytes, optionally followed by KB, MB"
                    + " or GB (10^3, 10^6, 10^9 bytes), e.g. 100MB, but was \"" + size + "\"");
        }
        long unit = switch (m.group(2) == null ? "" : m.group(2)) {
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("the size \"" + size + "\" is too large", e);
        }
    }

    /** Writes the text: one piece (a word with what surrounds it) at a time into a buffer. */
    private static final class Writer {
        private static final byte[] EM_DASH = "\u2014".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        private static final byte[] EN_DASH = "\u2013".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        private final Vocabulary vocabulary;
        private final SplitMix64 random;
        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 20];
        private int used;
        private boolean sentenceStart = true;
        private int wordsLeftOnLine;
        private int openQuoteWords; // > 0: inside a quotation (or parenthesis) that closes after this many words
        private byte closing;

        Writer(Vocabulary vocabulary, long seed, OutputStream out) {
            this.vocabulary = vocabulary;
            this.random = new SplitMix64(seed ^ 0x5DEECE66DL);
            this.out = out;
            this.wordsLeftOnLine = 8 + random.nextInt(8);
        }

        void write(long bytes) throws IOException {
            long left = bytes;
            while (left > MAX_PIECE_BYTES) {
                if (buffer.length - used < MAX_PIECE_BYTES) flush();
                int before = used;
                piece();
                left -= used - before;
            }
            // The tail: spaces, then a newline, so the text ends at white space and exactly at the size.
            while (left > 0) {
                if (used == buffer.length) flush();
                buffer[used++] = (byte) (left == 1 ? '\n' : ' ');
                left--;
            }
            flush();
        }

        /** One word, with an opening quote, punctuation and a separator (white space or a dash) as they fall. */
        private void piece() {
            long r = random.nextLong(); // one draw, its bits used for the small decisions below
            int quote = (int) (r & 0x3FF); // 10 bits
            int punct = (int) ((r >>> 10) & 0x3FF);
            int sep = (int) ((r >>> 20) & 0x3FF);
            if (openQuoteWords == 0 && quote < 8) {
                byte open = quote < 5 ? (byte) '"' : quote < 7 ? (byte) '(' : (byte) '\'';
                closing = open == '(' ? (byte) ')' : open;
                openQuoteWords = 1 + (int) ((r >>> 30) & 7);
                buffer[used++] = open;
            }
            int rank = vocabulary.sample(random);
            byte[] word = sentenceStart ? vocabulary.capitalised(rank) : vocabulary.word(rank);
            System.arraycopy(word, 0, buffer, used, word.length);
            used += word.length;
            sentenceStart = false;
            if (openQuoteWords > 0 && --openQuoteWords == 0) {
                if (punct < 40) punct = 1023; // punctuation inside the quotation: "like this."
                else buffer[used++] = closing;
            }
            if (punct < 60) buffer[used++] = ',';
            else if (punct < 100) {
                buffer[used++] = '.';
                sentenceStart = true;
            } else if (punct < 104) buffer[used++] = ';';
            else if (punct < 108) buffer[used++] = ':';
            else if (punct < 112) {
                buffer[used++] = '!';
                sentenceStart = true;
            } else if (punct < 118) {
                buffer[used++] = '?';
                sentenceStart = true;
            } else if (punct == 1023) {
                buffer[used++] = '.';
                buffer[used++] = closing;
                sentenceStart = true;
            }
            if (openQuoteWords == 0 && punct >= 118 && punct < 1023 && sep < 12) {
                // Words joined by a dash, not by white space: "word—word", "word -- word", "word – word".
                if (sep < 5) put(EM_DASH);
                else if (sep < 8) {
                    buffer[used++] = ' ';
                    put(EM_DASH);
                    buffer[used++] = ' ';
                } else if (sep < 10) {
                    buffer[used++] = ' ';
                    put(EN_DASH);
                    buffer[used++] = ' ';
                } else {
                    buffer[used++] = '-';
                    buffer[used++] = '-';
                }
            } else if (--wordsLeftOnLine == 0) {
                buffer[used++] = '\n';
                if (sentenceStart && sep >= 600) buffer[used++] = '\n'; // a paragraph ends
                wordsLeftOnLine = 8 + (int) ((r >>> 40) & 7);
            } else {
                buffer[used++] = ' ';
            }
        }

        private void put(byte[] bytes) {
            System.arraycopy(bytes, 0, buffer, used, bytes.length);
            used += bytes.length;
        }

        private void flush() throws IOException {
            out.write(buffer, 0, used);
            used = 0;
        }
    }
}
