package scalelab.loadgen;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Locust's CSV files, column for column, so tools that read Locust's output read ours: {@code stats.csv},
 * {@code stats_history.csv} (every tick, per name and "Aggregated", as {@code --csv-full-history}) and
 * {@code failures.csv}. Times are milliseconds; a history row's percentiles cover that tick.
 */
final class LocustCsv {
    static final List<String> PERCENTILE_COLUMNS =
            List.of("50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%", "100%");

    static final List<String> STATS_COLUMNS = concat(
            List.of(
                    "Type",
                    "Name",
                    "Request Count",
                    "Failure Count",
                    "Median Response Time",
                    "Average Response Time",
                    "Min Response Time",
                    "Max Response Time",
                    "Average Content Size",
                    "Requests/s",
                    "Failures/s"),
            PERCENTILE_COLUMNS);

    static final List<String> HISTORY_COLUMNS = concat(
            concat(List.of("Timestamp", "User Count", "Type", "Name", "Requests/s", "Failures/s"), PERCENTILE_COLUMNS),
            List.of(
                    "Total Request Count",
                    "Total Failure Count",
                    "Total Median Response Time",
                    "Total Average Response Time",
                    "Total Min Response Time",
                    "Total Max Response Time",
                    "Total Average Content Size"));

    static final List<String> FAILURE_COLUMNS = List.of("Method", "Name", "Error", "Occurrences");

    private LocustCsv() {}

    static void write(RunData data, Path dir) throws IOException {
        var stats = new ArrayList<List<?>>();
        data.stats().forEach((key, s) -> {
            var row = new ArrayList<Object>(List.of(
                    key.method(),
                    key.name(),
                    s.requests(),
                    s.failures(),
                    number(s.medianMs()),
                    number(s.meanMs()),
                    number(s.minMs()),
                    number(s.maxMs()),
                    number(s.meanBytes()),
                    number(s.rps()),
                    number(s.failuresPerSecond())));
            percentiles(row, s);
            stats.add(row);
        });
        writeCsv(dir.resolve("stats.csv"), STATS_COLUMNS, stats);

        var history = new ArrayList<List<?>>();
        for (var tick : data.ticks()) {
            for (Map.Entry<Key, Stat> e : tick.current().entrySet()) {
                Stat now = e.getValue();
                Stat total = tick.cumulative().get(e.getKey());
                var row = new ArrayList<Object>(List.of(
                        Math.round(tick.endMs() / 1000.0),
                        tick.users(),
                        e.getKey().method(),
                        e.getKey().name(),
                        number(now.rps()),
                        number(now.failuresPerSecond())));
                percentiles(row, now);
                row.addAll(List.of(
                        total.requests(),
                        total.failures(),
                        number(total.medianMs()),
                        number(total.meanMs()),
                        number(total.minMs()),
                        number(total.maxMs()),
                        number(total.meanBytes())));
                history.add(row);
            }
        }
        writeCsv(dir.resolve("stats_history.csv"), HISTORY_COLUMNS, history);

        var failures = new ArrayList<List<?>>();
        data.failures()
                .forEach(
                        (f, n) -> failures.add(List.of(f.key().method(), f.key().name(), f.error(), n)));
        writeCsv(dir.resolve("failures.csv"), FAILURE_COLUMNS, failures);
    }

    private static void percentiles(List<Object> row, Stat s) {
        for (double p : s.percentilesMs()) {
            row.add(number(p));
        }
    }

    /** A plain decimal, at most 3 places, no trailing zeros. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "0";
        }
        return BigDecimal.valueOf(value)
                .setScale(3, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    static void writeCsv(Path file, List<String> columns, List<? extends List<?>> rows) throws IOException {
        var text = new StringBuilder();
        line(text, columns);
        rows.forEach(r -> line(text, r));
        Files.writeString(file, text);
    }

    private static void line(StringBuilder text, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(quote(String.valueOf(cells.get(i))));
        }
        text.append('\n');
    }

    static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }

    /** Splits a CSV file into rows of cells (quoted cells may hold commas, quotes and newlines). */
    static List<List<String>> read(Path file) throws IOException {
        String text = Files.readString(file);
        var rows = new ArrayList<List<String>>();
        var row = new ArrayList<String>();
        var cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        if (!cell.isEmpty() || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
