package scalelab.mapreduce.engine;

import java.util.List;

/**
 * Merge one partition: every map task's partial of it, so a redelivered reduce task computes the same answer.
 *
 * @param jobId the job
 * @param partition the partition
 * @param attempt 1 for the first issue, then one more per re-issue
 * @param partials the entries of each map task's partial of this partition (one per map task)
 */
public record ReduceTask(String jobId, int partition, int attempt, List<Blob> partials) {
    public ReduceTask {
        partials = List.copyOf(partials);
    }
}
