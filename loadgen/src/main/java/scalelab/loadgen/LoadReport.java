package scalelab.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import scalelab.core.json.Json;
import scalelab.core.report.Chart;
import scalelab.core.report.HtmlReport;

/**
 * Writes a run's reports into its folder: Locust's three CSVs, {@code summary.json}, {@code samples.csv}
 * and {@code index.html} with its charts. (The HdrHistogram logs are written as the run goes, by {@link
 * HdrLogs}.)
 */
public final class LoadReport {
    static final int HISTOGRAM_BINS = 30;

    private LoadReport() {}

    /** Writes every file; {@code verdicts} are the thresholds' results (empty for none). */
    public static Path write(RunData data, Path dir, String title, List<Threshold.Verdict> verdicts) {
        try {
            Files.createDirectories(dir);
            LocustCsv.write(data, dir);
            writeSamples(data.samples(), dir.resolve("samples.csv"));
            Files.writeString(dir.resolve("summary.json"), Json.write(summary(data, verdicts)) + "\n");
            return html(data, title, verdicts).write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + dir, e);
        }
    }

    /** What {@code summary.json} holds: parameters, totals, latency percentiles, per name, thresholds. */
    public static Map<String, Object> summary(RunData data, List<Threshold.Verdict> verdicts) {
        Stat total = data.total();
        var s = new LinkedHashMap<String, Object>();
        s.put("parameters", data.parameters());
        s.put(
                "started",
                data.startMs() < 0 ? null : Instant.ofEpochMilli(data.startMs()).toString());
        s.put("duration_s", data.seconds());
        s.put("peak_users", data.peakUsers());
        s.put("requests", total.requests());
        s.put("failures", total.failures());
        s.put("rps", round(total.rps()));
        s.put("failure_ratio", round(total.failureRatio()));
        s.put("latency_ms", latency(total));
        var perName = new ArrayList<Map<String, Object>>();
        data.stats().forEach((key, stat) -> {
            if (key.equals(RunData.AGGREGATED)) {
                return;
            }
            var n = new LinkedHashMap<String, Object>();
            n.put("method", key.method());
            n.put("name", key.name());
            n.put("requests", stat.requests());
            n.put("failures", stat.failures());
            n.put("rps", round(stat.rps()));
            n.put("latency_ms", latency(stat));
            n.put("mean_bytes", round(stat.meanBytes()));
            perName.add(n);
        });
        s.put("per_name", perName);
        s.put(
                "thresholds",
                verdicts.stream()
                        .map(v -> Map.of("threshold", v.expression(), "actual", v.actual(), "passed", v.passed()))
                        .toList());
        return s;
    }

    private static Map<String, Object> latency(Stat stat) {
        var l = new LinkedHashMap<String, Object>();
        l.put("mean", round(stat.meanMs()));
        l.put("min", round(stat.minMs()));
        for (int i = 0; i < Stat.PERCENTILES.length - 1; i++) {
            l.put("p" + LocustCsv.PERCENTILE_COLUMNS.get(i).replace("%", ""), round(stat.percentilesMs()[i]));
        }
        l.put("max", round(stat.maxMs()));
        return l;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void writeSamples(List<LatencySample> samples, Path file) throws IOException {
        var rows = samples.stream()
                .map(s -> List.<Object>of(s.epochMs(), s.name(), LocustCsv.number(s.micros() / 1000.0), s.ok()))
                .toList();
        LocustCsv.writeCsv(file, List.of("epoch_ms", "name", "latency_ms", "ok"), rows);
    }

    static List<LatencySample> readSamples(Path file) throws IOException {
        var samples = new ArrayList<LatencySample>();
        var rows = LocustCsv.read(file);
        for (var row : rows.subList(Math.min(1, rows.size()), rows.size())) {
            samples.add(new LatencySample(
                    Long.parseLong(row.get(0)),
                    row.get(1),
                    Math.round(Double.parseDouble(row.get(2)) * 1000),
                    Boolean.parseBoolean(row.get(3))));
        }
        return samples;
    }

    private static HtmlReport html(RunData data, String title, List<Threshold.Verdict> verdicts) {
        Stat total = data.total();
        var report = HtmlReport.titled("load", title).parameters(data.parameters());
        report.finding(String.format(
                Locale.ROOT,
                "%d requests in %.1f s: %.1f req/s; mean %s, median %s, p95 %s, p99 %s, max %s; %d failed (%.2f%%).",
                total.requests(),
                data.seconds(),
                total.rps(),
                Console.ms(total.meanMs()),
                Console.ms(total.medianMs()),
                Console.ms(total.percentile(95)),
                Console.ms(total.percentile(99)),
                Console.ms(total.maxMs()),
                total.failures(),
                100 * total.failureRatio()));
        if (!verdicts.isEmpty()) {
            report.heading("Thresholds")
                    .table(
                            List.of("threshold", "actual", "result"),
                            verdicts.stream()
                                    .map(v -> List.of(v.expression(), v.actual(), v.passed() ? "passed" : "BREACHED"))
                                    .toList());
        }
        report.heading("Requests");
        var rows = new ArrayList<List<Object>>();
        data.stats()
                .forEach((key, s) -> rows.add(List.of(
                        key.method(),
                        key.name(),
                        s.requests(),
                        s.failures(),
                        Console.ms(s.medianMs()),
                        Console.ms(s.percentile(95)),
                        Console.ms(s.percentile(99)),
                        Console.ms(s.maxMs()),
                        LocustCsv.number(s.rps()))));
        report.table(List.of("type", "name", "requests", "failures", "median", "p95", "p99", "max", "req/s"), rows);
        charts(report, data);
        if (!data.failures().isEmpty()) {
            report.heading("Failures");
            var failures = new ArrayList<List<Object>>();
            data.failures()
                    .forEach((f, n) ->
                            failures.add(List.of(f.key().method(), f.key().name(), f.error(), n)));
            report.table(List.of("type", "name", "error", "occurrences"), failures);
        }
        report.paragraph("Latency is recorded in HdrHistogram (microseconds, 3 significant digits); "
                + (data.parameters().getOrDefault("model", "closed").equals("open")
                        ? "in this open-model run it counts from the time each request was due, so queueing behind a slow server is included."
                        : "in this closed-model run it counts from the actual send."));
        return report.rawData("stats.csv");
    }

    private static void charts(HtmlReport report, RunData data) {
        var ticks = data.ticks();
        int n = ticks.size();
        double[] t = new double[n];
        double[] rps = new double[n];
        double[] fps = new double[n];
        double[] p50 = new double[n];
        double[] p95 = new double[n];
        double[] p99 = new double[n];
        double[] users = new double[n];
        for (int i = 0; i < n; i++) {
            var tick = ticks.get(i);
            Stat now = tick.current().get(RunData.AGGREGATED);
            t[i] = (tick.endMs() - data.startMs()) / 1000.0;
            rps[i] = now.rps();
            fps[i] = now.failuresPerSecond();
            p50[i] = now.medianMs();
            p95[i] = now.percentile(95);
            p99[i] = now.percentile(99);
            users[i] = tick.users();
        }
        report.chart(Chart.lines("Requests and failures per second", "seconds", "per second")
                .series("requests/s", t, rps)
                .series("failures/s", t, fps));
        report.chart(Chart.lines("Response time percentiles (per second)", "seconds", "ms")
                .series("p50", t, p50)
                .series("p95", t, p95)
                .series("p99", t, p99));
        report.chart(Chart.lines("Users", "seconds", "users").series("users", t, users));
        report.chart(histogram(data.latencyHistogram()));
        report.chart(scatter(data));
    }

    /** Equal-width bins from 0 to the 99.9th percentile; slower requests go in the last bin. */
    static Chart histogram(Histogram h) {
        var chart = Chart.histogram("Response time histogram", "ms (bin lower bound)", "requests");
        if (h.getTotalCount() == 0) {
            return chart.bin(0, 0);
        }
        double top = Math.max(h.getValueAtPercentile(99.9), 1) / 1000.0;
        double width = niceWidth(top / HISTOGRAM_BINS);
        var counts = new TreeMap<Integer, Long>();
        for (var v : h.recordedValues()) {
            int bin = (int) Math.min(HISTOGRAM_BINS - 1, Math.floor(v.getValueIteratedTo() / 1000.0 / width));
            counts.merge(bin, v.getCountAtValueIteratedTo(), Long::sum);
        }
        for (int bin = 0; bin < HISTOGRAM_BINS; bin++) {
            double lower = bin * width;
            if (lower > top && !counts.containsKey(bin)) {
                break;
            }
            chart.bin(Math.round(lower * 1000) / 1000.0, counts.getOrDefault(bin, 0L));
        }
        return chart;
    }

    private static double niceWidth(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-3))));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= raw) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static Chart scatter(RunData data) {
        var chart =
                Chart.scatter("Latency over time (" + data.samples().size() + " sampled requests)", "seconds", "ms");
        var byName = new TreeMap<String, List<LatencySample>>();
        data.samples()
                .forEach(s -> byName.computeIfAbsent(s.ok() ? s.name() : s.name() + " (failed)", k -> new ArrayList<>())
                        .add(s));
        if (byName.isEmpty()) {
            return chart.series("no requests", new double[0], new double[0]);
        }
        byName.forEach((name, samples) -> {
            double[] xs = new double[samples.size()];
            double[] ys = new double[samples.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (samples.get(i).epochMs() - data.startMs()) / 1000.0;
                ys[i] = samples.get(i).micros() / 1000.0;
            }
            chart.series(name, xs, ys);
        });
        return chart;
    }
}
