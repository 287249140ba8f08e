package scalelab.core.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A chart for an {@link HtmlReport}: lines over time, a scatter of samples, a histogram, or bars per
 * category (side by side or stacked). {@link
 * HtmlReport#chart(Chart)} draws it on the server into an inline SVG (JFreeChart + JFreeSVG), so the
 * report still needs no script and no network.
 *
 * <pre>{@code
 * report.chart(Chart.lines("Latency over time", "seconds", "ms")
 *         .series("p50", seconds, p50Millis)
 *         .series("p99", seconds, p99Millis));
 * report.chart(Chart.scatter("Every request", "seconds", "ms").series("GET /albums", startSeconds, millis));
 * report.chart(Chart.histogram("Latency distribution", "ms (bin lower bound)", "requests")
 *         .bin(0, 1_204)
 *         .bin(2.5, 310));
 * report.chart(Chart.stackedBars("Time per phase", "configuration", "ms")
 *         .bar("map", "2 mappers", 820.5)
 *         .bar("reduce", "2 mappers", 95.2));
 * }</pre>
 *
 * A chart is a small mutable builder: add series or bins, then hand it to the report, which draws it
 * at once.
 */
public final class Chart {
    /** Width of the drawn chart, in SVG user units (CSS pixels at full size); it shrinks with the page. */
    public static final int WIDTH = 900;

    /** Height of the drawn chart, in SVG user units (CSS pixels at full size). */
    public static final int HEIGHT = 360;

    /**
     * Most points a scatter chart takes over all its series. Every point becomes a few bytes of the
     * report's SVG, so sample larger runs down (to about 5,000) before adding them.
     */
    public static final int MAX_SCATTER_POINTS = 20_000;

    enum Kind {
        LINES,
        SCATTER,
        HISTOGRAM,
        BARS,
        STACKED_BARS
    }

    /** One named series; the arrays are copies owned by the chart. */
    record Series(String name, double[] xs, double[] ys) {}

    record Bin(String label, long count) {}

    /** One bar: {@code series}' value in {@code category}. */
    record Bar(String series, String category, double value) {}

    private final Kind kind;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>(); // written by series() only
    private final List<Bin> bins = new ArrayList<>(); // written by bin() only
    private final List<Bar> bars = new ArrayList<>(); // written by bar() only

    private Chart(Kind kind, String title, String xLabel, String yLabel) {
        this.kind = kind;
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
    }

    /** Lines through each series' points, in the order given (e.g. a percentile per second). */
    public static Chart lines(String title, String xLabel, String yLabel) {
        return new Chart(Kind.LINES, title, xLabel, yLabel);
    }

    /** Unjoined small dots, one per point (e.g. each sampled request's latency at its start time). */
    public static Chart scatter(String title, String xLabel, String yLabel) {
        return new Chart(Kind.SCATTER, title, xLabel, yLabel);
    }

    /** One bar per bin, in the order added; {@code yLabel} names what is counted. */
    public static Chart histogram(String title, String xLabel, String yLabel) {
        return new Chart(Kind.HISTOGRAM, title, xLabel, yLabel);
    }

    /**
     * One bar per category and series, the series side by side in each category (e.g. MB/s per configuration,
     * one series per broker); categories and series keep the order of their first bar.
     */
    public static Chart bars(String title, String xLabel, String yLabel) {
        return new Chart(Kind.BARS, title, xLabel, yLabel);
    }

    /**
     * One bar per category, the series stacked in it (e.g. the time of each phase per configuration); categories
     * and series keep the order of their first bar.
     */
    public static Chart stackedBars(String title, String xLabel, String yLabel) {
        return new Chart(Kind.STACKED_BARS, title, xLabel, yLabel);
    }

    /**
     * Adds {@code series}' bar in {@code category} (bar and stacked-bar charts).
     *
     * @throws IllegalArgumentException if the series name is blank, the value is not finite or negative, or the
     *     series already has a bar in that category
     * @throws IllegalStateException on a line, scatter or histogram chart
     */
    public Chart bar(String series, String category, double value) {
        if (kind != Kind.BARS && kind != Kind.STACKED_BARS) {
            throw new IllegalStateException(
                    "chart '" + title + "' takes " + (kind == Kind.HISTOGRAM ? "bins" : "series") + ", not bars");
        }
        if (series == null || series.isBlank()) {
            throw new IllegalArgumentException("series name must not be blank but was '" + series + "'");
        }
        Objects.requireNonNull(category, "category");
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(
                    "bar '" + series + "' in '" + category + "' must be finite and >= 0 but was " + value);
        }
        if (bars.stream()
                .anyMatch(b -> b.series().equals(series) && b.category().equals(category))) {
            throw new IllegalArgumentException(
                    "chart '" + title + "' already has a bar '" + series + "' in '" + category + "'");
        }
        bars.add(new Bar(series, category, value));
        return this;
    }

    /**
     * Adds a series named in the legend, point {@code i} being {@code (xs[i], ys[i])}. A NaN leaves a
     * gap.
     *
     * @throws IllegalArgumentException if the name is blank or taken, the arrays differ in length, or a
     *     scatter chart would exceed {@link #MAX_SCATTER_POINTS}
     * @throws IllegalStateException on a histogram, which takes {@link #bin bins}
     */
    public Chart series(String name, double[] xs, double[] ys) {
        if (kind == Kind.HISTOGRAM) {
            throw new IllegalStateException("histogram '" + title + "' takes bins, not series");
        }
        if (kind == Kind.BARS || kind == Kind.STACKED_BARS) {
            throw new IllegalStateException("chart '" + title + "' takes bars, not series");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("series name must not be blank but was '" + name + "'");
        }
        if (series.stream().anyMatch(s -> s.name().equals(name))) {
            throw new IllegalArgumentException("chart '" + title + "' already has a series '" + name + "'");
        }
        if (xs.length != ys.length) {
            throw new IllegalArgumentException(
                    "series '" + name + "' has " + xs.length + " x values but " + ys.length + " y values");
        }
        int points = xs.length + series.stream().mapToInt(s -> s.xs().length).sum();
        if (kind == Kind.SCATTER && points > MAX_SCATTER_POINTS) {
            throw new IllegalArgumentException("scatter '" + title + "' would have " + points + " points, more than "
                    + MAX_SCATTER_POINTS + ": sample them first");
        }
        series.add(new Series(name, xs.clone(), ys.clone()));
        return this;
    }

    /**
     * Adds a histogram bar labelled {@code label}.
     *
     * @throws IllegalArgumentException if the label is taken or the count is negative
     * @throws IllegalStateException on a line or scatter chart, which take {@link #series series}
     */
    public Chart bin(String label, long count) {
        if (kind != Kind.HISTOGRAM) {
            throw new IllegalStateException("chart '" + title + "' takes series or bars, not bins");
        }
        Objects.requireNonNull(label, "label");
        if (count < 0) {
            throw new IllegalArgumentException("bin '" + label + "' count must be >= 0 but was " + count);
        }
        if (bins.stream().anyMatch(b -> b.label().equals(label))) {
            throw new IllegalArgumentException("histogram '" + title + "' already has a bin '" + label + "'");
        }
        bins.add(new Bin(label, count));
        return this;
    }

    /** Adds a histogram bar labelled with its lower bound, written without trailing zeros. */
    public Chart bin(double lowerBound, long count) {
        if (!Double.isFinite(lowerBound)) {
            throw new IllegalArgumentException("bin lower bound must be finite but was " + lowerBound);
        }
        return bin(BigDecimal.valueOf(lowerBound).stripTrailingZeros().toPlainString(), count);
    }

    public String title() {
        return title;
    }

    Kind kind() {
        return kind;
    }

    String xLabel() {
        return xLabel;
    }

    String yLabel() {
        return yLabel;
    }

    List<Series> seriesList() {
        return List.copyOf(series);
    }

    List<Bin> bins() {
        return List.copyOf(bins);
    }

    List<Bar> barList() {
        return List.copyOf(bars);
    }
}
