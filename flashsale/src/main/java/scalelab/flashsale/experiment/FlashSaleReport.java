package scalelab.flashsale.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import scalelab.core.config.Redact;
import scalelab.core.report.Chart;
import scalelab.core.report.HtmlReport;
import scalelab.flashsale.experiment.FlashSaleExperiment.AsyncRun;
import scalelab.flashsale.experiment.FlashSaleExperiment.Config;
import scalelab.flashsale.experiment.FlashSaleExperiment.Result;
import scalelab.flashsale.experiment.FlashSaleExperiment.SyncRun;

/**
 * The flash-sale experiment's report: {@code index.html}, and beside it {@code phases.csv} (one row per phase),
 * {@code timeline.csv} (per phase and second: answers by kind, latency), {@code queue.csv} (every metrics
 * reading of the async phases) and {@code function.csv} (the function runtime's counters over time).
 */
final class FlashSaleReport {
    static final String PHASES_CSV = "phases.csv";
    static final String TIMELINE_CSV = "timeline.csv";
    static final String QUEUE_CSV = "queue.csv";
    static final String FUNCTION_CSV = "function.csv";

    private final Config config;
    private final Result result;

    FlashSaleReport(Config config, Result result) {
        this.config = config;
        this.result = result;
    }

    Path write() {
        writePhasesCsv();
        writeTimelineCsv();
        writeQueueCsv();
        writeFunctionCsv();
        var report =
                HtmlReport.titled("flash-sale", "flash-sale: synchronous orders vs a queue with workers vs a function");
        report.parameters(parameters());
        for (var goal : result.goals()) {
            report.finding((goal.met() ? "Goal met: " : "Goal MISSED: ") + goal.goal() + " — " + goal.measured());
        }
        report.heading("Conclusions");
        result.conclusions().forEach(report::finding);

        report.heading("Phases 1 and 2: synchronous orders")
                .paragraph("POST /orders/sync waits for its payment: one payment of "
                        + Findings.duration(config.paymentTime()) + " at a time, and a 503 PAYMENT_BUSY when none could"
                        + " start within " + Findings.duration(config.syncTimeout()) + ". Requests still waiting when"
                        + " a phase ended (at most one per user) are not counted.")
                .table(
                        List.of(
                                "phase",
                                "users",
                                "requests",
                                "req/s",
                                "200",
                                "503",
                                "other failures",
                                "p50",
                                "p95",
                                "p99",
                                "max"),
                        result.sync().stream().map(this::syncRow).toList());
        report.chart(syncLatency());
        report.chart(perSecond(
                "Sync: share of 503 answers per second, " + FlashSaleExperiment.FEW_USERS + " vs "
                        + FlashSaleExperiment.USERS + " users",
                "503 share (%)",
                f -> 100 * f.share503()));

        report.heading("Phase 3: asynchronous orders, 1 to 100 workers")
                .paragraph("POST /orders/async records the order, publishes it and answers 202 once the broker"
                        + " confirmed it; the workers pay at their own pace. Each worker count ran on a fresh service"
                        + " for " + Findings.duration(config.usersPhase()) + "; then the experiment waited up to "
                        + Findings.duration(config.drainCap()) + " for the backlog to drain. Beyond that the drain"
                        + " time is PROJECTED (orders left / the measured processing rate) and the rest is discarded."
                        + " Completions per second are measured while the queue was full (every worker busy); the ideal"
                        + " is N / payment time, or the arrival rate when that is lower.")
                .table(
                        List.of(
                                "workers",
                                "requests",
                                "req/s",
                                "202",
                                "503",
                                "accept p50",
                                "accept p95",
                                "accept p99",
                                "max",
                                "accepted",
                                "completed",
                                "completed/s",
                                "ideal/s",
                                "drain"),
                        result.async().stream().map(this::asyncRow).toList());
        report.chart(queueDepth());
        report.chart(byWorkers(
                "Accept latency p99 per worker count",
                "accept p99 (ms)",
                List.of(
                        new Line("accept p99", a -> a.outcomes().total().okP99Ms()),
                        new Line("accept p50", a -> a.outcomes().total().okP50Ms()))));
        report.chart(byWorkers(
                "Completions per second per worker count vs the ideal N / payment time",
                "orders/s",
                List.of(
                        new Line("measured", a -> a.drain().ratePerSecond()),
                        new Line("ideal N / payment time", AsyncRun::idealRate),
                        new Line("arrival rate", AsyncRun::acceptRate))));
        report.chart(byWorkers(
                "Time to drain after the load stopped: measured vs projected",
                "seconds",
                List.of(
                        new Line(
                                "measured",
                                a -> a.drain().projected()
                                        ? Double.NaN
                                        : a.drain().seconds()),
                        new Line(
                                "projected",
                                a -> a.drain().projected() ? a.drain().seconds() : Double.NaN))));

        var fr = result.function();
        var f = fr.function();
        report.heading("Phase 4: the function variant")
                .paragraph("The same processing as a function (FunctionOrderConsumer under FunctionRuntime, the local"
                        + " runtime that behaves like Lambda): an execution environment is created on demand (a cold"
                        + " start runs the function's real init), handles one order at a time and is reused while warm;"
                        + " concurrency limit " + FlashSaleExperiment.FUNCTION_CONCURRENCY + " (Lambda's default"
                        + " account limit), idle timeout 60 s, 512 MB, no extra init for a JVM boot (the inits"
                        + " measured here run in an already warm JVM).")
                .table(
                        List.of("requests", "req/s", "202", "accept p99", "accepted", "completed", "drain"),
                        List.of(List.of(
                                fr.outcomes().total().requests(),
                                String.format(Locale.ROOT, "%.1f", fr.acceptRate()),
                                Findings.percent(fr.outcomes().total().okShare()),
                                Findings.ms(fr.outcomes().total().okP99Ms()),
                                fr.accepted(),
                                fr.completed(),
                                Findings.drain(fr.drain()))))
                .table(
                        List.of(
                                "invocations",
                                "cold starts",
                                "init p50",
                                "init max",
                                "cold invocation p50",
                                "warm invocation p50",
                                "peak concurrent",
                                "reclaimed",
                                "billed duration",
                                "billed init",
                                "GB-s"),
                        List.of(List.of(
                                f.invocations(),
                                f.coldStarts(),
                                String.format(Locale.ROOT, "%.2f ms", f.initP50Millis()),
                                String.format(Locale.ROOT, "%.2f ms", f.initMaxMillis()),
                                Findings.ms(f.coldInvocationP50Millis()),
                                Findings.ms(f.warmInvocationP50Millis()),
                                f.peakConcurrentExecutions(),
                                f.environmentsReclaimed(),
                                String.format(Locale.ROOT, "%,d ms", f.billedDurationMillis()),
                                String.format(Locale.ROOT, "%,d ms", f.billedInitMillis()),
                                String.format(Locale.ROOT, "%.1f", f.billedGbSeconds()))));
        report.chart(functionChart());

        report.heading("Cost: containers vs functions, per month")
                .paragraph("CostModel with AWS us-east-1 list prices as of " + scalelab.flashsale.cost.CostPrices.AS_OF
                        + " (see the flashsale"
                        + " README): always-on Fargate tasks of 0.25 vCPU / 0.5 GB holding 100 orders in flight each,"
                        + " at least 2, sized for the peak; one 512 MB Lambda invocation per order billed for the"
                        + " payment wait plus 10 ms, 1% cold starts of 1 s; SNS + SQS in both. The first two rows use"
                        + " this run's payment time (" + Findings.duration(config.paymentTime()) + ").")
                .table(
                        List.of(
                                "scenario",
                                "orders/month",
                                "containers",
                                "tasks",
                                "functions",
                                "cheaper",
                                "break-even orders/month"),
                        Findings.costs(config, result).stream()
                                .map(c -> List.<Object>of(
                                        c.scenario(),
                                        String.format(
                                                Locale.ROOT,
                                                "%,d",
                                                c.estimate().inputs().ordersPerMonth()),
                                        String.format(
                                                Locale.ROOT,
                                                "$%,.2f",
                                                c.estimate().containers().totalMonthly()),
                                        c.estimate().containers().tasks(),
                                        String.format(
                                                Locale.ROOT,
                                                "$%,.2f",
                                                c.estimate().functions().totalMonthly()),
                                        c.estimate().cheaper(),
                                        c.estimate().breakEvenOrdersPerMonth() == null
                                                ? "none"
                                                : String.format(
                                                        Locale.ROOT,
                                                        "%,d",
                                                        c.estimate().breakEvenOrdersPerMonth())))
                                .toList());

        report.paragraph("Raw data: " + PHASES_CSV + " (one row per phase), " + TIMELINE_CSV + " (per phase and"
                + " second), " + QUEUE_CSV + " (every /metrics reading of phases 3 and 4), " + FUNCTION_CSV
                + " (the function's counters over time), and each phase's load report with its Locust CSVs and"
                + " HdrHistogram logs in sync-5/, sync-20/, async-N/ and function/.");
        return report.rawData(PHASES_CSV).write(config.out());
    }

