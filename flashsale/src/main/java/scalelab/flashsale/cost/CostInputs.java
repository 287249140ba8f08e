package scalelab.flashsale.cost;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.util.Objects;

/**
 * What the cost model is asked about. Every field has a default in {@link #defaults}.
 *
 * @param ordersPerMonth orders processed in a month; at least 1
 * @param paymentTime how long one payment takes; the worker or function waits that long per order. Positive;
 *     default 3 s (the payment)
 * @param taskVcpu a container worker task's vCPUs; default {@value #DEFAULT_TASK_VCPU} (Fargate's smallest)
 * @param taskMemoryGb its memory in GB; default {@value #DEFAULT_TASK_MEMORY_GB} (the smallest with 0.25 vCPU)
 * @param ordersPerTask orders one task processes at the same time; default {@value #DEFAULT_ORDERS_PER_TASK}.
 *     A worker waits on payment on a virtual thread, which costs a few KB of heap and no CPU while it waits; the
 *     CPU per order (read the message, two small database writes, the ack) is about a millisecond, so 100 orders
 *     in flight at 3 s each (33 orders/s) use roughly 3-4% of a 0.25 vCPU task. What bounds it in practice is
 *     the database pool and the payment provider's own limit, not the task: 100 is deliberately conservative.
 * @param minTasks container tasks always running, for availability (two zones); default {@value
 *     #DEFAULT_MIN_TASKS}; at least 1
 * @param peakFactor the busiest second's rate over the month's average; containers are sized for the peak and
 *     kept running all month (no autoscaling). Default {@value #DEFAULT_PEAK_FACTOR}; at least 1
 * @param peakOrdersPerSecond if positive, the peak rate itself, instead of average x peak factor; 0 = unset
 * @param lambdaMemoryMb the function's memory; default {@value #DEFAULT_LAMBDA_MEMORY_MB}; 128..10240
 * @param functionOverhead the function's own work per order besides waiting for the payment; default 10 ms
 * @param coldStartFraction invocations that pay a cold start; default {@value #DEFAULT_COLD_START_FRACTION}
 *     (AWS: "INITs typically occur in under 1% of invocations", Lambda INIT billing post, April 2025); 0..1
 * @param initDuration one cold start's INIT (billed since 1 Aug 2025): JVM boot + our init; default 1 s
 *     (Java without SnapStart)
 * @param lambdaFreeTier subtract Lambda's monthly free tier (1M requests, 400,000 GB-s); default false
 * @param sqsRequestsPerOrder SQS requests per order, the same for both: receive + delete, plus one for the
 *     SNS-to-SQS enqueue counted conservatively; default {@value #DEFAULT_SQS_REQUESTS_PER_ORDER}
 * @param snsPublishesPerOrder SNS publishes per order; default 1
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CostInputs(
        long ordersPerMonth,
        @JsonIgnore Duration paymentTime,
        double taskVcpu,
        double taskMemoryGb,
        int ordersPerTask,
        int minTasks,
        double peakFactor,
        double peakOrdersPerSecond,
        int lambdaMemoryMb,
        @JsonIgnore Duration functionOverhead,
        double coldStartFraction,
        @JsonIgnore Duration initDuration,
        boolean lambdaFreeTier,
        double sqsRequestsPerOrder,
        double snsPublishesPerOrder) {

    public static final double DEFAULT_TASK_VCPU = 0.25;
    public static final double DEFAULT_TASK_MEMORY_GB = 0.5;
    public static final int DEFAULT_ORDERS_PER_TASK = 100;
    public static final int DEFAULT_MIN_TASKS = 2;
    public static final double DEFAULT_PEAK_FACTOR = 10;
    public static final int DEFAULT_LAMBDA_MEMORY_MB = 512;
    public static final Duration DEFAULT_FUNCTION_OVERHEAD = Duration.ofMillis(10);
    public static final double DEFAULT_COLD_START_FRACTION = 0.01;
    public static final Duration DEFAULT_INIT_DURATION = Duration.ofSeconds(1);
    public static final double DEFAULT_SQS_REQUESTS_PER_ORDER = 3;

    public CostInputs {
        Objects.requireNonNull(paymentTime, "paymentTime");
        Objects.requireNonNull(functionOverhead, "functionOverhead");
        Objects.requireNonNull(initDuration, "initDuration");
        if (ordersPerMonth < 1) throw bad("ordersPerMonth must be at least 1", ordersPerMonth);
        if (!paymentTime.isPositive()) throw bad("paymentTime must be positive", paymentTime);
        CostPrices.positive("taskVcpu", taskVcpu);
        CostPrices.positive("taskMemoryGb", taskMemoryGb);
        if (ordersPerTask < 1) throw bad("ordersPerTask must be at least 1", ordersPerTask);
        if (minTasks < 1) throw bad("minTasks must be at least 1", minTasks);
        if (!(peakFactor >= 1) || Double.isInfinite(peakFactor)) throw bad("peakFactor must be at least 1", peakFactor);
        if (!(peakOrdersPerSecond >= 0) || Double.isInfinite(peakOrdersPerSecond)) {
            throw bad("peakOrdersPerSecond must not be negative", peakOrdersPerSecond);
        }
        if (lambdaMemoryMb < 128 || lambdaMemoryMb > 10_240)
            throw bad("lambdaMemoryMb must be in 128..10240", lambdaMemoryMb);
        if (functionOverhead.isNegative()) throw bad("functionOverhead must not be negative", functionOverhead);
        if (!(coldStartFraction >= 0 && coldStartFraction <= 1))
            throw bad("coldStartFraction must be in 0..1", coldStartFraction);
        if (initDuration.isNegative()) throw bad("initDuration must not be negative", initDuration);
        if (!(sqsRequestsPerOrder >= 0) || Double.isInfinite(sqsRequestsPerOrder)) {
            throw bad("sqsRequestsPerOrder must not be negative", sqsRequestsPerOrder);
        }
        if (!(snsPublishesPerOrder >= 0) || Double.isInfinite(snsPublishesPerOrder)) {
            throw bad("snsPublishesPerOrder must not be negative", snsPublishesPerOrder);
        }
    }

    private static IllegalArgumentException bad(String rule, Object value) {
        return new IllegalArgumentException(rule + " but was " + value);
    }

    public static CostInputs defaults(long ordersPerMonth, Duration paymentTime) {
        return new CostInputs(
                ordersPerMonth,
                paymentTime,
                DEFAULT_TASK_VCPU,
                DEFAULT_TASK_MEMORY_GB,
                DEFAULT_ORDERS_PER_TASK,
                DEFAULT_MIN_TASKS,
                DEFAULT_PEAK_FACTOR,
                0,
                DEFAULT_LAMBDA_MEMORY_MB,
                DEFAULT_FUNCTION_OVERHEAD,
                DEFAULT_COLD_START_FRACTION,
                DEFAULT_INIT_DURATION,
                false,
                DEFAULT_SQS_REQUESTS_PER_ORDER,
                1);
    }

    /** The same inputs for another monthly volume (the break-even search). */
    public CostInputs withOrdersPerMonth(long orders) {
        return new CostInputs(
                orders,
                paymentTime,
                taskVcpu,
                taskMemoryGb,
                ordersPerTask,
                minTasks,
                peakFactor,
                peakOrdersPerSecond,
                lambdaMemoryMb,
                functionOverhead,
                coldStartFraction,
                initDuration,
                lambdaFreeTier,
                sqsRequestsPerOrder,
                snsPublishesPerOrder);
    }

    @JsonProperty("payment_time_ms")
    double paymentTimeMillis() {
        return paymentTime.toNanos() / 1e6;
    }

    @JsonProperty("function_overhead_ms")
    double functionOverheadMillis() {
        return functionOverhead.toNanos() / 1e6;
    }

    @JsonProperty("init_duration_ms")
    double initDurationMillis() {
        return initDuration.toNanos() / 1e6;
    }
}
