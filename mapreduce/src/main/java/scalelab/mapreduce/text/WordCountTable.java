package scalelab.mapreduce.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts words straight from UTF-8 text, with exactly the rules of {@link Tokenizer}: the mapper's combiner and
 * the single-machine baseline. Not thread-safe: one table per thread.
 *
 * <p>The fast path makes no object per token. It looks 8 bytes at a time for the end of a token (a byte at or
 * below 0x20, or at or above 0x80); a token of printable ASCII is trimmed at both ends, lower-cased (A-Z only)
 * 8 bytes at a time and, if it is at most 16 bytes long (nearly every word), looked up with its bytes held in
 * two longs in an open-addressing table that keeps short words inline (one slot: hash and length, the two
 * blocks of bytes, the count), so a hit touches one place in memory. Longer words live in a byte arena. A
 * token with any byte >= 0x80 takes the slow path: it is decoded and handed to {@link Tokenizer} (it may hold
 * Unicode white space that splits it, dashes to trim, letters to lower-case), and the words are added as UTF-8
 * bytes. No multi-byte UTF-8 character contains a byte below 0x80, so ASCII white space ({@link
 * Tokenizer#isAsciiWhitespace}) is always a token boundary. Control characters that are not white space
 * (0x00-0x08, 0x0E-0x1B) are part of a token, as in the reference.
 */
public final class WordCountTable {
    private static final byte OTHER = 0;
    private static final byte WHITESPACE = 1;
    private static final byte TRIMMED = 2;
    private static final byte NON_ASCII = 3;
    /** The class of each byte value. */
    private static final byte[] CLASS = new byte[256];
    /** Each byte value lower-cased (A-Z to a-z, every other byte as is). */
    private static final byte[] LOWER = new byte[256];
    /** MASK[n]: the low n bytes of a long. */
    private static final long[] MASK = new long[9];

    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH = 0x8080808080808080L;

    static {
        for (int b = 0; b < 256; b++) {
            LOWER[b] = (byte) (b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
            if (b >= 0x80) CLASS[b] = NON_ASCII;
            else if (Tokenizer.isWhitespace(b)) CLASS[b] = WHITESPACE;
            else if (Tokenizer.isTrimmed(b)) CLASS[b] = TRIMMED;
            else CLASS[b] = OTHER;
        }
        for (int n = 0; n < 8; n++) MASK[n] = (1L << (8 * n)) - 1;
        MASK[8] = -1L;
    }

    private static final int INITIAL_SLOTS = 1024;
    private static final int SLOT_LONGS = 4;

    /**
     * The slots, 4 longs each: the key ({@code hash << 32 | length}; 0: the slot is free), the word's first 8
     * bytes (little-endian, zero-padded), its next 8 bytes (words of at most 16 bytes) or its offset in the
     * arena (longer words), and the count. At most half the slots are used.
     */
    private long[] slots = new long[SLOT_LONGS * INITIAL_SLOTS];

    private int slotMask = INITIAL_SLOTS - 1;
    private int slotShift = 32 - Integer.numberOfTrailingZeros(INITIAL_SLOTS);
    private int size;
    /** The words longer than 16 bytes, one after another. */
    private byte[] arena = new byte[0];

    private int arenaUsed;
    private long totalWords;
    /** A long token, lower-cased. */
    private byte[] scratch = new byte[64];
    /** A short word's bytes, for {@link #forEachBytes}. */
    private final byte[] shortWord = new byte[16];

    /**
     * Counts every word of {@code utf8[from, to)}. The range must begin and end at a token boundary (white
     * space, or the ends of the input): the splitter's chunks do.
     */
    public void countText(byte[] utf8, int from, int to) {
        Objects.checkFromToIndex(from, to, utf8.length);
        final byte[] cls = CLASS;
        int i = from;
        while (i < to) {
            int first = utf8[i] & 0xFF;
            if (cls[first] == WHITESPACE) {
                i++;
                continue;
            }
            // The token's end: the first byte <= 0x20 or >= 0x80, 8 bytes at a time.
            int j = i;
            while (true) {
                long w;
                if (j + 8 <= to) {
                    w = (long) WordHash.LONGS.get(utf8, j);
                } else if (j < to) {
                    w = WordHash.tail(utf8, j, to) | (0x2020202020202020L << (8 * (to - j)));
                } else {
                    break;
                }
                long stop = (w | ~((w & LOW7) + 0x5F5F5F5F5F5F5F5FL)) & HIGH;
                if (stop != 0) {
                    j += Long.numberOfTrailingZeros(stop) >>> 3;
                    break;
                }
                j += 8;
            }
            if (j < to && cls[utf8[j] & 0xFF] != WHITESPACE) {
                // A non-ASCII byte, or a control character that is not white space: the general paths.
                i = cls[utf8[j] & 0xFF] == NON_ASCII ? nonAsciiToken(utf8, i, to) : asciiToken(utf8, i, to);
                continue;
            }
            // utf8[i, j) is printable ASCII (0x21-0x7F): trim, lower-case, count.
            int s = i;
            int e = j;
            i = j;
            while (s < e && cls[utf8[s] & 0xFF] == TRIMMED) s++;
            while (e > s && cls[utf8[e - 1] & 0xFF] == TRIMMED) e--;
            int len = e - s;
            if (len == 0) continue;
            if (len <= 16) {
                long w0 = lowerCase(load(utf8, s, Math.min(len, 8)));
                long w1 = len > 8 ? lowerCase(load(utf8, s + 8, len - 8)) : 0;
                addShort(w0, w1, len, WordHash.ofShort(w0, w1, len), 1);
            } else {
                byte[] word = lowerCase(utf8, s, len);
                addLong(word, 0, len, WordHash.of(word, 0, len), 1);
            }
        }
    }

    /** {@code n} (1 to 8) bytes at {@code at}, little-endian, zero-padded. */
    private static long load(byte[] utf8, int at, int n) {
        return at + 8 <= utf8.length ? (long) WordHash.LONGS.get(utf8, at) & MASK[n] : WordHash.tail(utf8, at, at + n);
    }

    /** Eight ASCII bytes (each < 0x80) with A-Z lower-cased. */
    private static long lowerCase(long w) {
        long upper = (w + 0x3F3F3F3F3F3F3F3FL) & ~(w + 0x2525252525252525L) & HIGH; // 0x41 <= byte <= 0x5A
        return w | (upper >>> 2);
    }

    /** {@code utf8[from, from + len)} with A-Z lower-cased, in the scratch buffer. */
    private byte[] lowerCase(byte[] utf8, int from, int len) {
        if (scratch.length < len) scratch = new byte[Math.max(len, scratch.length * 2)];
        byte[] s = scratch;
        for (int k = 0; k < len; k++) s[k] = LOWER[utf8[from + k] & 0xFF];
        return s;
    }

    /** Counts the ASCII token that starts at {@code start} (a slower, byte-at-a-time path); returns its end. */
    private int asciiToken(byte[] utf8, int start, int to) {
        int end = start;
        while (end < to && CLASS[utf8[end] & 0xFF] != WHITESPACE) {
            if (CLASS[utf8[end] & 0xFF] == NON_ASCII) return nonAsciiToken(utf8, start, to);
            end++;
        }
        int s = start;
        int e = end;
        while (s < e && CLASS[utf8[s] & 0xFF] == TRIMMED) s++;
        while (e > s && CLASS[utf8[e - 1] & 0xFF] == TRIMMED) e--;
        if (e > s) {
            byte[] word = lowerCase(utf8, s, e - s);
            add(word, 0, e - s, 1);
        }
        return end;
    }

    /**
     * Counts the token that starts at {@code start} and holds a non-ASCII byte, making no object when that is
     * safe: every non-ASCII character is valid UTF-8, not white space and already lower case (so the words are
     * the token's bytes, trimmed, with A-Z lower-cased). Else {@link #slowToken}. Returns where the token ends.
     */
    private int nonAsciiToken(byte[] utf8, int start, int to) {
        int end = start;
        while (end < to) {
            int b = utf8[end] & 0xFF;
            if (b < 0x80) {
                if (CLASS[b] == WHITESPACE) break;
                end++;
                continue;
            }
            int n = sequenceLength(utf8, end, to);
            if (n == 0) return slowToken(utf8, start, to); // invalid UTF-8: decoded with replacement there
            int cp = codePoint(utf8, end, n);
            if (Tokenizer.isWhitespace(cp) || Character.toLowerCase(cp) != cp) return slowToken(utf8, start, to);
            end += n;
        }
        int s = start;
        int e = end;
        while (s < e) {
            int n = utf8[s] >= 0 ? 1 : sequenceLength(utf8, s, e);
            if (!Tokenizer.isTrimmed(codePoint(utf8, s, n))) break;
            s += n;
        }
        while (e > s) {
            int k = e - 1;
            while (k > s && (utf8[k] & 0xC0) == 0x80) k--; // back to the character's first byte
            if (!Tokenizer.isTrimmed(codePoint(utf8, k, e - k))) break;
            e = k;
        }
        if (e > s) {
            byte[] word = lowerCase(utf8, s, e - s);
            add(word, 0, e - s, 1);
        }
        return end;
    }

    /** The length of the valid UTF-8 sequence of 2 to 4 bytes at {@code at} (before {@code to}); 0 if invalid. */
    private static int sequenceLength(byte[] utf8, int at, int to) {
        int b = utf8[at] & 0xFF;
        int n;
        int min2 = 0x80; // the second byte's range: shortened for overlong forms, surrogates, > U+10FFFF
        int max2 = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            n = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 3;
            if (b == 0xE0) min2 = 0xA0;
            if (b == 0xED) max2 = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4;
            if (b == 0xF0) min2 = 0x90;
            if (b == 0xF4) max2 = 0x8F;
        } else {
            return 0;
        }
        if (at + n > to) return 0;
        int second = utf8[at + 1] & 0xFF;
        if (second < min2 || second > max2) return 0;
        for (int k = 2; k < n; k++) {
            if ((utf8[at + k] & 0xC0) != 0x80) return 0;
        }
        return n;
    }

    /** The code point of the valid sequence of {@code n} bytes (1 to 4) at {@code at}. */
    private static int codePoint(byte[] utf8, int at, int n) {
        int cp = n == 1 ? utf8[at] : utf8[at] & (0x7F >> n);
        for (int k = 1; k < n; k++) cp = (cp << 6) | (utf8[at + k] & 0x3F);
        return cp;
    }

    /** Counts the token that starts at {@code start} and holds a non-ASCII byte; returns where it ends. */
    private int slowToken(byte[] utf8, int start, int to) {
        int end = start;
        while (end < to && CLASS[utf8[end] & 0xFF] != WHITESPACE) end++;
        Tokenizer.forEachWord(new String(utf8, start, end - start, StandardCharsets.UTF_8), word -> add(word, 1));
        return end;
    }

    /** Adds {@code n} occurrences of an already tokenised word (a partial's entry, when merging). */
    public void add(String word, long n) {
        byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
        add(utf8, 0, utf8.length, n);
    }

    /**
     * Adds {@code n} occurrences of an already tokenised word given as UTF-8 bytes {@code utf8[off, off + len)}
     * (copied; a partial's entry, when merging).
     *
     * @throws IllegalArgumentException if the word is empty
     */
    public void add(byte[] utf8, int off, int len, long n) {
        Objects.checkFromIndexSize(off, len, utf8.length);
        if (len == 0) throw new IllegalArgumentException("a word cannot be empty");
        int hash = WordHash.of(utf8, off, len);
        if (len <= 16) {
            long w0 = load(utf8, off, Math.min(len, 8));
            long w1 = len > 8 ? load(utf8, off + 8, len - 8) : 0;
            addShort(w0, w1, len, hash, n);
        } else {
            addLong(utf8, off, len, hash, n);
        }
    }

    private int firstSlot(int hash) {
        return (hash * 0x9E3779B9) >>> slotShift; // not the low bits: a reducer's words share them (hash mod R)
    }

    private void addShort(long w0, long w1, int len, int hash, long n) {
        totalWords += n;
        long key = ((long) hash << 32) | len;
        long[] t = slots;
        int mask = slotMask;
        for (int slot = firstSlot(hash); ; slot = (slot + 1) & mask) {
            int p = slot * SLOT_LONGS;
            long k = t[p];
            if (k == key && t[p + 1] == w0 && t[p + 2] == w1) {
                t[p + 3] += n;
                return;
            }
            if (k == 0) {
                t[p] = key;
                t[p + 1] = w0;
                t[p + 2] = w1;
                t[p + 3] = n;
                if (++size * 2 > mask + 1) rehash();
                return;
            }
        }
    }

    private void addLong(byte[] word, int off, int len, int hash, long n) {
        totalWords += n;
        long key = ((long) hash << 32) | len;
        long w0 = (long) WordHash.LONGS.get(word, off);
        long[] t = slots;
        int mask = slotMask;
        for (int slot = firstSlot(hash); ; slot = (slot + 1) & mask) {
            int p = slot * SLOT_LONGS;
            long k = t[p];
            if (k == key && t[p + 1] == w0) {
                int at = (int) t[p + 2];
                if (Arrays.equals(arena, at, at + len, word, off, off + len)) {
                    t[p + 3] += n;
                    return;
                }
            }
            if (k == 0) {
                t[p] = key;
                t[p + 1] = w0;
                t[p + 2] = append(word, off, len);
                t[p + 3] = n;
                if (++size * 2 > mask + 1) rehash();
                return;
            }
        }
    }

    private int append(byte[] word, int off, int len) {
        if (arena.length - arenaUsed < len) {
            long capacity = Math.max((long) arenaUsed + len, Math.max(4096, (long) arena.length * 2));
            if (capacity > Integer.MAX_VALUE - 16) {
                if ((long) arenaUsed + len > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("more than 2 GB of distinct long words");
                }
                capacity = Integer.MAX_VALUE - 16;
            }
            arena = Arrays.copyOf(arena, (int) capacity);
        }
        System.arraycopy(word, off, arena, arenaUsed, len);
        int at = arenaUsed;
        arenaUsed += len;
        return at;
    }

    private void rehash() {
        long[] old = slots;
        int slotCount = (slotMask + 1) * 2;
        slots = new long[SLOT_LONGS * slotCount];
        slotMask = slotCount - 1;
        slotShift--;
        for (int p = 0; p < old.length; p += SLOT_LONGS) {
            if (old[p] == 0) continue;
            int slot = firstSlot((int) (old[p] >>> 32));
            while (slots[slot * SLOT_LONGS] != 0) slot = (slot + 1) & slotMask;
            System.arraycopy(old, p, slots, slot * SLOT_LONGS, SLOT_LONGS);
        }
    }

    /** How many times {@code word} (already tokenised) was counted; 0 if never. A scan of the table: for tests. */
    public long count(String word) {
        long[] found = {0};
        byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
        forEachBytes((bytes, off, len, n) -> {
            if (Arrays.equals(bytes, off, off + len, utf8, 0, utf8.length)) found[0] = n;
        });
        return found[0];
    }

    public long totalWords() {
        return totalWords;
    }

    public int uniqueWords() {
        return size;
    }

    /** Hands every word and its count to {@code sink}, in no particular order. */
    public void forEach(WordSink sink) {
        forEachBytes((utf8, off, len, n) -> sink.accept(new String(utf8, off, len, StandardCharsets.UTF_8), n));
    }

    /**
     * Hands every word, as UTF-8 bytes, and its count to {@code sink}, in no particular order, making no object
     * per word. The bytes are the table's own: valid only during the call, not to be changed.
     */
    public void forEachBytes(ByteSink sink) {
        long[] t = slots;
        for (int p = 0; p < t.length; p += SLOT_LONGS) {
            long key = t[p];
            if (key == 0) continue;
            int len = (int) key;
            if (len <= 16) {
                WordHash.LONGS.set(shortWord, 0, t[p + 1]);
                WordHash.LONGS.set(shortWord, 8, t[p + 2]);
                sink.accept(shortWord, 0, len, t[p + 3]);
            } else {
                sink.accept(arena, (int) t[p + 2], len, t[p + 3]);
            }
        }
    }

    public WordCounts toWordCounts() {
        Map<String, Long> map = HashMap.newHashMap(size);
        forEach(map::put);
        return WordCounts.adopt(map);
    }

    /** A word and how many times it was counted. */
    @FunctionalInterface
    public interface WordSink {
        void accept(String word, long count);
    }

    /**
     * A word as UTF-8 bytes {@code utf8[off, off + len)} (its partition: {@code WordHash.of(utf8, off, len)}) and
     * how many times it was counted. The array is only valid during the call.
     */
    @FunctionalInterface
    public interface ByteSink {
        void accept(byte[] utf8, int off, int len, long count);
    }
}
