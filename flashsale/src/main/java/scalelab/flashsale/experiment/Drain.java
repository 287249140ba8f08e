package scalelab.flashsale.experiment;

import java.util.List;

/**
 * How long the backlog of one asynchronous phase took to drain after the load stopped: measured when the last
 * accepted order was final within the wait cap, otherwise PROJECTED as the cap plus the orders left over the
 * measured processing rate.
 *
 * @param projected true when the backlog was not drained within the cap and {@link #seconds} is a projection
 * @param seconds the time from the end of the load to an empty backlog (measured or projected); NaN when it
 *     cannot be projected (nothing completed at all)
 * @param remaining orders still pending or processing when the wait ended (0 when drained)
 * @param ratePerSecond the processing rate the projection used (completions per second while the queue was full)
 */
record Drain(boolean projected, double seconds, long remaining, double ratePerSecond) {
    /** Drained within the cap: {@code drainedAtMs - loadEndMs}. */
    static Drain measured(long loadEndMs, long drainedAtMs, double ratePerSecond) {
        return new Drain(false, Math.max(0, drainedAtMs - loadEndMs) / 1000.0, 0, ratePerSecond);
    }

    /** Not drained when the wait ended at {@code waitEndMs}: the wait so far plus {@code remaining / rate}. */
    static Drain projected(long loadEndMs, long waitEndMs, long remaining, double ratePerSecond) {
        if (remaining <= 0) {
            throw new IllegalArgumentException("a projection needs orders left but was " + remaining);
        }
        double waited = Math.max(0, waitEndMs - loadEndMs) / 1000.0;
        double seconds = ratePerSecond > 0 ? waited + remaining / ratePerSecond : Double.NaN;
        return new Drain(true, seconds, remaining, ratePerSecond);
    }

    private static long done(QueueSample s) {
        return s.completed() + s.failed();
    }

    /**
     * Completions per second while every worker was busy: over the intervals between consecutive samples that
     * both saw messages waiting in the queue (so no worker was idle for lack of work). With fewer than {@code
     * minSeconds} of such intervals (the workers kept up), the rate from the sample that first saw a completion
     * to the one that first saw the final count. 0 without two samples.
     */
    static double processingRate(List<QueueSample> samples, double minSeconds) {
        if (samples.size() < 2) {
            return 0;
        }
        double busySeconds = 0;
        long busyCompleted = 0;
        for (int i = 1; i < samples.size(); i++) {
            QueueSample a = samples.get(i - 1);
            QueueSample b = samples.get(i);
            if (a.queueDepth() > 0 && b.queueDepth() > 0 && b.atMs() > a.atMs()) {
                busySeconds += (b.atMs() - a.atMs()) / 1000.0;
                busyCompleted += b.completed() + b.failed() - a.completed() - a.failed();
            }
        }
        if (busySeconds >= minSeconds) {
            return busyCompleted / busySeconds;
        }
        // the workers kept up: the completions from the first one to the last, i.e. the arrival rate shifted by
        // the payment time (an order accepted at t completes at t + payment time)
        int from = 0;
        while (from < samples.size() - 1 && done(samples.get(from)) == 0) {
            from++;
        }
        int to = from;
        while (to < samples.size() - 1 && done(samples.get(to)) < done(samples.get(samples.size() - 1))) {
            to++;
        }
        QueueSample first = samples.get(from);
        QueueSample last = samples.get(to);
        double seconds = (last.atMs() - first.atMs()) / 1000.0;
        return seconds <= 0 ? 0 : (done(last) - done(first)) / seconds;
    }
}
