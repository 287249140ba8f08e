package scalelab.flashsale.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import scalelab.flashsale.cost.CostEstimate;
import scalelab.flashsale.cost.CostInputs;
import scalelab.flashsale.cost.CostModel;
import scalelab.flashsale.cost.CostPrices;
import scalelab.flashsale.experiment.FlashSaleExperiment.AsyncRun;
import scalelab.flashsale.experiment.FlashSaleExperiment.Config;
import scalelab.flashsale.experiment.FlashSaleExperiment.Goal;
import scalelab.flashsale.experiment.FlashSaleExperiment.Result;

/** The experiment's goals, conclusions and cost rows, drawn from what it measured; and how numbers are written. */
final class Findings {
    private Findings() {}

    /** One cost scenario: what it stands for, and the model's answer. */
    record CostRow(String scenario, CostEstimate estimate) {}

    static List<Goal> goals(Config config, Result r) {
        var goals = new ArrayList<Goal>();
        var few = r.sync().get(0).outcomes().total();
        var many = r.sync().get(1).outcomes().total();
        goals.add(new Goal(
                "sync: with " + FlashSaleExperiment.USERS + " users orders are refused with 503 after the sync timeout,"
                        + " with " + FlashSaleExperiment.FEW_USERS + " users fewer",
                many.share503() > 0 && few.share503() < many.share503(),
                String.format(
                        Locale.ROOT,
                        "503 share %s with %d users, %s with %d users; p50 %s vs %s",
                        percent(few.share503()),
                        FlashSaleExperiment.FEW_USERS,
                        percent(many.share503()),
                        FlashSaleExperiment.USERS,
                        ms(few.p50Ms()),
                        ms(many.p50Ms()))));

        goals.add(new Goal(
                "async: accept p99 <= " + (int) FlashSaleExperiment.ACCEPT_P99_GOAL_MS
                        + " ms (the original's promise) with every worker count",
                r.async().stream()
                        .allMatch(a -> a.outcomes().total().ok() > 0
                                && a.outcomes().total().okP99Ms() <= FlashSaleExperiment.ACCEPT_P99_GOAL_MS),
                r.async().stream()
                        .map(a -> a.workers() + " workers "
                                + ms(a.outcomes().total().okP99Ms()))
                        .collect(Collectors.joining(", "))));

        var all = new ArrayList<>(r.async());
        all.add(r.function());
        goals.add(new Goal(
                "async: every accepted order was completed, failed, or is counted in a projected drain",
                all.stream().allMatch(AsyncRun::accountedFor),
                all.stream()
                        .map(a -> String.format(
                                Locale.ROOT,
                                "%s: accepted %d = completed %d + failed %d + left %d%s",
                                a.id(),
                                a.accepted(),
                                a.completed(),
                                a.failed(),
                                a.drain().remaining(),
                                a.drain().projected() ? " (projected)" : ""))
                        .collect(Collectors.joining("; "))));

        goals.add(new Goal(
                "async: completions per second within " + percent(FlashSaleExperiment.THROUGHPUT_TOLERANCE)
                        + " of N / payment time (or of the arrival rate, when that is lower)",
                r.async().stream()
                        .allMatch(a -> Math.abs(efficiency(a) - 1) <= FlashSaleExperiment.THROUGHPUT_TOLERANCE),
                r.async().stream()
                        .map(a -> String.format(
                                Locale.ROOT,
                                "%d workers %.2f/s of %.2f/s (%s)",
                                a.workers(),
                                a.drain().ratePerSecond(),
                                a.reachableRate(),
                                percent(efficiency(a))))
                        .collect(Collectors.joining(", "))));

        var f = r.function().function();
        double little = r.function().acceptRate() * seconds(config.paymentTime());
        goals.add(new Goal(
                "function: environments are created on demand (cold starts > 0) and run at most the concurrency limit",
                f.coldStarts() > 0 && f.peakConcurrentExecutions() <= FlashSaleExperiment.FUNCTION_CONCURRENCY,
                String.format(
                        Locale.ROOT,
                        "%d cold starts, peak %d concurrent executions (limit %d; arrival rate x payment time = %.1f)",
                        f.coldStarts(),
                        f.peakConcurrentExecutions(),
                        FlashSaleExperiment.FUNCTION_CONCURRENCY,
                        little)));
        return List.copyOf(goals);
    }

