package scalelab.scaling.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import scalelab.core.json.Json;
import scalelab.core.report.Chart;
import scalelab.core.report.HtmlReport;
import scalelab.core.report.Machine;
import scalelab.scaling.experiment.AutoscalingExperiment.Config;
import scalelab.scaling.experiment.AutoscalingExperiment.Mark;
import scalelab.scaling.experiment.AutoscalingExperiment.Point;
import scalelab.scaling.experiment.AutoscalingExperiment.Result;

/** Writes the autoscaling report: {@code index.html}, {@code summary.csv}, {@code summary.json}, {@code timeline.csv}. */
final class AutoscalingReport {
    private static final List<String> HEADERS =
            List.of("part", "users", "requests", "failures", "req/s", "p50", "p95", "p99", "CPU", "instances");

    private final Config config;
    private final Result r;

    AutoscalingReport(Config config, Result result) {
        this.config = config;
        this.r = result;
    }

    Path write() {
        Path dir = config.out();
        writeFile(dir.resolve("summary.csv"), csv());
        writeFile(dir.resolve("timeline.csv"), timeline());
        writeFile(dir.resolve("summary.json"), Json.write(json()));
        var report = HtmlReport.titled(
                        "autoscaling", "Horizontal scaling: one small instance, then an autoscaled group")
                .parameters(parameters());
        report.heading("Part 1: one 0.25-vCPU instance")
                .paragraph("One search instance on a simulated budget of 0.25 vCPU (1 ms of work per request: 250"
                        + " requests/s at most), loaded directly by 5 to 300 users with think time between(0.1, 0.5) s,"
                        + " " + config.step().toSeconds() + " s per step.")
                .table(
                        HEADERS,
                        r.direct().stream().map(AutoscalingReport::cells).toList())
                .finding(
                        r.breakingUsers() == null
                                ? "No step saturated the instance."
                                : "Breaking point: " + r.breakingUsers() + " users. The CPU reaches "
                                        + (int) AutoscalingExperiment.SATURATED_CPU_PERCENT
                                        + "% of the budget; from there requests wait in line and latency grows with the"
                                        + " users while req/s stays at the budget.");
        var latency = Chart.bars("p95 latency per step: one instance vs autoscaled", "users", "ms");
        var throughput = Chart.bars("Requests per second per step", "users", "req/s");
        for (var s : r.direct()) {
            latency.bar("one instance", Integer.toString(s.users()), s.p95Ms());
            throughput.bar("one instance", Integer.toString(s.users()), s.rps());
        }
        for (var s : r.balanced()) {
            latency.bar("autoscaled (2-4)", Integer.toString(s.users()), s.p95Ms());
            throughput.bar("autoscaled (2-4)", Integer.toString(s.users()), s.rps());
        }
        report.chart(latency).chart(throughput);

        report.heading("Part 2: through the balancer, autoscaled")
                .paragraph("The same steps through the load balancer (least outstanding requests), the autoscaler"
                        + " tracking " + config.policy().describe() + ", evaluated every "
                        + config.evaluationPeriod().toSeconds() + " s.")
                .table(
                        HEADERS,
                        r.balanced().stream().map(AutoscalingReport::cells).toList());
        var timeline = Chart.lines("Autoscaling timeline", "seconds", "CPU % / instances x 25")
                .series("average CPU %", xs(r.cpu()), ys(r.cpu(), 1))
                .series("desired instances x 25", xs(r.desired()), ys(r.desired(), 25))
                .series("healthy targets x 25", xs(r.healthy()), ys(r.healthy(), 25));
        report.chart(timeline);
        report.paragraph("Scaling activities (seconds since the first step):")
                .table(List.of("second", "activity", "detail"), marks(r.activities()));

        report.heading("Part 3: killing instances under load");
        var f = r.failover();
        report.table(
                        List.of("measure", "value"),
                        List.of(
                                List.of(
                                        "failed after killing one (until killing all)",
                                        f.failuresAfterKill() + " of " + f.requestsAfterKill() + " ("
                                                + AutoscalingExperiment.percent(
                                                        f.failuresAfterKill(), f.requestsAfterKill())
                                                + ")"),
                                List.of(
                                        "time until the balancer stopped routing to it",
                                        AutoscalingExperiment.secs(f.stopRoutingSeconds())),
                                List.of(
                                        "time until its replacement was healthy",
                                        AutoscalingExperiment.secs(f.replacedSeconds())),
                                List.of(
                                        "failed after killing all",
                                        f.failuresAfterKillAll() + " of " + f.requestsAfterKillAll() + " ("
                                                + AutoscalingExperiment.percent(
                                                        f.failuresAfterKillAll(), f.requestsAfterKillAll())
                                                + ")"),
                                List.of(
                                        "time to full recovery (two new instances healthy)",
                                        AutoscalingExperiment.secs(f.recoverySeconds()))))
                .chart(Chart.lines("Requests and failures per second, part 3", "seconds", "per second")
                        .series("requests/s", xs(r.requestsPerSecond()), ys(r.requestsPerSecond(), 1))
                        .series("failures/s", xs(r.failuresPerSecond()), ys(r.failuresPerSecond(), 1)))
                .table(List.of("second", "event", "detail"), marks(r.failoverMarks()))
                .paragraph("A killed instance is ejected by the balancer at its first connection failure (the"
                        + " requests on it are retried once on the other instance when idempotent), and its"
                        + " replacement gets traffic after passing 2 health checks.");
        report.rawData("summary.json").write(config.out());
        return dir.resolve("index.html");
    }

