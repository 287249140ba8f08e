package scalelab.loadgen;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What happened in one tick of a run (about a second): per request name, the latency of every request
 * and of the failed ones (microseconds) and the answer sizes (bytes). Live runs cut these from their
 * recorders; {@code load merge} reads them back from the HdrHistogram logs.
 */
public record Interval(long startMs, long endMs, int users, Map<Key, Histograms> byKey) {
    /** One request name's histograms in one interval. */
    public record Histograms(Histogram all, Histogram failed, Histogram sizes) {
        static Histograms empty() {
            return new Histograms(new Histogram(3), new Histogram(3), new Histogram(3));
        }

        void add(Histograms other) {
            all.add(other.all);
            failed.add(other.failed);
            sizes.add(other.sizes);
        }
    }
}
