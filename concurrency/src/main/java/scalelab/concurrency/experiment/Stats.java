package scalelab.concurrency.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Medians, number formats and the console table. */
final class Stats {
    private Stats() {}

    /**
     * The median of {@code runs} by {@code time}: the middle one, the lower (faster) middle one for an even count, so
     * that a median is always a real run.
     */
    static <T> T median(List<T> runs, Function<T, Duration> time) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs");
        var sorted = runs.stream().sorted(Comparator.comparing(time)).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** "12.3 ms" (3 significant digits or more). */
    static String millis(Duration d) {
        double ms = d.toNanos() / 1e6;
        return num(ms, ms >= 100 ? 0 : ms >= 10 ? 1 : 2) + " ms";
    }

    static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** "1,234" */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** b over a, e.g. how many times faster b's time a is: {@code ratio(slow, fast)}. */
    static double ratio(Duration numerator, Duration denominator) {
        return numerator.toNanos() / (double) Math.max(1, denominator.toNanos());
    }

    /** The rows as an aligned text table: section, variant, runs, median, per operation, outcome. */
    static String table(List<Row> rows) {
        var cells = new ArrayList<List<String>>();
        cells.add(List.of("section", "variant", "runs", "median ms", "ns/op", "outcome"));
        for (Row r : rows) {
            cells.add(List.of(
                    r.section(),
                    r.variant(),
                    Integer.toString(r.runs()),
                    Double.isNaN(r.medianMillis()) ? "-" : num(r.medianMillis(), 2),
                    Double.isNaN(r.nanosPerOp()) ? "-" : num(r.nanosPerOp(), 1),
                    r.outcome()));
        }
        int[] widths = new int[cells.getFirst().size()];
        for (var row : cells) {
            for (int i = 0; i < row.size(); i++)
                widths[i] = Math.max(widths[i], row.get(i).length());
        }
        var text = new StringBuilder();
        for (var row : cells) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                boolean last = i == row.size() - 1;
                boolean left = i < 2 || last;
                String pad = last ? "" : " ".repeat(widths[i] - cell.length());
                text.append(left ? cell + pad : pad + cell).append(last ? "" : "  ");
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }
}
