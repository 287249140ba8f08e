package scalelab.mapreduce.engine;

import scalelab.mapreduce.text.WordHash;

/**
 * Which partition (reducer) a word goes to: {@link WordHash} of its UTF-8 bytes (the same in every JVM, so every
 * mapper agrees), floor-mod the partitions.
 */
public final class Partitioner {
    private Partitioner() {}

    public static int partition(byte[] utf8, int offset, int length, int partitions) {
        if (partitions == 1) return 0;
        return WordHash.partition(WordHash.of(utf8, offset, length), partitions);
    }

    public static int partition(String word, int partitions) {
        return partitions == 1 ? 0 : WordHash.partition(WordHash.of(word), partitions);
    }
}
