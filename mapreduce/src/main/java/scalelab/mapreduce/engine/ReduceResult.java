package scalelab.mapreduce.engine;

/**
 * One partition's final counts: a reducer's answer.
 *
 * @param jobId the job
 * @param partition the partition
 * @param attempt the reduce task's attempt that produced it
 * @param worker the reducer that merged it
 * @param startedMillis when the reducer started (epoch millis)
 * @param finishedMillis when it finished merging (epoch millis)
 * @param entries every word of the partition and its count in the whole input
 */
public record ReduceResult(
        String jobId,
        int partition,
        int attempt,
        String worker,
        long startedMillis,
        long finishedMillis,
        Blob entries) {}
