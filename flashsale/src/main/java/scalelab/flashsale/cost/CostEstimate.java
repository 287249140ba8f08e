package scalelab.flashsale.cost;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The cost model's answer: a month of always-on container workers vs the same orders as function invocations,
 * in USD, the break-even volume, and the assumptions behind it.
 *
 * @param breakEvenOrdersPerMonth the smallest monthly volume at which functions cost at least as much as the
 *     containers (below it functions are cheaper); null if functions stay cheaper at every volume
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CostEstimate(
        CostInputs inputs,
        CostPrices prices,
        String pricesAsOf,
        Containers containers,
        Functions functions,
        Long breakEvenOrdersPerMonth,
        List<String> assumptions) {

    public CostEstimate {
        assumptions = List.copyOf(assumptions);
    }

    /** Which is cheaper at the asked volume: "containers", "functions" or "equal". */
    public String cheaper() {
        int c = Double.compare(containers.totalMonthly(), functions.totalMonthly());
        return c < 0 ? "containers" : c > 0 ? "functions" : "equal";
    }

    /**
     * Always-on Fargate worker tasks sized for the peak.
     *
     * @param peakOrdersPerSecond the rate they are sized for
     * @param ordersPerSecondPerTask one task's throughput: orders in flight / payment time
     * @param tasks tasks running all month: max(min tasks, ceil(peak / per-task))
     * @param computeMonthly tasks x 730 h x (vCPU x vCPU-hour + GB x GB-hour)
     * @param messagingMonthly SNS publishes + SQS requests
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Containers(
            double peakOrdersPerSecond,
            double ordersPerSecondPerTask,
            int tasks,
            double computeMonthly,
            double messagingMonthly,
            double totalMonthly) {}

    /**
     * One Lambda invocation per order.
     *
     * @param billedMillisPerInvocation payment time + overhead, rounded up to 1 ms
     * @param invokeGbSeconds orders x billed seconds x memory GB
     * @param initGbSeconds cold starts x INIT seconds (rounded up to 1 ms) x memory GB
     * @param requestMonthly the per-request charge (after the free tier, if asked)
     * @param durationMonthly the GB-second charge (after the free tier, if asked)
     * @param paymentWaitMonthly the part of the duration charge that is only the wait for the payment
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Functions(
            long invocations,
            long billedMillisPerInvocation,
            double invokeGbSeconds,
            double coldStarts,
            double initGbSeconds,
            double requestMonthly,
            double durationMonthly,
            double paymentWaitMonthly,
            double messagingMonthly,
            double totalMonthly) {}
}
