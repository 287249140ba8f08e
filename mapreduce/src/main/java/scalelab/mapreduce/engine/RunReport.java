package scalelab.mapreduce.engine;

import scalelab.mapreduce.text.WordCounts;

/**
 * What a finished job produced and what it took.
 *
 * @param counts the assembled result
 * @param inputBytes bytes of input
 * @param mapTasks map tasks (chunks)
 * @param reduceTasks reduce tasks (partitions)
 * @param phases time per phase
 * @param reissued tasks issued again after a timeout or failure
 * @param duplicatesIgnored partials or reduce results received again and not counted
 */
public record RunReport(
        WordCounts counts,
        long inputBytes,
        int mapTasks,
        int reduceTasks,
        PhaseTimes phases,
        long reissued,
        long duplicatesIgnored) {
    public double megabytesPerSecond() {
        double seconds = phases.total().toNanos() / 1e9;
        return seconds == 0 ? 0 : inputBytes / 1e6 / seconds;
    }
}
