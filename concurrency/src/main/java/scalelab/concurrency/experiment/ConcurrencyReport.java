package scalelab.concurrency.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import scalelab.concurrency.counter.CounterRace;
import scalelab.concurrency.experiment.ConcurrencyExperiment.Config;
import scalelab.concurrency.experiment.ConcurrencyExperiment.CounterRuns;
import scalelab.concurrency.experiment.ConcurrencyExperiment.FileRuns;
import scalelab.concurrency.experiment.ConcurrencyExperiment.MapRuns;
import scalelab.concurrency.experiment.ConcurrencyExperiment.Result;
import scalelab.concurrency.io.FileWrites;
import scalelab.concurrency.map.MapWriteRace;
import scalelab.concurrency.map.ReadHeavyMix;
import scalelab.concurrency.switches.ContextSwitches;
import scalelab.concurrency.switches.ThreadStarts;
import scalelab.core.json.Json;
import scalelab.core.report.Chart;
import scalelab.core.report.HtmlReport;

/**
 * The experiment's report: {@code index.html} (a section per part, tables and bar charts), and beside it {@code
 * summary.csv} (one row per configuration), {@code runs.csv} (every measured run) and {@code summary.json} (the
 * parameters, the rows, the findings, the notes and the failures).
 */
final class ConcurrencyReport {
    static final String SUMMARY_CSV = "summary.csv";
    static final String RUNS_CSV = "runs.csv";
    static final String SUMMARY_JSON = "summary.json";

    private final Result result;
    private final Config config;

    ConcurrencyReport(Result result) {
        this.result = result;
        this.config = result.config();
    }

    Path write() {
        write(SUMMARY_CSV, summaryCsv());
        write(RUNS_CSV, runsCsv());
        write(SUMMARY_JSON, Json.write(json()) + "\n");
        var report = HtmlReport.titled(
                "concurrency", "concurrency: lost updates, shared maps, buffered writes and context switches");
        report.parameters(parameters());
        result.failures().forEach(f -> report.finding("FAILURE: " + f));
        report.heading("Findings");
        result.conclusions().forEach(report::finding);
        result.notes().forEach(n -> report.paragraph("Note: " + n));
        counters(report);
        maps(report);
        files(report);
        switches(report);
        report.heading("Reproduce").preformatted(command());
        return report.rawData(RUNS_CSV).write(config.out());
    }

    private void counters(HtmlReport report) {
        report.heading("Counters")
                .paragraph(config.counterThreads() + " platform threads wait at a start gate, then each increments one"
                        + " shared counter " + Stats.count(config.counterIncrements()) + " times; "
                        + config.counterRepeats() + " races per counter. count++ on a plain or a volatile long is a"
                        + " read, an add and a write: two threads that read the same value both write value + 1, and"
                        + " one increment is lost. Time is from the gate to the last join (median race).")
                .table(
                        List.of("counter", "thread-safe", "races", "races that lost updates", "most lost", "median ms"),
                        result.counters().stream()
                                .map(c -> List.<Object>of(
                                        c.kind().label(),
                                        c.kind().threadSafe() ? "yes" : "no",
                                        c.runs().size(),
                                        c.runsWithLoss(),
                                        Stats.count(c.maxLost()) + " of "
                                                + Stats.count(
                                                        c.runs().getFirst().expected()),
                                        Stats.num(Stats.ms(c.median().elapsed()), 2)))
                                .toList());
        var lost = Chart.bars("Updates lost, worst race", "counter", "updates lost");
        var time = Chart.bars("Time per race (median)", "counter", "ms");
        for (CounterRuns c : result.counters()) {
            lost.bar("lost", c.kind().label(), c.maxLost());
            time.bar("median ms", c.kind().label(), Stats.ms(c.median().elapsed()));
        }
        report.chart(lost).chart(time);
    }

