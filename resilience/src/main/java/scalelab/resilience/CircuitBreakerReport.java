package scalelab.resilience;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import scalelab.core.report.Chart;
import scalelab.core.report.HtmlReport;
import scalelab.resilience.CircuitBreakerExperiment.Config;
import scalelab.resilience.CircuitBreakerExperiment.Measured;
import scalelab.resilience.CircuitBreakerExperiment.Result;
import scalelab.resilience.cart.FixedConfig;

/** The circuit-breaker experiment's report: {@code index.html}, {@code timeline.csv} and {@code breaker.csv}. */
final class CircuitBreakerReport {
    static final String TIMELINE_CSV = "timeline.csv";
    static final String BREAKER_CSV = "breaker.csv";

    private final Config config;
    private final FixedConfig cartConfig;
    private final Measured measured;
    private final Result result;
    private final LinkedHashMap<String, List<VariantTimeline.Second>> seconds = new LinkedHashMap<>();

    CircuitBreakerReport(Config config, FixedConfig cartConfig, Measured measured, Result result) {
        this.config = config;
        this.cartConfig = cartConfig;
        this.measured = measured;
        this.result = result;
        measured.timelines()
                .forEach((variant, timeline) ->
                        seconds.put(variant, timeline.seconds(measured.originMs(), measured.phases())));
    }

    Path write() {
        writeTimelineCsv();
        writeBreakerCsv();
        var report = HtmlReport.titled(
                "circuit-breaker", "circuit-breaker: the vulnerable and the fixed cart through a product outage");
        report.parameters(parameters());
        for (var goal : result.goals()) {
            report.finding((goal.met() ? "Goal met: " : "Goal MISSED: ") + goal.goal() + " — " + goal.measured());
        }
        report.heading("Conclusion")
                .table(
                        CircuitBreakerExperiment.HEADERS,
                        result.rows().stream()
                                .map(CircuitBreakerExperiment::cells)
                                .toList())
                .paragraph("Each request is counted in the phase it was answered in (a vulnerable request sent in "
                        + "the last seconds of the latency half is answered, 5 s later, in the recovered phase). "
                        + "A request fails on any status but 200 and on the load generator's "
                        + CircuitBreakerExperiment.REQUEST_TIMEOUT.toSeconds() + " s timeout.");
        report.heading("Over time").paragraph(boundaries());
        report.chart(
                perSecond("Error rate over time", "error rate (%)", s -> 100 * s.errorRate(), "vulnerable", "fixed"));
        for (String variant : CircuitBreakerExperiment.VARIANTS) {
            report.chart(latency(variant));
        }
        report.chart(perSecond(
                "Requests in flight over time",
                "requests in flight (most in the second)",
                s -> s.inFlight(),
                "vulnerable",
                "fixed"));
        report.chart(perSecond("Requests answered per second", "requests/s", s -> s.requests(), "vulnerable", "fixed"));
        report.chart(breakerChart())
                .paragraph("The breaker's state as read from GET /fixed/metrics every "
                        + CircuitBreakerExperiment.POLL.toMillis() + " ms: 0 = CLOSED, 1 = HALF_OPEN, 2 = OPEN (-1 = "
                        + "a poll that failed). " + measured.breaker().transitions() + " state changes were seen.");
        report.paragraph("Raw data: " + TIMELINE_CSV + " (per second and variant), " + BREAKER_CSV
                + " (every poll), and each variant's load report with its Locust CSVs and HdrHistogram logs in "
                + "vulnerable/ and fixed/.");
        return report.rawData(TIMELINE_CSV).write(config.out());
    }

    private LinkedHashMap<String, Object> parameters() {
        var p = new LinkedHashMap<String, Object>();
        p.put("users per variant", config.users());
        p.put("scenario", "add to cart 10 : view 3, think time between(0.5 s, 2 s), product ids 1-5, quantity 1");
        p.put(
                "timeline",
                String.format(
                        Locale.ROOT,
                        "%d s normal, %d s outage (first half POST /fail/on, second half /fail/off with %d ms latency), "
                                + "%d s recovered",
                        config.normal().toSeconds(),
                        config.outage().toSeconds(),
                        CircuitBreakerExperiment.INJECTED_LATENCY.toMillis(),
                        config.recovered().toSeconds()));
        p.put("warm-up", config.warmUp().toSeconds() + " s of the same load, not recorded");
        p.put("load generator timeout", CircuitBreakerExperiment.REQUEST_TIMEOUT.toSeconds() + " s");
        p.put("breaker poll", CircuitBreakerExperiment.POLL.toMillis() + " ms");
        p.put("fixed cart config", cartConfig.describe());
        p.put(
                "quick",
                config.quick()
                        ? "yes: open-state wait shortened to " + CircuitBreakerExperiment.QUICK_OPEN_WAIT.toMillis()
                                + " ms to fit the short phases"
                        : "no");
        return p;
    }

    /** Seconds since the start at which each phase begins. */
    private double[] boundarySeconds() {
        return measured.phases().stream()
                .skip(1)
                .mapToDouble(p -> (p.startMs() - measured.originMs()) / 1000.0)
                .toArray();
    }

