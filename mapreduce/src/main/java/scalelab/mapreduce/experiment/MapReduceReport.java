package scalelab.mapreduce.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import scalelab.core.config.Redact;
import scalelab.core.json.Json;
import scalelab.core.report.Chart;
import scalelab.core.report.HtmlReport;
import scalelab.core.report.Machine;
import scalelab.mapreduce.engine.PhaseTimes;
import scalelab.mapreduce.experiment.MapReduceExperiment.Config;
import scalelab.mapreduce.experiment.MapReduceExperiment.Goal;
import scalelab.mapreduce.experiment.MapReduceExperiment.Result;
import scalelab.mapreduce.experiment.MapReduceExperiment.Run;
import scalelab.mapreduce.experiment.MapReduceExperiment.SingleRun;
import scalelab.mapreduce.experiment.MapReduceExperiment.Summary;

/**
 * The experiment's report: {@code index.html}, and beside it {@code summary.csv} (one row per configuration, its
 * median run), {@code runs.csv} (every measured run) and {@code summary.json} (the parameters, the summaries, the
 * goals and the findings).
 */
final class MapReduceReport {
    static final String SUMMARY_CSV = "summary.csv";
    static final String RUNS_CSV = "runs.csv";
    static final String SUMMARY_JSON = "summary.json";

    private final Config config;
    private final Result result;

    MapReduceReport(Config config, Result result) {
        this.config = config;
        this.result = result;
    }

    Path write() {
        write(SUMMARY_CSV, summaryCsv());
        write(RUNS_CSV, runsCsv());
        write(SUMMARY_JSON, Json.write(json()) + "\n");
        var report = HtmlReport.titled("mapreduce", "mapreduce: word count on one thread vs MapReduce over a broker");
        report.parameters(parameters());
        for (String failure : result.failures()) {
            report.finding("FAILURE: " + failure);
        }
        for (Goal g : result.goals()) {
            report.finding((g.met() == null ? "Goal not measured: " : g.met() ? "Goal met: " : "Goal MISSED: ")
                    + g.goal() + " — " + g.measured());
        }
        result.notes().forEach(report::paragraph);
        report.heading("Findings");
        result.findings().forEach(report::finding);

        report.heading("Configurations (median run of each)")
                .paragraph("The single-machine count reads the corpus and counts it on one thread. Each MapReduce run"
                        + " starts the coordinator, " + MapReduceExperiment.REDUCERS + " reducers and the mappers in"
                        + " this JVM on a fresh broker, asks for " + MapReduceExperiment.CHUNKS_PER_MAPPER
                        + " chunks per mapper of at most " + Stats.megabytes(MapReduceExperiment.MAX_CHUNK_BYTES)
                        + ", and its result is compared with the single-machine count. Time is the job's total"
                        + " (submission to assembled result); MB/s = 10^6 bytes per second; x single = total over the"
                        + " single-machine median. The phases overlap (mappers count while the splitter still reads),"
                        + " so they need not add up to the total.")
                .table(
                        List.of(
                                "configuration",
                                "runs",
                                "map tasks",
                                "total s",
                                "split s",
                                "map s",
                                "shuffle s",
                                "reduce s",
                                "MB/s",
                                "x single",
                                "result"),
                        result.summaries().stream()
                                .map(MapReduceReport::summaryRow)
                                .toList());
        report.chart(totalTime());
        report.chart(throughput());
        report.paragraph("Time per phase: each phase is a bar beside the others and the total, not stacked on"
                + " them, because the phases overlap: split (reading the chunks and publishing the map tasks) and"
                + " map (from the first map task published to the last partial received) run at the same time, as"
                + " the mappers count the first chunks while the splitter still reads the later ones. Their sum can"
                + " exceed the total.");
        report.chart(phases());
        report.chart(ratios());

        report.heading("Every measured run")
                .paragraph("After a warm-up run of each (not recorded). Wall = the whole run call, starting and"
                        + " stopping the roles included.")
                .table(
                        List.of(
                                "configuration",
                                "run",
                                "total s",
                                "wall s",
                                "split s",
                                "map s",
                                "shuffle s",
                                "reduce s",
                                "MB/s",
                                "re-issued",
                                "duplicates",
                                "result"),
                        runRows());
        report.heading("Reproduce")
                .preformatted(command()
                        + (result.corpus().generated()
                                ? "\n# the corpus alone: scalelab mapreduce generate --size "
                                        + Stats.sizeArgument(config.sizeBytes()) + " --seed " + config.seed()
                                        + " --output corpus.txt"
                                : ""));
        return report.rawData(RUNS_CSV).write(config.out());
    }