    private void maps(HtmlReport report) {
        report.heading("Maps: " + config.mapWriters() + " writers")
                .paragraph(config.mapWriters() + " writers each put " + Stats.count(config.keysPerWriter())
                        + " keys of their own into one shared map; " + config.mapRepeats() + " races per map. Then"
                        + " the map's size() and how many keys get() still finds are compared with the "
                        + Stats.count((long) config.mapWriters() * config.keysPerWriter()) + " put. The unsafe"
                        + " HashMap's writers are daemon threads stopped after "
                        + ConcurrencyExperiment.MAP_TIMEOUT.toSeconds() + " s and abandoned if stuck, so a hang"
                        + " shows as a hang, never a hung JVM.")
                .table(
                        List.of("map", "thread-safe", "races", "races wrong", "worst race", "median ms"),
                        result.maps().stream()
                                .map(m -> List.<Object>of(
                                        m.kind().label(),
                                        m.kind().threadSafe() ? "yes" : "no",
                                        m.runs().size(),
                                        m.runsWrong(),
                                        m.worst().problems(),
                                        Stats.num(Stats.ms(m.median().elapsed()), 2)))
                                .toList());
        var lost = Chart.bars("Entries lost, worst race", "map", "entries lost");
        for (MapRuns m : result.maps())
            lost.bar("lost", m.kind().label(), Math.max(0, m.worst().lost()));
        report.chart(lost);

        report.heading("Maps: read-heavy (" + ReadHeavyMix.DEFAULT_READ_PERCENT + "% gets)")
                .paragraph(config.mixThreads() + " threads each do " + Stats.count(config.mixOpsPerThread())
                        + " operations on a map of " + Stats.count(ReadHeavyMix.DEFAULT_KEYS) + " keys, "
                        + ReadHeavyMix.DEFAULT_READ_PERCENT + "% gets and the rest puts of existing keys. A plain lock"
                        + " (synchronizedMap) lets one get at a time; a read-write lock lets gets share it;"
                        + " ConcurrentHashMap takes no lock for a get.")
                .table(
                        List.of("map", "operations", "ms", "ns per op", "M ops/s", "size after"),
                        result.mixes().stream()
                                .map(x -> List.<Object>of(
                                        x.kind().label(),
                                        Stats.count(x.operations()),
                                        Stats.num(Stats.ms(x.elapsed()), 1),
                                        Stats.num(x.nanosPerOp(), 1),
                                        Stats.num(x.opsPerSecond() / 1e6, 2),
                                        Stats.count(x.sizeAfter())))
                                .toList());
        var throughput = Chart.bars("Read-heavy throughput", "map", "million operations per second");
        result.mixes().forEach(x -> throughput.bar("M ops/s", x.kind().label(), x.opsPerSecond() / 1e6));
        report.chart(throughput);
    }

    private void files(HtmlReport report) {
        report.heading("File writes")
                .paragraph(Stats.count(config.fileLines()) + " lines of 42 bytes per file, written with one write call"
                        + " per line (FileOutputStream) or through a BufferedOutputStream of "
                        + FileWrites.BUFFER_BYTES / 1024 + " KiB, then closed, with or without an fsync"
                        + " (FileDescriptor.sync) before the close; " + config.fileRepeats() + " file(s) per mode after"
                        + " an unmeasured warm-up file. Files go to a temporary folder, deleted at the end.")
                .table(
                        List.of("mode", "fsync", "files", "median ms", "ns per line", "speed-up", "bytes on disk"),
                        result.files().stream()
                                .map(f -> List.<Object>of(
                                        f.mode().label(),
                                        f.fsync() ? "yes" : "no",
                                        f.runs().size(),
                                        Stats.num(Stats.ms(f.median().elapsed()), 1),
                                        Stats.num(
                                                f.median().elapsed().toNanos()
                                                        / (double) f.median().lines(),
                                                0),
                                        Stats.num(Findings.fileSpeedup(result, f), 1) + "x",
                                        Stats.count(f.median().bytesOnDisk())))
                                .toList());
        var chart = Chart.bars("Time to write the file (median)", "final fsync", "ms");
        for (FileRuns f : result.files()) {
            chart.bar(
                    f.mode().label(),
                    f.fsync() ? "with fsync" : "without fsync",
                    Stats.ms(f.median().elapsed()));
        }
        report.chart(chart);
    }