    private LinkedHashMap<String, Object> parameters() {
        var p = new LinkedHashMap<String, Object>();
        p.put("users", FlashSaleExperiment.FEW_USERS + " (phase 1), " + FlashSaleExperiment.USERS + " (phases 2-4)");
        p.put(
                "scenario",
                "POST a random order (customer 1-10000, 1-3 items product_1..product_100), think time"
                        + " between(0.1 s, 0.5 s), as the original's Locust file");
        p.put(
                "phases",
                String.format(
                        Locale.ROOT,
                        "sync %d s, sync %d s, async %d s x %s workers, function %d s; drain cap %d s",
                        config.fewUsersPhase().toSeconds(),
                        config.usersPhase().toSeconds(),
                        config.usersPhase().toSeconds(),
                        FlashSaleExperiment.WORKER_COUNTS,
                        config.usersPhase().toSeconds(),
                        config.drainCap().toSeconds()));
        p.put("payment time", Findings.duration(config.paymentTime()));
        p.put("sync timeout", Findings.duration(config.syncTimeout()) + ", one payment at a time");
        p.put("broker (phases 3-4)", config.inProcess() ? "in-process" : Redact.credentials(config.brokerUrl()));
        p.put("store", "in memory, in this JVM");
        p.put("metrics sampled every", config.sampleEvery().toMillis() + " ms");
        p.put("load generator timeout", Findings.duration(config.requestTimeout()));
        p.put(
                "quick",
                config.quick()
                        ? "yes: short phases, payment 500 ms and sync timeout 3 s so the same shapes show"
                        : "no: the issue's values");
        return p;
    }

