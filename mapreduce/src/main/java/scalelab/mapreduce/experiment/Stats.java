package scalelab.mapreduce.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import scalelab.mapreduce.engine.PhaseTimes;
import scalelab.mapreduce.experiment.MapReduceExperiment.Run;
import scalelab.mapreduce.experiment.MapReduceExperiment.SingleRun;
import scalelab.mapreduce.experiment.MapReduceExperiment.Summary;
import scalelab.mapreduce.text.WordCounts;

/** The experiment's arithmetic and formatting: medians, MB/s (10^6 bytes per second), ratios, labels, the table. */
final class Stats {
    private static final int DIFFERENCES_SHOWN = 5;

    private Stats() {}

    static double megabytesPerSecond(long bytes, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : bytes / 1e6 / seconds;
    }

    /** "12.3 s" with 3 decimals below 10 s. */
    static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        return String.format(Locale.ROOT, s < 10 ? "%.3f s" : "%.2f s", s);
    }

    /** "100 MB", "10.50 MB", "4980 bytes" (MB = 10^6 bytes). */
    static String megabytes(long bytes) {
        if (bytes % 1_000_000 == 0) return bytes / 1_000_000 + " MB";
        return bytes >= 1_000_000 ? String.format(Locale.ROOT, "%.2f MB", bytes / 1e6) : bytes + " bytes";
    }

    /** A size as {@code --size} takes it: "100MB", or bytes when not a whole number of MB. */
    static String sizeArgument(long bytes) {
        return bytes % 1_000_000 == 0 ? bytes / 1_000_000 + "MB" : Long.toString(bytes);
    }

    static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    /** "in-process, 2 mappers", "RabbitMQ, 1 mapper", "single machine". */
    static String label(String broker, int mappers) {
        return mappers == 0 ? "single machine" : broker + ", " + mappers + (mappers == 1 ? " mapper" : " mappers");
    }

    /** "single", "in-process-2", "rabbitmq-4": a label without spaces or commas, for files. */
    static String id(String broker, int mappers) {
        return mappers == 0 ? "single" : broker.toLowerCase(Locale.ROOT) + "-" + mappers;
    }

    /** The index of the median of {@code values} (the lower middle one for an even count). */
    static int medianIndex(List<Duration> values) {
        var order = new ArrayList<Integer>();
        for (int i = 0; i < values.size(); i++) order.add(i);
        order.sort(Comparator.comparing(values::get));
        return order.get((values.size() - 1) / 2);
    }

    /** How {@code a} differs from {@code b}: totals, distinct words, and the first few words whose counts differ. */
    static String difference(WordCounts a, WordCounts b, String nameA, String nameB) {
        var text = new StringBuilder(String.format(
                Locale.ROOT,
                "%s %d words (%d distinct), %s %d words (%d distinct)",
                nameA,
                a.totalWords(),
                a.uniqueWords(),
                nameB,
                b.totalWords(),
                b.uniqueWords()));
        Set<String> words = new TreeSet<>(a.counts().keySet());
        words.addAll(b.counts().keySet());
        int shown = 0;
        long differing = 0;
        var examples = new ArrayList<String>();
        for (String w : words) {
            if (a.count(w) != b.count(w)) {
                differing++;
                if (shown++ < DIFFERENCES_SHOWN) examples.add("\"" + w + "\" " + a.count(w) + " vs " + b.count(w));
            }
        }
        text.append("; ").append(differing).append(" word(s) differ");
        if (!examples.isEmpty()) text.append(", e.g. ").append(String.join(", ", examples));
        return text.toString();
    }

    /**
     * The single-machine summary, then one per broker and mapper count in the order measured: the median run by
     * total, or the error of a configuration with no run.
     */
    static List<Summary> summaries(List<SingleRun> singles, List<Run> runs, List<String[]> errors) {
        var out = new ArrayList<Summary>();
        List<Duration> singleTotals = singles.stream().map(SingleRun::elapsed).toList();
        SingleRun median = singles.get(medianIndex(singleTotals));
        Duration base = median.elapsed();
        out.add(new Summary(
                "single",
                label("", 0),
                "",
                0,
                singleTotals,
                base,
                null,
                median.bytes(),
                0,
                median.megabytesPerSecond(),
                1.0,
                true,
                null));
        var configs = new LinkedHashSet<String>(); // "broker\tmappers", in measuring order
        runs.forEach(r -> configs.add(r.broker() + "\t" + r.mappers()));
        errors.forEach(e -> configs.add(e[0] + "\t" + e[1]));
        Map<String, String> errorOf = new java.util.HashMap<>();
        errors.forEach(e -> errorOf.putIfAbsent(e[0] + "\t" + e[1], e[2]));
        for (String key : configs) {
            String broker = key.substring(0, key.indexOf('\t'));
            int mappers = Integer.parseInt(key.substring(key.indexOf('\t') + 1));
            List<Run> mine = runs.stream()
                    .filter(r -> r.broker().equals(broker) && r.mappers() == mappers)
                    .toList();
            String error = errorOf.get(key);
            if (mine.isEmpty()) {
                out.add(new Summary(
                        id(broker, mappers),
                        label(broker, mappers),
                        broker,
                        mappers,
                        List.of(),
                        null,
                        null,
                        0,
                        0,
                        Double.NaN,
                        Double.NaN,
                        false,
                        error));
                continue;
            }
            List<Duration> totals = mine.stream().map(r -> r.phases().total()).toList();
            Run m = mine.get(medianIndex(totals));
            out.add(new Summary(
                    id(broker, mappers),
                    label(broker, mappers),
                    broker,
                    mappers,
                    totals,
                    m.phases().total(),
                    m.phases(),
                    m.inputBytes(),
                    m.mapTasks(),
                    m.megabytesPerSecond(),
                    ratio(m.phases().total(), base),
                    mine.stream().allMatch(Run::equal),
                    error));
        }
        return List.copyOf(out);
    }

    static double ratio(Duration a, Duration b) {
        return b.isZero() ? Double.NaN : a.toNanos() / (double) b.toNanos();
    }

    /** The summary as a fixed-width text table. */
    static String table(List<Summary> summaries) {
        var rows = new ArrayList<List<String>>();
        rows.add(List.of(
                "configuration",
                "runs",
                "total s",
                "split s",
                "map s",
                "shuffle s",
                "reduce s",
                "MB/s",
                "x single",
                "result"));
        for (Summary s : summaries) {
            PhaseTimes p = s.phases();
            rows.add(List.of(
                    s.label(),
                    Integer.toString(s.totals().size()),
                    s.total() == null ? "-" : num(s.total().toNanos() / 1e9, 3),
                    p == null ? "-" : num(p.split().toNanos() / 1e9, 3),
                    p == null ? "-" : num(p.map().toNanos() / 1e9, 3),
                    p == null ? "-" : num(p.shuffle().toNanos() / 1e9, 3),
                    p == null ? "-" : num(p.reduce().toNanos() / 1e9, 3),
                    Double.isNaN(s.megabytesPerSecond()) ? "-" : num(s.megabytesPerSecond(), 1),
                    Double.isNaN(s.ratio()) ? "-" : num(s.ratio(), 2),
                    result(s)));
        }
        int[] widths = new int[rows.getFirst().size()];
        for (var row : rows) {
            for (int i = 0; i < row.size(); i++)
                widths[i] = Math.max(widths[i], row.get(i).length());
        }
        var text = new StringBuilder();
        for (var row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                boolean left = i == 0 || i == row.size() - 1;
                String pad = i == row.size() - 1 ? "" : " ".repeat(widths[i] - cell.length());
                text.append(left ? cell + pad : pad + cell).append(i == row.size() - 1 ? "" : "  ");
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }

    static String result(Summary s) {
        if (s.single()) return "the baseline";
        if (s.error() != null) return "FAILED: " + s.error();
        return s.equal() ? "equal" : "WRONG RESULT";
    }

    static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
