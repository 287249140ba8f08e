package scalelab.mapreduce.engine;

/**
 * Count one chunk of the input: the coordinator's order to a mapper.
 *
 * @param jobId the job
 * @param task the map task's index (the chunk's)
 * @param attempt 1 for the first issue, 2 for a re-issue after a timeout or failure, ...
 * @param partitions how many partitions (reducers) to split the counts into
 * @param offset where the chunk starts in the input, in bytes (for logs)
 * @param chunk the chunk's UTF-8 text
 */
public record MapTask(String jobId, int task, int attempt, int partitions, long offset, Blob chunk) {}