    private List<Object> syncRow(SyncRun s) {
        var t = s.outcomes().total();
        return List.of(
                s.title(),
                s.users(),
                t.requests(),
                String.format(Locale.ROOT, "%.2f", t.requests() / phaseSeconds(s.outcomes())),
                Findings.percent(t.okShare()),
                Findings.percent(t.share503()),
                t.otherFailures(),
                Findings.ms(t.p50Ms()),
                Findings.ms(t.p95Ms()),
                Findings.ms(t.p99Ms()),
                Findings.ms(t.maxMs()));
    }

    private List<Object> asyncRow(AsyncRun a) {
        var t = a.outcomes().total();
        return List.of(
                a.workers(),
                t.requests(),
                String.format(Locale.ROOT, "%.1f", t.requests() / phaseSeconds(a.outcomes())),
                Findings.percent(t.okShare()),
                Findings.percent(t.share503()),
                Findings.ms(t.okP50Ms()),
                Findings.ms(t.okP95Ms()),
                Findings.ms(t.okP99Ms()),
                Findings.ms(t.maxMs()),
                a.accepted(),
                a.completed(),
                String.format(Locale.ROOT, "%.2f", a.drain().ratePerSecond()),
                String.format(Locale.ROOT, "%.2f", a.reachableRate()),
                Findings.drain(a.drain()));
    }

    private static double phaseSeconds(Outcomes o) {
        return Math.max(0.001, (o.lastAnswerMs() - o.originMs()) / 1000.0);
    }