    /** Measured completions per second over what the workers and the load allow. */
    static double efficiency(AsyncRun a) {
        return a.reachableRate() <= 0 ? 0 : a.drain().ratePerSecond() / a.reachableRate();
    }

    static List<String> conclusions(Config config, Result r) {
        var out = new ArrayList<String>();
        var few = r.sync().get(0).outcomes().total();
        var many = r.sync().get(1).outcomes().total();
        out.add(String.format(
                Locale.ROOT,
                "Synchronously, %d users got %s of their %d orders paid (503 %s, p50 %s), while %d users got only %s"
                        + " (503 %s, p50 %s, max %s): one payment of %s at a time serves at most %.2f orders/s"
                        + " whatever the number of buyers.",
                FlashSaleExperiment.FEW_USERS,
                percent(few.okShare()),
                few.requests(),
                percent(few.share503()),
                ms(few.p50Ms()),
                FlashSaleExperiment.USERS,
                percent(many.okShare()),
                percent(many.share503()),
                ms(many.p50Ms()),
                ms(many.maxMs()),
                duration(config.paymentTime()),
                1 / seconds(config.paymentTime())));
        var first = r.async().get(0);
        var last = r.async().get(r.async().size() - 1);
        double okMin = r.async().stream()
                .mapToDouble(a -> a.outcomes().total().okShare())
                .min()
                .orElse(0);
        double okMax = r.async().stream()
                .mapToDouble(a -> a.outcomes().total().okShare())
                .max()
                .orElse(0);
        out.add(String.format(
                Locale.ROOT,
                "Asynchronously, the same %d users had %s of their orders accepted at %.1f to %.1f req/s with an"
                        + " accept p99 of %s (%d worker) to %s (%d workers): accepting waits for the broker's confirm,"
                        + " not for the payment.",
                FlashSaleExperiment.USERS,
                okMin == okMax ? percent(okMin) : percent(okMin) + " to " + percent(okMax),
                r.async().stream().mapToDouble(AsyncRun::acceptRate).min().orElse(0),
                r.async().stream().mapToDouble(AsyncRun::acceptRate).max().orElse(0),
                ms(first.outcomes().total().okP99Ms()),
                first.workers(),
                ms(last.outcomes().total().okP99Ms()),
                last.workers()));
        out.add("Completions per second grew with the workers: "
                + r.async().stream()
                        .map(a -> String.format(
                                Locale.ROOT,
                                "%.2f/s with %d (ideal %.2f)",
                                a.drain().ratePerSecond(),
                                a.workers(),
                                a.reachableRate()))
                        .collect(Collectors.joining(", "))
                + ", the ideal being N / payment time, capped by the "
                + String.format(Locale.ROOT, "~%.0f orders/s", last.acceptRate())
                + " that arrived.");
        out.add("After the load stopped the backlog drained in "
                + r.async().stream()
                        .map(a -> drainShort(a.drain()) + " with " + a.workers())
                        .collect(Collectors.joining(", "))
                + " workers (measured up to the " + duration(config.drainCap()) + " cap, projected beyond it as"
                + " orders left / processing rate).");
        var fr = r.function();
        var f = fr.function();
        out.add(String.format(
                Locale.ROOT,
                "The function variant paid %d cold starts (init p50 %.2f ms, max %.2f ms in this warm JVM) for %d"
                        + " invocations and peaked at %d concurrent executions for %.1f orders/s x %s = %.1f by Little's"
                        + " law, billing %.1f GB-s; its backlog drained in %s.",
                f.coldStarts(),
                f.initP50Millis(),
                f.initMaxMillis(),
                f.invocations(),
                f.peakConcurrentExecutions(),
                fr.acceptRate(),
                duration(config.paymentTime()),
                fr.acceptRate() * seconds(config.paymentTime()),
                f.billedGbSeconds(),
                drainShort(fr.drain())));
        var costs = costs(config, r);
        var sustained = costs.get(0).estimate();
        var example = costs.get(costs.size() - 1).estimate();
        out.add(String.format(
                Locale.ROOT,
                "Extrapolated to a month at the measured %.1f orders/s (%,d orders), containers cost $%,.2f (%d tasks)"
                        + " and functions $%,.2f; at the issue's %,d orders a month with 3 s payments, $%,.2f vs $%,.2f"
                        + " (%s cheaper).",
                r.function().acceptRate(),
                sustained.inputs().ordersPerMonth(),
                sustained.containers().totalMonthly(),
                sustained.containers().tasks(),
                sustained.functions().totalMonthly(),
                example.inputs().ordersPerMonth(),
                example.containers().totalMonthly(),
                example.functions().totalMonthly(),
                example.cheaper()));
        return List.copyOf(out);
    }

