package scalelab.concurrency.experiment;

/**
 * One configuration of one section, as the summary table, {@code summary.csv} and {@code summary.json} show it.
 *
 * @param section "counters", "map writes", "map reads 90%", "file writes", "context switches", "thread starts"
 * @param runs measured runs; the time is their median
 * @param threads threads that shared the work (0 where it does not apply)
 * @param operations operations in one run (increments, puts, gets and puts, lines, switches, tasks)
 * @param expected what a correct run ends with (a count, entries, bytes), or -1 where nothing is counted
 * @param actual what the median run (or, for a race, the worst run) ended with, or -1
 * @param exact whether every run ended with the expected value
 * @param medianMillis the median run's time, in ms (NaN when not measured)
 * @param nanosPerOp the median run's time per operation, in ns (NaN when not measured)
 * @param outcome a few words: "exact", "lost updates in 7 of 10 runs", "not measured: ..."
 */
public record Row(
        String section,
        String variant,
        int runs,
        int threads,
        long operations,
        long expected,
        long actual,
        boolean exact,
        double medianMillis,
        double nanosPerOp,
        String outcome) {}