    private Chart syncLatency() {
        var chart = Chart.lines(
                "Sync latency per second, " + FlashSaleExperiment.FEW_USERS + " vs " + FlashSaleExperiment.USERS
                        + " users",
                "seconds since the phase started",
                "ms");
        for (SyncRun s : result.sync()) {
            var seconds = answered(s);
            double[] xs =
                    seconds.stream().mapToDouble(Outcomes.Figures::atSeconds).toArray();
            chart.series(
                    s.users() + " users p50",
                    xs,
                    seconds.stream().mapToDouble(Outcomes.Figures::p50Ms).toArray());
            chart.series(
                    s.users() + " users p99",
                    xs,
                    seconds.stream().mapToDouble(Outcomes.Figures::p99Ms).toArray());
        }
        return chart;
    }

    private Chart perSecond(String title, String yLabel, ToDoubleFunction<Outcomes.Figures> y) {
        var chart = Chart.lines(title, "seconds since the phase started", yLabel);
        for (SyncRun s : result.sync()) {
            var seconds = answered(s);
            chart.series(
                    s.users() + " users",
                    seconds.stream().mapToDouble(Outcomes.Figures::atSeconds).toArray(),
                    seconds.stream().mapToDouble(y).toArray());
        }
        return chart;
    }

    /**
     * The seconds of a sync phase in which answers came. A sync phase answers less than once a second (one
     * payment every 3 s), so gaps for the empty seconds would leave lone points no line joins: nothing to see.
     */
    private static java.util.List<Outcomes.Figures> answered(SyncRun s) {
        return s.outcomes().perSecond().stream().filter(f -> f.requests() > 0).toList();
    }

    private Chart queueDepth() {
        var chart = Chart.lines(
                "Queue depth over time per worker count (order-processing, ready messages)",
                "seconds since the phase started (the load stops at "
                        + config.usersPhase().toSeconds() + " s)",
                "messages ready");
        for (AsyncRun a : result.async()) {
            chart.series(
                    a.workers() + (a.workers() == 1 ? " worker" : " workers"),
                    a.samples().stream()
                            .mapToDouble(s -> (s.atMs() - a.outcomes().originMs()) / 1000.0)
                            .toArray(),
                    a.samples().stream()
                            .mapToDouble(s -> s.queueDepth() < 0 ? Double.NaN : s.queueDepth())
                            .toArray());
        }
        return chart;
    }

    private record Line(String name, ToDoubleFunction<AsyncRun> y) {}

    private Chart byWorkers(String title, String yLabel, List<Line> lines) {
        var chart = Chart.lines(title, "workers", yLabel);
        double[] xs = result.async().stream().mapToDouble(AsyncRun::workers).toArray();
        for (Line line : lines) {
            chart.series(
                    line.name(),
                    xs,
                    result.async().stream().mapToDouble(line.y()).toArray());
        }
        return chart;
    }

    private Chart functionChart() {
        var fr = result.function();
        var samples = fr.samples().stream().filter(s -> s.function() != null).toList();
        double[] xs = samples.stream()
                .mapToDouble(s -> (s.atMs() - fr.outcomes().originMs()) / 1000.0)
                .toArray();
        return Chart.lines(
                        "Function: cold starts and concurrent executions over time",
                        "seconds since the phase started",
                        "count")
                .series(
                        "cold starts (cumulative)",
                        xs,
                        samples.stream()
                                .mapToDouble(s -> s.function().coldStarts())
                                .toArray())
                .series(
                        "concurrent executions",
                        xs,
                        samples.stream()
                                .mapToDouble(s -> s.function().concurrentExecutions())
                                .toArray())
                .series(
                        "queue depth",
                        xs,
                        samples.stream()
                                .mapToDouble(s -> s.queueDepth() < 0 ? Double.NaN : s.queueDepth())
                                .toArray());
    }

    private List<AsyncRun> asyncAndFunction() {
        var all = new ArrayList<>(result.async());
        all.add(result.function());
        return all;
    }

