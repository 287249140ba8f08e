package scalelab.mapreduce.engine;

import java.time.Duration;

/**
 * One word-count job run in this JVM (coordinator, mappers and reducers together).
 *
 * @param mappers mapper consumers (each handles one map task at a time)
 * @param reducers reduce partitions, and reducer consumers
 * @param chunks map tasks asked for (the splitter makes more if a chunk would exceed {@code maxChunkBytes})
 * @param maxChunkBytes the largest chunk, in bytes
 * @param taskTimeout a task not finished this long after it was issued is issued again
 */
public record RunOptions(int mappers, int reducers, int chunks, int maxChunkBytes, Duration taskTimeout) {
    public RunOptions {
        if (mappers < 1) throw new IllegalArgumentException("mappers must be at least 1");
        if (reducers < 1) throw new IllegalArgumentException("reducers must be at least 1");
        if (chunks < 1) throw new IllegalArgumentException("chunks must be at least 1");
        if (maxChunkBytes < 1) throw new IllegalArgumentException("maxChunkBytes must be at least 1");
        if (taskTimeout.isNegative() || taskTimeout.isZero())
            throw new IllegalArgumentException("taskTimeout must be positive");
    }
}