    private void switches(HtmlReport report) {
        report.heading("Context switches")
                .paragraph("Two threads hand a turn back and forth " + Stats.count(config.roundTrips()) + " times"
                        + " (after an unmeasured warm-up): each gives the turn and parks (LockSupport) until it comes"
                        + " back, so every hand-off wakes the other thread. A round trip is two switches; the switch"
                        + " time is the total over twice the round trips. Each configuration runs in a child JVM,"
                        + " because one CPU cannot be chosen inside a running JVM: platform threads on one CPU run"
                        + " under taskset -c 0 (not measured when taskset is absent); virtual threads on one carrier"
                        + " get -Djdk.virtualThreadScheduler.parallelism=1 (and taskset -c 0 when present). Across"
                        + " all CPUs a hand-off is a wake-up of a thread on another CPU rather than a switch on one.")
                .table(
                        List.of(
                                "threads",
                                "CPUs",
                                "how",
                                "CPUs the child saw",
                                "carriers",
                                "total ms",
                                "ns per switch"),
                        result.switches().stream()
                                .map(m -> List.<Object>of(
                                        m.kind().label(),
                                        m.cpus().label(),
                                        m.measured() ? m.how() : m.skipped(),
                                        m.measured() ? m.cpusSeen() : "-",
                                        m.kind() == scalelab.concurrency.switches.PingPong.Kind.VIRTUAL
                                                ? m.parallelism()
                                                : "-",
                                        m.measured()
                                                ? Stats.num(Stats.ms(m.result().elapsed()), 1)
                                                : "-",
                                        m.measured() ? Stats.num(m.result().nanosPerSwitch(), 0) : "-"))
                                .toList());
        var chart = Chart.bars("Average switch (hand-off) time", "CPUs", "ns per switch");
        for (ContextSwitches.Measurement m : result.switches()) {
            if (m.measured())
                chart.bar(m.kind().label(), m.cpus().label(), m.result().nanosPerSwitch());
        }
        report.chart(chart);

        report.heading("Starting threads")
                .paragraph(Stats.count(config.tasks()) + " tasks, each on a virtual thread of its own (started, then"
                        + " all joined) or submitted to a fixed pool of " + ThreadStarts.POOL_THREADS + " platform"
                        + " threads started before the clock (then every future awaited), after an unmeasured"
                        + " warm-up. A task computes a little, or sleeps " + ThreadStarts.SLEEP.toMillis() + " ms.")
                .table(
                        List.of("way", "task", "tasks", "ms", "µs per task"),
                        result.starts().stream()
                                .map(s -> List.<Object>of(
                                        s.way().label(),
                                        s.work().label(),
                                        Stats.count(s.tasks()),
                                        Stats.num(Stats.ms(s.elapsed()), 1),
                                        Stats.num(s.microsPerTask(), 2)))
                                .toList());
        var chart2 = Chart.bars("Time to run every task", "task", "ms");
        result.starts().forEach(s -> chart2.bar(s.way().label(), s.work().label(), Stats.ms(s.elapsed())));
        report.chart(chart2);
    }

    private Map<String, Object> parameters() {
        var p = new LinkedHashMap<String, Object>();
        p.put(
                "counters",
                config.counterThreads() + " threads x " + Stats.count(config.counterIncrements()) + " increments, "
                        + config.counterRepeats() + " races each");
        p.put(
                "map writes",
                config.mapWriters() + " writers x " + Stats.count(config.keysPerWriter()) + " keys, "
                        + config.mapRepeats() + " races each, HashMap stopped after "
                        + ConcurrencyExperiment.MAP_TIMEOUT.toSeconds() + " s");
        p.put(
                "map reads",
                config.mixThreads() + " threads x " + Stats.count(config.mixOpsPerThread())
                        + " operations, " + ReadHeavyMix.DEFAULT_READ_PERCENT + "% gets, "
                        + Stats.count(ReadHeavyMix.DEFAULT_KEYS) + " keys");
        p.put("file writes", Stats.count(config.fileLines()) + " lines, " + config.fileRepeats() + " file(s) per mode");
        p.put("context switches", Stats.count(config.roundTrips()) + " round trips per configuration, child JVMs");
        p.put("thread starts", Stats.count(config.tasks()) + " tasks, pool of " + ThreadStarts.POOL_THREADS);
        p.put("command", command());
        p.put("other data", SUMMARY_CSV + ", " + SUMMARY_JSON);
        return p;
    }

    private String command() {
        var cmd = new StringBuilder("scalelab experiment concurrency");
        if (config.quick()) cmd.append(" --quick");
        cmd.append(" --threads ").append(config.counterThreads());
        cmd.append(" --increments ").append(config.counterIncrements());
        return cmd.toString();
    }