    private String boundaries() {
        var parts = new ArrayList<String>();
        for (var p : measured.phases()) {
            parts.add(String.format(
                    Locale.ROOT, "%s from %.1f s", p.name(), (p.startMs() - measured.originMs()) / 1000.0));
        }
        return "Phases (seconds since the start; the vertical lines named phase switches in the charts): "
                + String.join(", ", parts)
                + ". Each point is one second of one variant; a latency line has a gap where a second had no answer (the vulnerable cart during the latency half). Before the timeline, "
                + config.warmUp().toSeconds()
                + " s of the same load warmed both carts up (not recorded).";
    }

    private Chart perSecond(
            String title, String yLabel, ToDoubleFunction<VariantTimeline.Second> y, String... variants) {
        var chart = Chart.lines(title, "seconds since the start", yLabel);
        double top = 0;
        for (String variant : variants) {
            var s = seconds.get(variant);
            double[] ys = s.stream().mapToDouble(y).toArray();
            for (double v : ys) {
                top = Math.max(top, v);
            }
            chart.series(
                    variant,
                    s.stream().mapToDouble(VariantTimeline.Second::atSeconds).toArray(),
                    ys);
        }
        return withBoundaries(chart, top);
    }

    private Chart latency(String variant) {
        var s = seconds.get(variant);
        double[] xs = s.stream().mapToDouble(VariantTimeline.Second::atSeconds).toArray();
        // a second without answers has no latency: a gap, not a zero
        double[] p50 = s.stream()
                .mapToDouble(x -> x.requests() == 0 ? Double.NaN : x.p50Ms())
                .toArray();
        double[] p99 = s.stream()
                .mapToDouble(x -> x.requests() == 0 ? Double.NaN : x.p99Ms())
                .toArray();
        double top = 0;
        for (double v : p99) {
            top = Double.isNaN(v) ? top : Math.max(top, v);
        }
        var chart = Chart.lines("Latency over time: " + variant + " cart", "seconds since the start", "ms")
                .series("p50", xs, p50)
                .series("p99", xs, p99);
        return withBoundaries(chart, top);
    }

    /** Vertical lines at the phase switches, as one series with gaps between them. */
    private Chart withBoundaries(Chart chart, double top) {
        double[] at = boundarySeconds();
        double height = top > 0 ? top : 1;
        double[] xs = new double[at.length * 3];
        double[] ys = new double[at.length * 3];
        for (int i = 0; i < at.length; i++) {
            xs[3 * i] = at[i];
            ys[3 * i] = 0;
            xs[3 * i + 1] = at[i];
            ys[3 * i + 1] = height;
            xs[3 * i + 2] = at[i];
            ys[3 * i + 2] = Double.NaN;
        }
        return chart.series("phase switches", xs, ys);
    }

    /** The polled state as a step line. */
    private Chart breakerChart() {
        var samples = measured.breaker().samples();
        var xs = new ArrayList<Double>();
        var ys = new ArrayList<Double>();
        for (int i = 0; i < samples.size(); i++) {
            double x = (samples.get(i).epochMs() - measured.originMs()) / 1000.0;
            if (i > 0) {
                xs.add(x);
                ys.add((double) samples.get(i - 1).code());
            }
            xs.add(x);
            ys.add((double) samples.get(i).code());
        }
        var chart = Chart.lines(
                        "Circuit breaker state over time (fixed cart)",
                        "seconds since the start",
                        "0 CLOSED, 1 HALF_OPEN, 2 OPEN")
                .series(
                        "breaker state",
                        xs.stream().mapToDouble(Double::doubleValue).toArray(),
                        ys.stream().mapToDouble(Double::doubleValue).toArray());
        return withBoundaries(chart, 2);
    }

    private void writeTimelineCsv() {
        var csv = new StringBuilder(
                "variant,second,phase,requests,failures,error_rate,p50_ms,p99_ms,max_ms,in_flight,breaker_state\n");
        seconds.forEach((variant, list) -> {
            for (var s : list) {
                String state = variant.equals("fixed")
                        ? measured.breaker().stateAt(measured.originMs() + Math.round(s.atSeconds() * 1000))
                        : "";
                csv.append(String.format(
                        Locale.ROOT,
                        "%s,%.3f,%s,%d,%d,%.4f,%.3f,%.3f,%.3f,%d,%s%n",
                        variant,
                        s.atSeconds(),
                        s.phase(),
                        s.requests(),
                        s.failures(),
                        s.errorRate(),
                        s.p50Ms(),
                        s.p99Ms(),
                        s.maxMs(),
                        s.inFlight(),
                        state));
            }
        });
        CircuitBreakerExperiment.writeCsv(config.out().resolve(TIMELINE_CSV), csv.toString());
    }

    private void writeBreakerCsv() {
        var csv = new StringBuilder("epoch_ms,second,state\n");
        for (var s : measured.breaker().samples()) {
            csv.append(String.format(
                    Locale.ROOT, "%d,%.3f,%s%n", s.epochMs(), (s.epochMs() - measured.originMs()) / 1000.0, s.state()));
        }
        CircuitBreakerExperiment.writeCsv(config.out().resolve(BREAKER_CSV), csv.toString());
    }
}
