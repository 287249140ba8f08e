package scalelab.core.report;

import java.util.Random;

/** Charts with made-up but plausible latency data, the same on every run. */
final class TestCharts {
    private TestCharts() {}

    /** p50 and p99 latency per second for a minute, p99 spiking at 30 s. */
    static Chart latencyOverTime() {
        int seconds = 60;
        double[] xs = new double[seconds];
        double[] p50 = new double[seconds];
        double[] p99 = new double[seconds];
        for (int s = 0; s < seconds; s++) {
            xs[s] = s;
            p50[s] = 4 + Math.sin(s / 6.0);
            p99[s] = 20 + 3 * Math.cos(s / 4.0) + (s >= 30 && s < 36 ? 40 : 0);
        }
        return Chart.lines("Latency over time", "seconds", "ms")
                .series("p50", xs, p50)
                .series("p99", xs, p99);
    }

    /** {@code points} requests split over two endpoints, latency log-normal around a few ms. */
    static Chart requests(int points) {
        var random = new Random(42);
        int half = points / 2;
        double[][] gets = samples(random, half, 1.2);
        double[][] posts = samples(random, points - half, 2.0);
        return Chart.scatter("Every request", "seconds", "ms")
                .series("GET /albums", gets[0], gets[1])
                .series("POST /albums", posts[0], posts[1]);
    }

    /** Requests per 2 ms latency bin, a long tail. */
    static Chart latencyHistogram() {
        var chart = Chart.histogram("Latency distribution", "ms (bin lower bound)", "requests");
        for (int bin = 0; bin < 20; bin++) {
            chart.bin(bin * 2.0, Math.round(5_000 * Math.exp(-bin / 3.0)));
        }
        return chart;
    }

    private static double[][] samples(Random random, int n, double medianLogMillis) {
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = random.nextDouble() * 60;
            ys[i] = Math.exp(medianLogMillis + 0.5 * random.nextGaussian());
        }
        return new double[][] {xs, ys};
    }
}