    private Map<String, Object> parameters() {
        var p = new LinkedHashMap<String, Object>();
        var c = result.corpus();
        p.put(
                "corpus",
                c.generated()
                        ? Stats.megabytes(c.bytes()) + " generated with seed " + c.seed() + " at " + c.path()
                                + " (deleted after the run)"
                        : Stats.megabytes(c.bytes()) + " read from " + c.path());
        p.put("corpus bytes", c.bytes());
        p.put("measured runs per configuration", config.repeats() + " (median shown), after one warm-up run");
        p.put("mappers", MapReduceExperiment.MAPPER_COUNTS);
        p.put("reducers (partitions)", MapReduceExperiment.REDUCERS);
        p.put(
                "chunks asked for",
                MapReduceExperiment.CHUNKS_PER_MAPPER + " per mapper, at most "
                        + Stats.megabytes(MapReduceExperiment.MAX_CHUNK_BYTES) + " each");
        p.put("task timeout", MapReduceExperiment.TASK_TIMEOUT.toSeconds() + " s");
        p.put(
                "brokers",
                config.rabbitUrl() == null
                        ? "in-process only"
                        : "in-process and RabbitMQ at " + Redact.credentials(config.rabbitUrl())
                                + (Findings.brokers(result).contains(MapReduceExperiment.RABBITMQ)
                                        ? ""
                                        : " (not reachable: skipped)"));
        p.put("command", command());
        p.put("other data", SUMMARY_CSV + ", " + SUMMARY_JSON);
        return p;
    }

    private String command() {
        var cmd = new StringBuilder("scalelab experiment mapreduce");
        if (config.quick()) cmd.append(" --quick");
        if (config.corpus() != null) {
            cmd.append(" --corpus ").append(config.corpus());
        } else {
            cmd.append(" --size ")
                    .append(Stats.sizeArgument(config.sizeBytes()))
                    .append(" --seed ")
                    .append(config.seed());
        }
        cmd.append(" --repeats ").append(config.repeats());
        cmd.append(" --broker ").append(config.rabbitUrl() == null ? "none" : Redact.credentials(config.rabbitUrl()));
        return cmd.toString();
    }

    private static List<Object> summaryRow(Summary s) {
        PhaseTimes p = s.phases();
        return List.of(
                s.label(),
                s.totals().size(),
                s.single() || !s.measured() ? "-" : s.mapTasks(),
                s.measured() ? sec(s.total()) : "-",
                p == null ? "-" : sec(p.split()),
                p == null ? "-" : sec(p.map()),
                p == null ? "-" : sec(p.shuffle()),
                p == null ? "-" : sec(p.reduce()),
                Double.isNaN(s.megabytesPerSecond()) ? "-" : Stats.num(s.megabytesPerSecond(), 1),
                Double.isNaN(s.ratio()) ? "-" : Stats.num(s.ratio(), 2),
                Stats.result(s));
    }

    private List<List<Object>> runRows() {
        var rows = new ArrayList<List<Object>>();
        for (SingleRun s : result.singles()) {
            rows.add(List.of(
                    Stats.label("", 0),
                    s.repeat(),
                    sec(s.elapsed()),
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    Stats.num(s.megabytesPerSecond(), 1),
                    "-",
                    "-",
                    "-"));
        }
        for (Run r : result.runs()) {
            PhaseTimes p = r.phases();
            rows.add(List.of(
                    Stats.label(r.broker(), r.mappers()),
                    r.repeat(),
                    sec(p.total()),
                    sec(r.wall()),
                    sec(p.split()),
                    sec(p.map()),
                    sec(p.shuffle()),
                    sec(p.reduce()),
                    Stats.num(r.megabytesPerSecond(), 1),
                    r.reissued(),
                    r.duplicatesIgnored(),
                    r.equal() ? "equal" : "WRONG RESULT: " + r.mismatch()));
        }
        return rows;
    }

    /** Category of a summary in the bar charts: "single", "1 mapper", "2 mappers". */
    private static String category(Summary s) {
        return s.single() ? "single machine" : s.mappers() + (s.mappers() == 1 ? " mapper" : " mappers");
    }