    /**
     * The cost scenarios: the function phase's measured order rate all month long (containers sized for that
     * rate), the same phase's orders as one flash sale a day (30 a month, containers still sized for its peak),
     * and the example (1,000,000 orders a month, 3 s payments, the model's defaults).
     */
    static List<CostRow> costs(Config config, Result r) {
        var model = new CostModel(CostPrices.usEast1());
        double rate = Math.max(0.001, r.function().acceptRate());
        long sustained = Math.max(1, Math.round(rate * CostModel.SECONDS_PER_MONTH));
        long daily = Math.max(1, r.function().accepted() * 30);
        return List.of(
                new CostRow(
                        String.format(Locale.ROOT, "the measured %.1f orders/s, all month", rate),
                        model.estimate(sizedFor(sustained, config.paymentTime(), rate))),
                new CostRow(
                        String.format(
                                Locale.ROOT,
                                "this phase's %,d orders as one flash sale a day (peak %.1f orders/s)",
                                r.function().accepted(),
                                rate),
                        model.estimate(sizedFor(daily, config.paymentTime(), rate))),
                new CostRow(
                        String.format(
                                Locale.ROOT,
                                "the issue's example: %,d orders/month, 3 s payments",
                                FlashSaleExperiment.COST_EXAMPLE_ORDERS),
                        model.estimate(
                                CostInputs.defaults(FlashSaleExperiment.COST_EXAMPLE_ORDERS, Duration.ofSeconds(3)))));
    }

    /** The model's defaults, with containers sized for {@code peakPerSecond} instead of 10 x the average. */
    private static CostInputs sizedFor(long ordersPerMonth, Duration paymentTime, double peakPerSecond) {
        var d = CostInputs.defaults(ordersPerMonth, paymentTime);
        return new CostInputs(
                d.ordersPerMonth(),
                d.paymentTime(),
                d.taskVcpu(),
                d.taskMemoryGb(),
                d.ordersPerTask(),
                d.minTasks(),
                d.peakFactor(),
                peakPerSecond,
                d.lambdaMemoryMb(),
                d.functionOverhead(),
                d.coldStartFraction(),
                d.initDuration(),
                d.lambdaFreeTier(),
                d.sqsRequestsPerOrder(),
                d.snsPublishesPerOrder());
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
    }

    /** Milliseconds, or seconds from 10 s up. */
    static String ms(double millis) {
        if (millis >= 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000);
        }
        return millis >= 100
                ? String.format(Locale.ROOT, "%.0f ms", millis)
                : String.format(Locale.ROOT, "%.1f ms", millis);
    }

    static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** A drain for a table: "12.3 s measured" or "PROJECTED 1234 s (... left at .../s after the cap)". */
    static String drain(Drain d) {
        if (!d.projected()) {
            return String.format(Locale.ROOT, "%.1f s measured", d.seconds());
        }
        return Double.isNaN(d.seconds())
                ? String.format(Locale.ROOT, "not projectable: %d left, nothing completed", d.remaining())
                : String.format(
                        Locale.ROOT,
                        "PROJECTED %.0f s (%d left at %.2f/s when the wait ended)",
                        d.seconds(),
                        d.remaining(),
                        d.ratePerSecond());
    }

    private static String drainShort(Drain d) {
        return d.projected()
                ? String.format(Locale.ROOT, "%.0f s (projected)", d.seconds())
                : String.format(Locale.ROOT, "%.1f s", d.seconds());
    }
}
