package scalelab.flashsale.experiment;

import scalelab.flashsale.function.FunctionStats;

/**
 * One reading of the service's {@code /metrics} during an asynchronous phase (and, for the function variant,
 * of the function runtime's counters at the same moment).
 *
 * @param atMs when it was read (epoch ms)
 * @param queueDepth messages ready in {@code order-processing} (-1: the broker could not say)
 * @param pending orders accepted and not yet taken by a worker
 * @param processing orders being paid now
 * @param completed orders completed so far
 * @param failed orders failed so far
 * @param accepted async orders answered 202 so far
 * @param function the function runtime's counters, or null for the container workers
 */
record QueueSample(
        long atMs,
        long queueDepth,
        long pending,
        long processing,
        long completed,
        long failed,
        long accepted,
        FunctionStats function) {
    /** Orders accepted and not final yet: what still has to be drained. */
    long unfinished() {
        return pending + processing;
    }
}