    private static String series(Summary s) {
        return s.single() ? "single machine" : s.broker();
    }

    private Chart totalTime() {
        var chart = Chart.bars("Total time per configuration (median run)", "configuration", "seconds");
        measured().forEach(s -> chart.bar(series(s), category(s), s.total().toNanos() / 1e9));
        return chart;
    }

    private Chart throughput() {
        var chart = Chart.bars("Throughput per configuration (median run)", "configuration", "MB/s (10^6 bytes/s)");
        measured().forEach(s -> chart.bar(series(s), category(s), s.megabytesPerSecond()));
        return chart;
    }

    /**
     * Each phase and the total side by side, not stacked: the phases overlap (split overlaps map by design, see
     * {@link PhaseTimes}), so a stack of them would show more time than the job took.
     */
    private Chart phases() {
        var chart = Chart.bars(
                "Time per phase and in total (median run; the phases overlap, so they do not add up to the total)",
                "configuration",
                "seconds");
        for (Summary s : measured()) {
            if (!s.single()) {
                Findings.phases(s.phases()).forEach((name, d) -> chart.bar(name, s.label(), d.toNanos() / 1e9));
            }
            chart.bar("total", s.label(), s.total().toNanos() / 1e9);
        }
        return chart;
    }

    private Chart ratios() {
        var chart = Chart.lines(
                "Time relative to the single-machine count, and the issue's goals at " + Findings.GOAL_MAPPERS
                        + " mappers",
                "mappers",
                "x single-machine time");
        double[] span = {MapReduceExperiment.MAPPER_COUNTS.getFirst(), MapReduceExperiment.MAPPER_COUNTS.getLast()};
        for (String broker : Findings.brokers(result)) {
            List<Summary> mine = result.summaries().stream()
                    .filter(s -> s.broker().equals(broker) && s.measured())
                    .toList();
            if (mine.isEmpty()) continue;
            chart.series(
                    broker,
                    mine.stream().mapToDouble(Summary::mappers).toArray(),
                    mine.stream().mapToDouble(Summary::ratio).toArray());
            double goal = Findings.goalRatio(broker);
            chart.series("goal " + broker + ": " + Stats.num(goal, 1) + "x", span, new double[] {goal, goal});
        }
        chart.series("single machine: 1x", span, new double[] {1, 1});
        return chart;
    }

    private List<Summary> measured() {
        return result.summaries().stream().filter(Summary::measured).toList();
    }

    private String summaryCsv() {
        var csv = new StringBuilder("configuration,broker,mappers,reducers,runs,map_tasks,bytes,split_ms,map_ms,"
                + "shuffle_ms,reduce_ms,total_ms,mb_per_s,ratio_to_single,equal,error\n");
        for (Summary s : result.summaries()) {
            PhaseTimes p = s.phases();
            csv.append(String.join(
                            ",",
                            s.id(),
                            s.single() ? "" : s.broker(),
                            Integer.toString(s.mappers()),
                            s.single() ? "0" : Integer.toString(MapReduceExperiment.REDUCERS),
                            Integer.toString(s.totals().size()),
                            Integer.toString(s.mapTasks()),
                            Long.toString(s.bytes()),
                            p == null ? "" : ms(p.split()),
                            p == null ? "" : ms(p.map()),
                            p == null ? "" : ms(p.shuffle()),
                            p == null ? "" : ms(p.reduce()),
                            s.measured() ? ms(s.total()) : "",
                            Double.isNaN(s.megabytesPerSecond()) ? "" : Stats.num(s.megabytesPerSecond(), 2),
                            Double.isNaN(s.ratio()) ? "" : Stats.num(s.ratio(), 4),
                            Boolean.toString(s.equal()),
                            quote(s.error() == null ? "" : s.error())))
                    .append('\n');
        }
        return csv.toString();
    }

