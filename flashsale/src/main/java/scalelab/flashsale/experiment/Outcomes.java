package scalelab.flashsale.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What the users of one phase saw, answer by answer: per second since the phase's start, how many requests
 * were answered, how many succeeded (the phase's success status: 200 sync, 202 async), how many were refused
 * with 503, how many failed otherwise (another status, or no answer: status 0), and the latency of all of them
 * and of the successful ones (microseconds, HdrHistogram). Written by the users' threads, read once the phase
 * is over.
 */
final class Outcomes {
    /** Latencies above this (an hour, in microseconds) are clamped: no request waits that long. */
    private static final long MAX_MICROS = 3_600_000_000L;

    /** One second of a phase (or a whole phase): counts and latency. */
    record Figures(
            double atSeconds,
            long requests,
            long ok,
            long rejected503,
            long otherFailures,
            double p50Ms,
            double p95Ms,
            double p99Ms,
            double maxMs,
            double okP50Ms,
            double okP95Ms,
            double okP99Ms) {
        /** Successful answers / answers, 0 when there were none. */
        double okShare() {
            return requests == 0 ? 0 : (double) ok / requests;
        }

        /** 503 answers / answers, 0 when there were none. */
        double share503() {
            return requests == 0 ? 0 : (double) rejected503 / requests;
        }
    }

    private static final class Bucket {
        final Histogram all = new Histogram(MAX_MICROS, 3);
        final Histogram ok = new Histogram(MAX_MICROS, 3);
        long rejected503;
        long otherFailures;

        void add(Bucket other) {
            all.add(other.all);
            ok.add(other.ok);
            rejected503 += other.rejected503;
            otherFailures += other.otherFailures;
        }
    }

    private final int okStatus;
    private final long originMs;
    private final TreeMap<Long, Bucket> seconds = new TreeMap<>(); // guarded by this
    private long lastAnswerMs; // guarded by this
    private boolean closed; // guarded by this

    /**
     * @param okStatus the status that counts as success (200 or 202)
     * @param originMs the phase's start (epoch ms): second 0
     */
    Outcomes(int okStatus, long originMs) {
        this.okStatus = okStatus;
        this.originMs = originMs;
    }

    long originMs() {
        return originMs;
    }

    /** One answer: when it arrived (epoch ms), its status (0: none) and how long it took. */
    synchronized void record(long answeredAtMs, int status, long latencyMicros) {
        if (closed) {
            return;
        }
        long second = Math.max(0, Math.floorDiv(answeredAtMs - originMs, 1000));
        lastAnswerMs = Math.max(lastAnswerMs, answeredAtMs);
        Bucket b = seconds.computeIfAbsent(second, s -> new Bucket());
        long micros = Math.max(1, Math.min(MAX_MICROS, latencyMicros));
        b.all.recordValue(micros);
        if (status == okStatus) {
            b.ok.recordValue(micros);
        } else if (status == 503) {
            b.rejected503++;
        } else {
            b.otherFailures++;
        }
    }

    /**
     * Ignores answers from now on: once the load test is over, the requests it cut off (the engine closed
     * under them) complete as failures that no user saw.
     */
    synchronized void close() {
        closed = true;
    }

    /** When the last answer arrived (epoch ms), or the origin before any. */
    synchronized long lastAnswerMs() {
        return Math.max(originMs, lastAnswerMs);
    }

    /** Every second from 0 to the last answer's, empty seconds included (x = the second's end). */
    synchronized List<Figures> perSecond() {
        var out = new ArrayList<Figures>();
        if (seconds.isEmpty()) {
            return out;
        }
        for (long s = 0; s <= seconds.lastKey(); s++) {
            Bucket b = seconds.getOrDefault(s, new Bucket());
            out.add(figures(s + 1, b));
        }
        return out;
    }

    /** The answers that arrived before {@code untilMs} (epoch ms; Long.MAX_VALUE for all). */
    synchronized Figures total(long untilMs) {
        var sum = new Bucket();
        seconds.forEach((s, b) -> {
            if (originMs + s * 1000 < untilMs) {
                sum.add(b);
            }
        });
        return figures((untilMs == Long.MAX_VALUE ? 0 : untilMs - originMs) / 1000.0, sum);
    }

    synchronized Figures total() {
        return total(Long.MAX_VALUE);
    }

    private static Figures figures(double atSeconds, Bucket b) {
        return new Figures(
                atSeconds,
                b.all.getTotalCount(),
                b.ok.getTotalCount(),
                b.rejected503,
                b.otherFailures,
                ms(b.all, 50),
                ms(b.all, 95),
                ms(b.all, 99),
                b.all.getTotalCount() == 0 ? 0 : b.all.getMaxValue() / 1000.0,
                ms(b.ok, 50),
                ms(b.ok, 95),
                ms(b.ok, 99));
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
