package scalelab.mapreduce.engine;

/**
 * What a job asks for.
 *
 * @param chunks map tasks asked for (more if a chunk would exceed {@code maxChunkBytes})
 * @param reducers reduce partitions
 * @param maxChunkBytes the largest chunk, in bytes
 */
public record JobSpec(int chunks, int reducers, int maxChunkBytes) {
    /**
     * The most partitions a job may ask for. With {@link #MAX_CHUNKS} it bounds the partials the coordinator
     * tracks per job (a slot per map task and partition) to 640,000.
     */
    public static final int MAX_REDUCERS = 64;
    /** The most chunks a job may ask for. */
    public static final int MAX_CHUNKS = 10_000;

    public JobSpec {
        if (chunks < 1 || chunks > MAX_CHUNKS) {
            throw new IllegalArgumentException("chunks must be 1.." + MAX_CHUNKS + " but was " + chunks);
        }
        if (reducers < 1 || reducers > MAX_REDUCERS) {
            throw new IllegalArgumentException("reducers must be 1.." + MAX_REDUCERS + " but was " + reducers);
        }
        if (maxChunkBytes < 1)
            throw new IllegalArgumentException("maxChunkBytes must be >= 1 but was " + maxChunkBytes);
    }
}