    private String runsCsv() {
        var csv = new StringBuilder(
                "configuration,broker,mappers,reducers,repeat,bytes,map_tasks,reduce_tasks,split_ms,"
                        + "map_ms,shuffle_ms,reduce_ms,total_ms,wall_ms,mb_per_s,reissued,duplicates_ignored,equal,mismatch\n");
        for (SingleRun s : result.singles()) {
            csv.append(String.format(
                    Locale.ROOT,
                    "single,,0,0,%d,%d,,,,,,,%s,%s,%.2f,,,true,%n",
                    s.repeat(),
                    s.bytes(),
                    ms(s.elapsed()),
                    ms(s.elapsed()),
                    s.megabytesPerSecond()));
        }
        for (Run r : result.runs()) {
            PhaseTimes p = r.phases();
            csv.append(String.join(
                            ",",
                            Stats.id(r.broker(), r.mappers()),
                            r.broker(),
                            Integer.toString(r.mappers()),
                            Integer.toString(r.reduceTasks()),
                            Integer.toString(r.repeat()),
                            Long.toString(r.inputBytes()),
                            Integer.toString(r.mapTasks()),
                            Integer.toString(r.reduceTasks()),
                            ms(p.split()),
                            ms(p.map()),
                            ms(p.shuffle()),
                            ms(p.reduce()),
                            ms(p.total()),
                            ms(r.wall()),
                            Stats.num(r.megabytesPerSecond(), 2),
                            Long.toString(r.reissued()),
                            Long.toString(r.duplicatesIgnored()),
                            Boolean.toString(r.equal()),
                            quote(r.mismatch() == null ? "" : r.mismatch())))
                    .append('\n');
        }
        return csv.toString();
    }

    private Map<String, Object> json() {
        var root = new LinkedHashMap<String, Object>();
        root.put("experiment", "mapreduce");
        root.put("ok", result.ok());
        root.put("machine", Machine.describe());
        var params = new LinkedHashMap<String, Object>();
        var c = result.corpus();
        params.put("corpus_bytes", c.bytes());
        params.put("corpus_path", c.path().toString());
        params.put("corpus_generated", c.generated());
        params.put("corpus_deleted_after_run", c.generated());
        params.put("seed", c.seed());
        params.put("generate_ms", millis(c.generateTime()));
        params.put("repeats", config.repeats());
        params.put("mappers", MapReduceExperiment.MAPPER_COUNTS);
        params.put("reducers", MapReduceExperiment.REDUCERS);
        params.put("chunks_per_mapper", MapReduceExperiment.CHUNKS_PER_MAPPER);
        params.put("max_chunk_bytes", MapReduceExperiment.MAX_CHUNK_BYTES);
        params.put("task_timeout_ms", MapReduceExperiment.TASK_TIMEOUT.toMillis());
        params.put("rabbitmq_url", config.rabbitUrl() == null ? null : Redact.credentials(config.rabbitUrl()));
        params.put("command", command());
        root.put("parameters", params);
        var configs = new ArrayList<Map<String, Object>>();
        for (Summary s : result.summaries()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("id", s.id());
            m.put("label", s.label());
            m.put("broker", s.single() ? null : s.broker());
            m.put("mappers", s.mappers());
            m.put("runs", s.totals().size());
            m.put("totals_ms", s.totals().stream().map(MapReduceReport::millis).toList());
            m.put("map_tasks", s.mapTasks());
            m.put("total_ms", s.measured() ? millis(s.total()) : null);
            if (s.phases() != null) {
                var phases = new LinkedHashMap<String, Object>();
                Findings.phases(s.phases()).forEach((k, d) -> phases.put(k + "_ms", millis(d)));
                m.put("phases", phases);
            }
            m.put("mb_per_s", Double.isNaN(s.megabytesPerSecond()) ? null : s.megabytesPerSecond());
            m.put("ratio_to_single", Double.isNaN(s.ratio()) ? null : s.ratio());
            m.put("equal", s.equal());
            m.put("error", s.error());
            configs.add(m);
        }
        root.put("configurations", configs);
        root.put("goals", result.goals());
        root.put("findings", result.findings());
        root.put("notes", result.notes());
        root.put("failures", result.failures());
        return root;
    }

    private void write(String file, String text) {
        try {
            Files.createDirectories(config.out());
            Files.writeString(config.out().resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " in " + config.out(), e);
        }
    }

    private static String sec(Duration d) {
        return Stats.num(d.toNanos() / 1e9, 3);
    }

    private static String ms(Duration d) {
        return Stats.num(d.toNanos() / 1e6, 3);
    }

    private static double millis(Duration d) {
        return Math.round(d.toNanos() / 1e3) / 1e3;
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0) return field;
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