    private String summaryCsv() {
        var csv = new StringBuilder(
                "section,variant,runs,threads,operations,expected,actual,exact,median_ms,ns_per_op,outcome\n");
        for (Row r : result.rows()) {
            csv.append(String.join(
                            ",",
                            quote(r.section()),
                            quote(r.variant()),
                            Integer.toString(r.runs()),
                            Integer.toString(r.threads()),
                            Long.toString(r.operations()),
                            Long.toString(r.expected()),
                            Long.toString(r.actual()),
                            Boolean.toString(r.exact()),
                            Double.isNaN(r.medianMillis()) ? "" : Stats.num(r.medianMillis(), 3),
                            Double.isNaN(r.nanosPerOp()) ? "" : Stats.num(r.nanosPerOp(), 2),
                            quote(r.outcome())))
                    .append('\n');
        }
        return csv.toString();
    }

    /** Every measured run: section, variant, run number, expected, actual, ms, and what went wrong. */
    private String runsCsv() {
        var csv = new StringBuilder("section,variant,run,expected,actual,ms,problems\n");
        for (CounterRuns c : result.counters()) {
            int i = 1;
            for (CounterRace.Result r : c.runs()) {
                csv.append(line(
                        Rows.COUNTERS,
                        c.kind().label(),
                        i++,
                        r.expected(),
                        r.actual(),
                        Stats.ms(r.elapsed()),
                        r.exact() ? "" : "lost " + r.lost()));
            }
        }
        for (MapRuns m : result.maps()) {
            int i = 1;
            for (MapWriteRace.Result r : m.runs()) {
                csv.append(line(
                        Rows.MAP_WRITES,
                        m.kind().label(),
                        i++,
                        r.expected(),
                        r.present(),
                        Stats.ms(r.elapsed()),
                        r.exact() ? "" : r.problems()));
            }
        }
        for (ReadHeavyMix.Result x : result.mixes()) {
            csv.append(line(Rows.MAP_READS, x.kind().label(), 1, x.keys(), x.sizeAfter(), Stats.ms(x.elapsed()), ""));
        }
        for (FileRuns f : result.files()) {
            int i = 1;
            for (FileWrites.Result r : f.runs()) {
                csv.append(line(
                        Rows.FILE_WRITES,
                        f.label(),
                        i++,
                        r.bytesWritten(),
                        r.bytesOnDisk(),
                        Stats.ms(r.elapsed()),
                        r.exact() ? "" : "size differs"));
            }
        }
        for (ContextSwitches.Measurement m : result.switches()) {
            if (!m.measured()) continue;
            var r = m.result();
            csv.append(line(
                    Rows.SWITCHES,
                    m.label(),
                    1,
                    r.roundTrips(),
                    Math.min(r.pings(), r.pongs()),
                    Stats.ms(r.elapsed()),
                    ""));
        }
        for (ThreadStarts.Result s : result.starts()) {
            csv.append(line(
                    Rows.STARTS,
                    s.way().label() + ", " + s.work().label(),
                    1,
                    s.tasks(),
                    s.completed(),
                    Stats.ms(s.elapsed()),
                    ""));
        }
        return csv.toString();
    }

    private static String line(
            String section, String variant, int run, long expected, long actual, double ms, String p) {
        return String.join(
                        ",",
                        quote(section),
                        quote(variant),
                        Integer.toString(run),
                        Long.toString(expected),
                        Long.toString(actual),
                        Stats.num(ms, 3),
                        quote(p))
                + "\n";
    }

    private Map<String, Object> json() {
        var root = new LinkedHashMap<String, Object>();
        root.put("experiment", "concurrency");
        root.put("quick", config.quick());
        root.put("machine", scalelab.core.report.Machine.describe());
        root.put("parameters", parameters());
        var rows = new ArrayList<Map<String, Object>>();
        for (Row r : result.rows()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("section", r.section());
            m.put("variant", r.variant());
            m.put("runs", r.runs());
            m.put("threads", r.threads());
            m.put("operations", r.operations());
            m.put("expected", r.expected());
            m.put("actual", r.actual());
            m.put("exact", r.exact());
            m.put("median_ms", Double.isNaN(r.medianMillis()) ? null : r.medianMillis());
            m.put("ns_per_op", Double.isNaN(r.nanosPerOp()) ? null : r.nanosPerOp());
            m.put("outcome", r.outcome());
            rows.add(m);
        }
        root.put("rows", rows);
        root.put("findings", result.conclusions());
        root.put("notes", result.notes());
        root.put("failures", result.failures());
        return root;
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private void write(String name, String text) {
        try {
            Files.createDirectories(config.out());
            Files.writeString(config.out().resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " in " + config.out(), e);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
