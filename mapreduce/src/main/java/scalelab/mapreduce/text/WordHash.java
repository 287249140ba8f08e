package scalelab.mapreduce.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The stable hash of a word: the same value in every JVM, run and machine, so a word's partition ({@link
 * #partition}: {@code Math.floorMod(WordHash.of(word), partitions)}) is the same for every mapper. It is computed
 * over the word's UTF-8 bytes (never {@link String#hashCode}, which is over UTF-16 chars), 8 bytes at a time:
 *
 * <ol>
 *   <li>{@code h = length * 0x9E3779B97F4A7C15} (64-bit);
 *   <li>for each 8-byte block of the word, read little-endian (the last one zero-padded): {@code h ^= block; h
 *       *= 0xBF58476D1CE4E5B9; h ^= h >>> 31};
 *   <li>{@code h *= 0x94D049BB133111EB; h ^= h >>> 29}; the hash is the upper 32 bits of {@code h}.
 * </ol>
 *
 * The constants are SplitMix64's. Example: {@code of("the") == of(new byte[] {'t', 'h', 'e'}, 0, 3)}.
 */
public final class WordHash {
    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private WordHash() {}

    /** The hash of the word {@code utf8[off, off + len)}. */
    public static int of(byte[] utf8, int off, int len) {
        long h = start(len);
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) h = step(h, (long) LONGS.get(utf8, i));
        if (i < end) h = step(h, tail(utf8, i, end));
        return finish(h);
    }

    /** The hash of the word's UTF-8 bytes: {@code of(word.getBytes(UTF_8), 0, length)}. */
    public static int of(String word) {
        byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
        return of(utf8, 0, utf8.length);
    }

    /** The partition of a word of this hash among {@code partitions}: {@code floorMod(hash, partitions)}. */
    public static int partition(int hash, int partitions) {
        return Math.floorMod(hash, partitions);
    }

    /** The hash of a word of at most 16 bytes, given as two little-endian zero-padded blocks. */
    static int ofShort(long block0, long block1, int len) {
        long h = step(start(len), block0);
        if (len > 8) h = step(h, block1);
        return finish(h);
    }

    /** {@code utf8[from, end)}, fewer than 8 bytes, little-endian in a long. */
    static long tail(byte[] utf8, int from, int end) {
        long block = 0;
        for (int k = end - 1; k >= from; k--) block = (block << 8) | (utf8[k] & 0xFF);
        return block;
    }

    private static long start(int len) {
        return len * 0x9E3779B97F4A7C15L;
    }

    private static long step(long h, long block) {
        h = (h ^ block) * 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 31);
    }

    private static int finish(long h) {
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 29;
        return (int) (h >>> 32);
    }
}
