package scalelab.flashsale.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongPredicate;

/**
 * The monthly cost of processing flash-sale orders with always-on container workers (ECS on Fargate) vs with a
 * function (Lambda behind SQS), from list prices. Pure arithmetic, no I/O.
 *
 * <p>The finding it makes visible: a container worker waits for the 3 s payment on a virtual thread and holds
 * many such waits at once, so the wait costs it next to nothing; a function invocation handles one order and is
 * billed for its whole duration, wait included — at 512 MB, 3 s of waiting is 1.5 GB-s per order. Functions win
 * at low volume (nothing runs between sales) and lose once the orders' billed waiting exceeds two small tasks.
 *
 * <p>A month is 730 hours (AWS's convention). Messaging (SNS publish, SQS requests) is the same for both and
 * included in both totals.
 */
public final class CostModel {
    /** Hours in a month, as AWS's pricing examples count them. */
    public static final double HOURS_PER_MONTH = 730;

    public static final double SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

    static final long LAMBDA_FREE_REQUESTS = 1_000_000;
    static final double LAMBDA_FREE_GB_SECONDS = 400_000;

    private final CostPrices prices;

    public CostModel(CostPrices prices) {
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    public CostEstimate estimate(CostInputs in) {
        return new CostEstimate(
                in, prices, CostPrices.AS_OF, containers(in), functions(in), breakEven(in), assumptions(in));
    }

    CostEstimate.Containers containers(CostInputs in) {
        double peak = peakOrdersPerSecond(in);
        double perTask = in.ordersPerTask() / seconds(in.paymentTime().toNanos());
        int tasks = tasks(in, peak, perTask);
        double compute = tasks * taskMonthly(in);
        double messaging = messaging(in);
        return new CostEstimate.Containers(peak, perTask, tasks, compute, messaging, compute + messaging);
    }

    CostEstimate.Functions functions(CostInputs in) {
        double memoryGb = in.lambdaMemoryMb() / 1024.0;
        long billedMillis =
                ceilMillis(in.paymentTime().toNanos() + in.functionOverhead().toNanos());
        double invokeGbSeconds = in.ordersPerMonth() * (billedMillis / 1000.0) * memoryGb;
        double coldStarts = in.ordersPerMonth() * in.coldStartFraction();
        double initGbSeconds = coldStarts * (ceilMillis(in.initDuration().toNanos()) / 1000.0) * memoryGb;
        double gbSeconds = invokeGbSeconds + initGbSeconds;
        double requests = in.ordersPerMonth();
        if (in.lambdaFreeTier()) {
            gbSeconds = Math.max(0, gbSeconds - LAMBDA_FREE_GB_SECONDS);
            requests = Math.max(0, requests - LAMBDA_FREE_REQUESTS);
        }
        double requestCost = requests / 1e6 * prices.lambdaPerMillionRequests();
        double durationCost = gbSeconds * prices.lambdaGbSecond();
        double waitCost =
                in.ordersPerMonth() * seconds(in.paymentTime().toNanos()) * memoryGb * prices.lambdaGbSecond();
        double messaging = messaging(in);
        return new CostEstimate.Functions(
                in.ordersPerMonth(),
                billedMillis,
                invokeGbSeconds,
                coldStarts,
                initGbSeconds,
                requestCost,
                durationCost,
                Math.min(waitCost, durationCost),
                messaging,
                requestCost + durationCost + messaging);
    }

    /**
     * The smallest volume at which functions cost at least the containers. The container cost is a step in the
     * volume (one more task per {@link #ordersPerTaskMonth}); the function cost grows with it. Walks the steps.
     */
    Long breakEven(CostInputs in) {
        LongPredicate functionsCostMore = n -> {
            CostInputs at = in.withOrdersPerMonth(n);
            return functions(at).totalMonthly() >= containers(at).totalMonthly();
        };
        double taskMonthly = taskMonthly(in);
        double perOrder = functionCostPerOrder(in);
        long lo = 1;
        for (int step = 0; step < 10_000_000; step++) {
            long hi = lastOrdersWithSameTasks(in, lo);
            if (functionsCostMore.test(hi)) return firstTrue(functionsCostMore, lo, hi);
            if (hi == Long.MAX_VALUE) return null;
            // Past the minimum tasks each step adds one task; if that task costs at least what the function
            // charges for the orders it covers, functions fall further behind with every step: no break-even.
            boolean stepping = containers(in.withOrdersPerMonth(hi)).tasks() > in.minTasks();
            if (stepping && perOrder * ordersPerTaskMonth(in) <= taskMonthly) return null;
            lo = hi + 1;
        }
        return null;
    }

    /** Orders a month that one more task can take at the peak factor. */
    static double ordersPerTaskMonth(CostInputs in) {
        double perTask = in.ordersPerTask() / seconds(in.paymentTime().toNanos());
        return perTask * SECONDS_PER_MONTH / in.peakFactor();
    }

    /** The function's marginal cost of one order (no free tier): duration, INIT share and request. */
    private double functionCostPerOrder(CostInputs in) {
        double memoryGb = in.lambdaMemoryMb() / 1024.0;
        double billed =
                ceilMillis(in.paymentTime().toNanos() + in.functionOverhead().toNanos()) / 1000.0;
        double init = in.coldStartFraction() * ceilMillis(in.initDuration().toNanos()) / 1000.0;
        return (billed + init) * memoryGb * prices.lambdaGbSecond() + prices.lambdaPerMillionRequests() / 1e6;
    }

    /** The largest volume >= {@code from} that needs as many tasks as {@code from} does. */
    private long lastOrdersWithSameTasks(CostInputs in, long from) {
        int tasks = containers(in.withOrdersPerMonth(from)).tasks();
        long lo = from;
        long hi = Long.MAX_VALUE / 4;
        if (containers(in.withOrdersPerMonth(hi)).tasks() == tasks) return Long.MAX_VALUE;
        while (lo < hi) { // invariant: tasks(lo) == tasks, tasks(hi) > tasks
            long mid = lo + (hi - lo + 1) / 2;
            if (containers(in.withOrdersPerMonth(mid)).tasks() == tasks) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** The first n in [lo, hi] for which the predicate (false then true) holds; it holds at hi. */
    private static long firstTrue(LongPredicate predicate, long lo, long hi) {
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (predicate.test(mid)) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private double peakOrdersPerSecond(CostInputs in) {
        return in.peakOrdersPerSecond() > 0
                ? in.peakOrdersPerSecond()
                : in.ordersPerMonth() / SECONDS_PER_MONTH * in.peakFactor();
    }

    private static int tasks(CostInputs in, double peak, double perTask) {
        double needed = Math.ceil(peak / perTask - 1e-9); // no extra task for a rounding error
        return (int) Math.max(in.minTasks(), Math.min(needed, Integer.MAX_VALUE));
    }

    private double taskMonthly(CostInputs in) {
        return HOURS_PER_MONTH
                * (in.taskVcpu() * prices.fargateVcpuHour() + in.taskMemoryGb() * prices.fargateGbHour());
    }

    private double messaging(CostInputs in) {
        double orders = in.ordersPerMonth();
        return orders * in.snsPublishesPerOrder() / 1e6 * prices.snsPerMillionPublishes()
                + orders * in.sqsRequestsPerOrder() / 1e6 * prices.sqsPerMillionRequests();
    }

    private List<String> assumptions(CostInputs in) {
        var out = new ArrayList<String>();
        out.add("AWS us-east-1 on-demand list prices as of " + CostPrices.AS_OF
                + " (Fargate Linux/x86, Lambda x86, SQS standard, SNS standard), USD; a month is 730 hours.");
        out.add("Containers: " + in.minTasks() + "+ Fargate tasks of " + in.taskVcpu() + " vCPU / "
                + in.taskMemoryGb() + " GB run all month, sized for the peak (no autoscaling); each holds "
                + in.ordersPerTask() + " orders in flight, waiting on payment on virtual threads, so its"
                + " throughput is in-flight / payment time.");
        out.add("Peak: "
                + (in.peakOrdersPerSecond() > 0
                        ? in.peakOrdersPerSecond() + " orders/s as given"
                        : in.peakFactor() + " x the month's average rate")
                + ".");
        out.add("Functions: one invocation per order at " + in.lambdaMemoryMb()
                + " MB, billed for payment time + " + in.functionOverhead().toMillis()
                + " ms of its own work, rounded up to 1 ms: the payment WAIT is billed, a container's is not.");
        out.add("Cold starts: " + in.coldStartFraction() * 100 + "% of invocations, each with a billed INIT of "
                + in.initDuration().toMillis() + " ms (INIT is billed since 1 Aug 2025).");
        out.add("Lambda free tier (1M requests, 400,000 GB-s a month): "
                + (in.lambdaFreeTier() ? "subtracted" : "not counted") + "; SQS/SNS free tiers not counted.");
        out.add("Messaging, in both totals: " + in.snsPublishesPerOrder() + " SNS publish and "
                + in.sqsRequestsPerOrder() + " SQS requests per order (SNS->SQS deliveries are free); idle"
                + " long-polling, data transfer, the database, load balancer, logs and NAT are not counted.");
        out.add("Not modelled: batching several orders into one invocation (SQS batch size > 1 handled"
                + " concurrently would share the wait), Lambda Arm/Graviton, Savings Plans, Fargate Spot.");
        return out;
    }

    /** Nanoseconds rounded up to whole milliseconds, as Lambda bills. */
    static long ceilMillis(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