    private void writePhasesCsv() {
        var csv = new StringBuilder("phase,users,workers,requests,req_per_s,ok_share,share_503,other_failures,p50_ms,"
                + "p95_ms,p99_ms,max_ms,ok_p99_ms,accepted,completed,failed,left,completed_per_s,ideal_per_s,drain_s,"
                + "drain_projected\n");
        for (SyncRun s : result.sync()) {
            var t = s.outcomes().total();
            csv.append(String.format(
                    Locale.ROOT,
                    "%s,%d,,%d,%.3f,%.4f,%.4f,%d,%.3f,%.3f,%.3f,%.3f,%.3f,,,,,,,,%n",
                    s.id(),
                    s.users(),
                    t.requests(),
                    t.requests() / phaseSeconds(s.outcomes()),
                    t.okShare(),
                    t.share503(),
                    t.otherFailures(),
                    t.p50Ms(),
                    t.p95Ms(),
                    t.p99Ms(),
                    t.maxMs(),
                    t.okP99Ms()));
        }
        for (AsyncRun a : asyncAndFunction()) {
            var t = a.outcomes().total();
            csv.append(String.format(
                    Locale.ROOT,
                    "%s,%d,%s,%d,%.3f,%.4f,%.4f,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%d,%.3f,%s,%.3f,%b%n",
                    a.id(),
                    FlashSaleExperiment.USERS,
                    a.workers() == 0 ? "" : a.workers(),
                    t.requests(),
                    t.requests() / phaseSeconds(a.outcomes()),
                    t.okShare(),
                    t.share503(),
                    t.otherFailures(),
                    t.p50Ms(),
                    t.p95Ms(),
                    t.p99Ms(),
                    t.maxMs(),
                    t.okP99Ms(),
                    a.accepted(),
                    a.completed(),
                    a.failed(),
                    a.drain().remaining(),
                    a.drain().ratePerSecond(),
                    Double.isNaN(a.idealRate()) ? "" : String.format(Locale.ROOT, "%.3f", a.idealRate()),
                    a.drain().seconds(),
                    a.drain().projected()));
        }
        writeCsv(PHASES_CSV, csv);
    }

    private void writeTimelineCsv() {
        var csv =
                new StringBuilder("phase,second,requests,ok,rejected_503,other_failures,p50_ms,p95_ms,p99_ms,max_ms\n");
        var phases = new LinkedHashMap<String, Outcomes>();
        result.sync().forEach(s -> phases.put(s.id(), s.outcomes()));
        asyncAndFunction().forEach(a -> phases.put(a.id(), a.outcomes()));
        phases.forEach((id, outcomes) -> {
            for (var f : outcomes.perSecond()) {
                csv.append(String.format(
                        Locale.ROOT,
                        "%s,%.0f,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.3f%n",
                        id,
                        f.atSeconds(),
                        f.requests(),
                        f.ok(),
                        f.rejected503(),
                        f.otherFailures(),
                        f.p50Ms(),
                        f.p95Ms(),
                        f.p99Ms(),
                        f.maxMs()));
            }
        });
        writeCsv(TIMELINE_CSV, csv);
    }

    private void writeQueueCsv() {
        var csv = new StringBuilder("phase,workers,second,queue_depth,pending,processing,completed,failed,accepted\n");
        for (AsyncRun a : asyncAndFunction()) {
            for (var s : a.samples()) {
                csv.append(String.format(
                        Locale.ROOT,
                        "%s,%s,%.3f,%d,%d,%d,%d,%d,%d%n",
                        a.id(),
                        a.workers() == 0 ? "" : a.workers(),
                        (s.atMs() - a.outcomes().originMs()) / 1000.0,
                        s.queueDepth(),
                        s.pending(),
                        s.processing(),
                        s.completed(),
                        s.failed(),
                        s.accepted()));
            }
        }
        writeCsv(QUEUE_CSV, csv);
    }

    private void writeFunctionCsv() {
        var csv = new StringBuilder("second,queue_depth,completed,invocations,cold_starts,concurrent_executions,"
                + "environments_alive,billed_duration_ms,billed_init_ms\n");
        var fr = result.function();
        for (var s : fr.samples()) {
            var f = s.function();
            if (f == null) {
                continue;
            }
            csv.append(String.format(
                    Locale.ROOT,
                    "%.3f,%d,%d,%d,%d,%d,%d,%d,%d%n",
                    (s.atMs() - fr.outcomes().originMs()) / 1000.0,
                    s.queueDepth(),
                    s.completed(),
                    f.invocations(),
                    f.coldStarts(),
                    f.concurrentExecutions(),
                    f.environmentsAlive(),
                    f.billedDurationMillis(),
                    f.billedInitMillis()));
        }
        writeCsv(FUNCTION_CSV, csv);
    }

    private void writeCsv(String name, CharSequence text) {
        Path file = config.out().resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
