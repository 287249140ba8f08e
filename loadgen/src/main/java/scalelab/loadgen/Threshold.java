package scalelab.loadgen;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail rule on a run's totals, as given on the command line: {@code p99<200ms}, {@code
 * median<20ms}, {@code avg<50ms}, {@code max<1s}, {@code errors<1%}, {@code rps>1000}. Percentiles may be
 * any of Locust's columns (p50, p66 … p99.9, p99.99).
 */
public record Threshold(String expression, String metric, boolean lessThan, double limit) {
    private static final Pattern FORM =
            Pattern.compile("\\s*([a-z0-9.]+)\\s*([<>])\\s*([0-9.]+)\\s*(ms|s|%|/s)?\\s*", Pattern.CASE_INSENSITIVE);

    /** A threshold's outcome, with the measured figure as text. */
    public record Verdict(String expression, String actual, boolean passed) {
        /** The one-line reason given when the run breaches it. */
        public String reason() {
            return "threshold breached: " + expression + " (measured " + actual + ")";
        }
    }

    public static Threshold parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "cannot read threshold '" + text + "': write e.g. p99<200ms, errors<1%, rps>1000");
        }
        String metric = m.group(1).toLowerCase(Locale.ROOT);
        String unit = m.group(4) == null ? "" : m.group(4).toLowerCase(Locale.ROOT);
        double value = Double.parseDouble(m.group(3));
        switch (metric) {
            case "errors" -> {
                if (!unit.equals("%")) {
                    throw new IllegalArgumentException("errors are a percentage: write e.g. errors<1%");
                }
            }
            case "rps" -> {
                if (!unit.isEmpty() && !unit.equals("/s")) {
                    throw new IllegalArgumentException("rps is requests per second: write e.g. rps>1000");
                }
            }
            default -> {
                if (!isLatency(metric)) {
                    throw new IllegalArgumentException(
                            "unknown metric '" + metric + "': use p50..p99.99, median, avg, max, errors or rps");
                }
                if (unit.equals("%") || unit.equals("/s")) {
                    throw new IllegalArgumentException("a latency threshold needs ms or s: " + text);
                }
                value = unit.equals("s") ? value * 1000 : value;
            }
        }
        return new Threshold(text.trim(), metric, m.group(2).equals("<"), value);
    }

    private static boolean isLatency(String metric) {
        if (metric.equals("median") || metric.equals("avg") || metric.equals("max") || metric.equals("min")) {
            return true;
        }
        if (!metric.startsWith("p")) {
            return false;
        }
        try {
            percentile(metric);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static double percentile(String metric) {
        double p = Double.parseDouble(metric.substring(1));
        for (double known : Stat.PERCENTILES) {
            if (known == p) {
                return p;
            }
        }
        throw new IllegalArgumentException("no percentile column " + metric);
    }

    public Verdict evaluate(Stat total) {
        if (total.requests() == 0) {
            return new Verdict(expression, "no request completed", false); // nothing measured passes nothing
        }
        double actual;
        String shown;
        switch (metric) {
            case "errors" -> {
                actual = 100 * total.failureRatio();
                shown = String.format(Locale.ROOT, "%.2f%%", actual);
            }
            case "rps" -> {
                actual = total.rps();
                shown = String.format(Locale.ROOT, "%.1f req/s", actual);
            }
            default -> {
                actual = switch (metric) {
                    case "median" -> total.medianMs();
                    case "avg" -> total.meanMs();
                    case "max" -> total.maxMs();
                    case "min" -> total.minMs();
                    default -> total.percentile(percentile(metric));
                };
                shown = String.format(Locale.ROOT, "%.2f ms", actual);
            }
        }
        boolean passed = lessThan ? actual < limit : actual > limit;
        return new Verdict(expression, shown, passed);
    }
}
