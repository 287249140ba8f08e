package scalelab.loadgen;

import org.HdrHistogram.Histogram;

/**
 * The figures of one request name (or of all, "Aggregated") over some span, in milliseconds, drawn from
 * its histograms: what a row of Locust's stats table shows.
 */
public record Stat(
        long requests,
        long failures,
        double meanMs,
        double minMs,
        double maxMs,
        double[] percentilesMs,
        double meanBytes,
        double seconds) {
    /** Locust's percentile columns. */
    public static final double[] PERCENTILES = {50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100};

    public static Stat of(Interval.Histograms h, double seconds) {
        Histogram all = h.all();
        long n = all.getTotalCount();
        double[] pct = new double[PERCENTILES.length];
        for (int i = 0; i < pct.length; i++) {
            pct[i] = n == 0 ? 0 : ms(all.getValueAtPercentile(PERCENTILES[i]));
        }
        if (n > 0) {
            pct[pct.length - 1] = ms(all.getMaxValue());
        }
        return new Stat(
                n,
                h.failed().getTotalCount(),
                n == 0 ? 0 : all.getMean() / 1000.0,
                n == 0 ? 0 : ms(all.getMinValue()),
                n == 0 ? 0 : ms(all.getMaxValue()),
                pct,
                h.sizes().getTotalCount() == 0 ? 0 : h.sizes().getMean(),
                seconds);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    public double percentile(double p) {
        for (int i = 0; i < PERCENTILES.length; i++) {
            if (PERCENTILES[i] == p) {
                return percentilesMs[i];
            }
        }
        throw new IllegalArgumentException("no column for percentile " + p);
    }

    public double medianMs() {
        return percentilesMs[0];
    }

    public double rps() {
        return seconds <= 0 ? 0 : requests / seconds;
    }

    public double failuresPerSecond() {
        return seconds <= 0 ? 0 : failures / seconds;
    }

    public double failureRatio() {
        return requests == 0 ? 0 : (double) failures / requests;
    }
}
