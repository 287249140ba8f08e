package scalelab.mapreduce.engine;

/**
 * One partition of one map task's counts: a mapper's answer.
 *
 * @param jobId the job
 * @param task the map task's index
 * @param partition the partition (0 to partitions - 1)
 * @param attempt the map task's attempt that produced it
 * @param worker the mapper that counted it
 * @param startedMillis when the mapper started the task (epoch millis)
 * @param finishedMillis when it finished counting (epoch millis)
 * @param entries the words of this partition and their counts in the chunk
 */
public record Partial(
        String jobId,
        int task,
        int partition,
        int attempt,
        String worker,
        long startedMillis,
        long finishedMillis,
        Blob entries) {}