    private Map<String, Object> parameters() {
        var p = new LinkedHashMap<String, Object>();
        p.put("quick", config.quick());
        p.put("steps (users)", AutoscalingExperiment.STEPS);
        p.put("step", config.step().toSeconds() + " s");
        p.put("think time", "between(0.1, 0.5) s");
        p.put("instance", "scalelab search --cpu-budget 0.25 (service time 1 ms of a core)");
        p.put("policy", config.policy().describe());
        p.put("balancer", config.lb().describe());
        return p;
    }

    private static List<Object> cells(Step s) {
        return List.of(
                s.part(),
                s.users(),
                s.requests(),
                s.failures(),
                String.format(Locale.ROOT, "%.1f", s.rps()),
                AutoscalingExperiment.ms(s.p50Ms()),
                AutoscalingExperiment.ms(s.p95Ms()),
                AutoscalingExperiment.ms(s.p99Ms()),
                Double.isNaN(s.cpuPercent()) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", s.cpuPercent()),
                s.instances());
    }

    private static List<List<Object>> marks(List<Mark> marks) {
        var rows = new ArrayList<List<Object>>();
        for (Mark m : marks) {
            rows.add(List.of(String.format(Locale.ROOT, "%.1f", m.seconds()), m.what(), m.detail()));
        }
        return rows;
    }

    private String csv() {
        var out = new StringBuilder(
                "part,users,requests,failures,failure_rate,rps,p50_ms,p95_ms,p99_ms,cpu_percent,instances\n");
        for (var s : concat()) {
            var row = AutoscalingExperiment.row(s);
            out.append(String.join(
                            ",",
                            row.values().stream()
                                    .map(v -> v == null ? "" : String.valueOf(v))
                                    .toList()))
                    .append('\n');
        }
        return out.toString();
    }

    private String timeline() {
        var out = new StringBuilder("part,second,series,value\n");
        r.cpu().forEach(p -> line(out, "2", p, "cpu_percent"));
        r.desired().forEach(p -> line(out, "2", p, "desired"));
        r.healthy().forEach(p -> line(out, "2", p, "healthy"));
        r.requestsPerSecond().forEach(p -> line(out, "3", p, "requests_per_s"));
        r.failuresPerSecond().forEach(p -> line(out, "3", p, "failures_per_s"));
        return out.toString();
    }

    private static void line(StringBuilder out, String part, Point p, String series) {
        out.append(part)
                .append(',')
                .append(String.format(Locale.ROOT, "%.3f", p.seconds()))
                .append(',')
                .append(series)
                .append(',')
                .append(String.format(Locale.ROOT, "%.3f", p.value()))
                .append('\n');
    }

    private List<Step> concat() {
        var all = new ArrayList<Step>(r.direct());
        all.addAll(r.balanced());
        return all;
    }

    private Map<String, Object> json() {
        var m = new LinkedHashMap<String, Object>();
        m.put("machine", Machine.describe());
        m.put("parameters", parameters());
        m.put("steps", concat().stream().map(AutoscalingExperiment::row).toList());
        m.put("breaking_point_users", r.breakingUsers());
        m.put("scaling_activities", r.activities());
        var f = r.failover();
        var failover = new LinkedHashMap<String, Object>();
        failover.put("requests_after_kill_one", f.requestsAfterKill());
        failover.put("failures_after_kill_one", f.failuresAfterKill());
        failover.put("stop_routing_s", nan(f.stopRoutingSeconds()));
        failover.put("replaced_s", nan(f.replacedSeconds()));
        failover.put("requests_after_kill_all", f.requestsAfterKillAll());
        failover.put("failures_after_kill_all", f.failuresAfterKillAll());
        failover.put("full_recovery_s", nan(f.recoverySeconds()));
        m.put("failover", failover);
        m.put("failover_events", r.failoverMarks());
        return m;
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static double[] xs(List<Point> points) {
        return points.stream().mapToDouble(Point::seconds).toArray();
    }

    private static double[] ys(List<Point> points, double scale) {
        return points.stream().mapToDouble(p -> p.value() * scale).toArray();
    }

    private static void writeFile(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
