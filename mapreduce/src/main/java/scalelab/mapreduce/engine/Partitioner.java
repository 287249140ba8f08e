package scalelab.mapreduce.engine;

import java.nio.charset.StandardCharsets;

/**
 * Which partition (reducer) a word goes to: a stable hash of its UTF-8 bytes, mod the partitions. Every mapper
 * must agree, whatever its JVM, so it is not {@link String#hashCode()} of anything JVM-specific.
 *
 * <p>The hash is 32-bit FNV-1a for now; it moves to {@code text.WordHash} once that lands (one place).
 */
public final class Partitioner {
    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;

    private Partitioner() {}

    public static int partition(byte[] utf8, int offset, int length, int partitions) {
        if (partitions == 1) return 0;
        return Integer.remainderUnsigned(hash(utf8, offset, length), partitions);
    }

    public static int partition(String word, int partitions) {
        byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
        return partition(utf8, 0, utf8.length, partitions);
    }

    /** 32-bit FNV-1a of the bytes. */
    static int hash(byte[] utf8, int offset, int length) {
        int hash = FNV_OFFSET;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash ^= utf8[i] & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash;
    }
}
