package scalelab.mapreduce.engine;

/** Where a job is. */
public enum JobStatus {
    /** Planning the chunks and publishing the first map tasks. */
    SPLITTING,
    /** Map tasks published; waiting for every map task's partials. */
    MAPPING,
    /** Every partial in; grouping them by partition into reduce tasks. */
    SHUFFLING,
    /** Reduce tasks published; waiting for every partition's result. */
    REDUCING,
    /** The result is assembled. */
    DONE,
    /** A task failed on every attempt, or the input could not be read. */
    FAILED;

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
