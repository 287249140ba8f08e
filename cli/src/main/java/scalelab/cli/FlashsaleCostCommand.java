package scalelab.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.core.json.Json;
import scalelab.flashsale.cost.CostEstimate;
import scalelab.flashsale.cost.CostInputs;
import scalelab.flashsale.cost.CostModel;
import scalelab.flashsale.cost.CostPrices;
import scalelab.loadgen.Durations;

@Command(
        name = "cost",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Monthly cost of processing the flash sale's orders with always-on container workers (ECS on Fargate)",
            "vs a function (Lambda behind SQS), from AWS us-east-1 list prices as of " + CostPrices.AS_OF
                    + " (each overridable),",
            "and the break-even volume. Functions are billed for the payment WAIT of every order; containers hold",
            "many waits at once on virtual threads."
        },
        footer = {
            "",
            "Example:",
            "  scalelab flashsale cost --orders-per-month 1000000 --payment-time 3s",
            "  scalelab flashsale cost --orders-per-month 50000000 --lambda-memory 256 --json"
        })
final class FlashsaleCostCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--orders-per-month", required = true, paramLabel = "N", description = "Orders a month.")
    long ordersPerMonth;

    @Option(
            names = "--payment-time",
            defaultValue = "3s",
            paramLabel = "DURATION",
            description = "One payment's duration, waited per order (default: ${DEFAULT-VALUE}).")
    String paymentTime;

    @Option(
            names = "--task-vcpu",
            defaultValue = "" + CostInputs.DEFAULT_TASK_VCPU,
            paramLabel = "VCPU",
            description = "Container worker task size, vCPU (default: ${DEFAULT-VALUE}).")
    double taskVcpu;

    @Option(
            names = "--task-memory-gb",
            defaultValue = "" + CostInputs.DEFAULT_TASK_MEMORY_GB,
            paramLabel = "GB",
            description = "Container worker task memory, GB (default: ${DEFAULT-VALUE}).")
    double taskMemoryGb;

    @Option(
            names = "--orders-per-task",
            defaultValue = "" + CostInputs.DEFAULT_ORDERS_PER_TASK,
            paramLabel = "N",
            description = "Orders one task processes concurrently, waiting on payment on virtual threads"
                    + " (default: ${DEFAULT-VALUE}).")
    int ordersPerTask;

    @Option(
            names = "--min-tasks",
            defaultValue = "" + CostInputs.DEFAULT_MIN_TASKS,
            paramLabel = "N",
            description = "Tasks always running (default: ${DEFAULT-VALUE}).")
    int minTasks;

    @Option(
            names = "--peak-factor",
            defaultValue = "" + CostInputs.DEFAULT_PEAK_FACTOR,
            paramLabel = "X",
            description = "Peak rate / average rate; containers are sized for the peak (default: ${DEFAULT-VALUE}).")
    double peakFactor;

    @Option(
            names = "--peak-rate",
            paramLabel = "ORDERS_PER_S",
            description = "The peak rate itself, instead of average x peak factor (default: none).")
    Double peakRate;

    @Option(
            names = "--lambda-memory",
            defaultValue = "" + CostInputs.DEFAULT_LAMBDA_MEMORY_MB,
            paramLabel = "MB",
            description = "Function memory, MB, 128..10240 (default: ${DEFAULT-VALUE}).")
    int lambdaMemoryMb;

    @Option(
            names = "--function-overhead",
            defaultValue = "10ms",
            paramLabel = "DURATION",
            description = "The function's own work per order besides the payment wait (default: ${DEFAULT-VALUE}).")
    String functionOverhead;

    @Option(
            names = "--cold-start-fraction",
            defaultValue = "" + CostInputs.DEFAULT_COLD_START_FRACTION,
            paramLabel = "FRACTION",
            description = "Invocations that pay a cold start, 0..1 (default: ${DEFAULT-VALUE}).")
    double coldStartFraction;

    @Option(
            names = "--init-duration",
            defaultValue = "1s",
            paramLabel = "DURATION",
            description = "Billed INIT of one cold start (JVM boot + init) (default: ${DEFAULT-VALUE}).")
    String initDuration;

    @Option(names = "--free-tier", description = "Subtract Lambda's monthly free tier (1M requests, 400,000 GB-s).")
    boolean freeTier;

    @Option(
            names = "--sqs-requests-per-order",
            defaultValue = "" + CostInputs.DEFAULT_SQS_REQUESTS_PER_ORDER,
            paramLabel = "N",
            description = "SQS requests per order, both variants (default: ${DEFAULT-VALUE}).")
    double sqsRequestsPerOrder;

    @Option(
            names = "--sns-publishes-per-order",
            defaultValue = "1",
            paramLabel = "N",
            description = "SNS publishes per order, both variants (default: ${DEFAULT-VALUE}).")
    double snsPublishesPerOrder;

    @Option(
            names = "--fargate-vcpu-hour",
            defaultValue = "" + CostPrices.FARGATE_VCPU_HOUR,
            paramLabel = "USD",
            description = "Fargate Linux/x86 price per vCPU-hour (default: ${DEFAULT-VALUE}).")
    double fargateVcpuHour;

    @Option(
            names = "--fargate-gb-hour",
            defaultValue = "" + CostPrices.FARGATE_GB_HOUR,
            paramLabel = "USD",
            description = "Fargate Linux/x86 price per GB-hour (default: ${DEFAULT-VALUE}).")
    double fargateGbHour;

    @Option(
            names = "--lambda-per-million-requests",
            defaultValue = "" + CostPrices.LAMBDA_PER_MILLION_REQUESTS,
            paramLabel = "USD",
            description = "Lambda price per 1M requests (default: ${DEFAULT-VALUE}).")
    double lambdaPerMillionRequests;

    @Option(
            names = "--lambda-gb-second",
            defaultValue = "" + CostPrices.LAMBDA_GB_SECOND,
            paramLabel = "USD",
            description = "Lambda x86 price per GB-second (default: ${DEFAULT-VALUE}).")
    double lambdaGbSecond;

    @Option(
            names = "--sqs-per-million",
            defaultValue = "" + CostPrices.SQS_PER_MILLION_REQUESTS,
            paramLabel = "USD",
            description = "SQS standard price per 1M requests (default: ${DEFAULT-VALUE}).")
    double sqsPerMillion;

    @Option(
            names = "--sns-per-million",
            defaultValue = "" + CostPrices.SNS_PER_MILLION_PUBLISHES,
            paramLabel = "USD",
            description = "SNS standard price per 1M publishes (default: ${DEFAULT-VALUE}).")
    double snsPerMillion;

    @Option(names = "--json", description = "Print the estimate as JSON.")
    boolean json;

    @Override
    public Integer call() {
        CostEstimate estimate = new CostModel(prices()).estimate(inputs());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(estimate));
        } else {
            print(estimate, out);
        }
        out.flush();
        return 0;
    }

    /** The inputs; a bad one is a usage error (exit 2) naming it. */
    CostInputs inputs() {
        if (peakRate != null && !(peakRate > 0)) {
            throw usage("--peak-rate must be positive but was " + peakRate);
        }
        try {
            return new CostInputs(
                    ordersPerMonth,
                    duration("--payment-time", paymentTime),
                    taskVcpu,
                    taskMemoryGb,
                    ordersPerTask,
                    minTasks,
                    peakFactor,
                    peakRate == null ? 0 : peakRate,
                    lambdaMemoryMb,
                    duration("--function-overhead", functionOverhead),
                    coldStartFraction,
                    duration("--init-duration", initDuration),
                    freeTier,
                    sqsRequestsPerOrder,
                    snsPublishesPerOrder);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    CostPrices prices() {
        try {
            return new CostPrices(
                    fargateVcpuHour,
                    fargateGbHour,
                    lambdaPerMillionRequests,
                    lambdaGbSecond,
                    sqsPerMillion,
                    snsPerMillion);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    private static void print(CostEstimate e, PrintWriter out) {
        var c = e.containers();
        var f = e.functions();
        var in = e.inputs();
        out.printf(
                Locale.ROOT,
                "Flash-sale processing cost per month, AWS us-east-1 list prices as of %s, USD%n",
                e.pricesAsOf());
        out.printf(
                Locale.ROOT,
                "%,d orders/month, payment %s, peak %.1f orders/s%n%n",
                in.ordersPerMonth(),
                Durations.format(in.paymentTime()),
                c.peakOrdersPerSecond());
        out.printf(Locale.ROOT, "%-22s %16s %16s%n", "", "containers", "functions");
        out.printf(Locale.ROOT, "%-22s %16.2f %16.2f%n", "compute", c.computeMonthly(), f.durationMonthly());
        out.printf(Locale.ROOT, "%-22s %16s %16.2f%n", "requests", "-", f.requestMonthly());
        out.printf(
                Locale.ROOT,
                "%-22s %16.2f %16.2f%n",
                "messaging (SNS+SQS)",
                c.messagingMonthly(),
                f.messagingMonthly());
        out.printf(Locale.ROOT, "%-22s %16.2f %16.2f%n%n", "total", c.totalMonthly(), f.totalMonthly());
        out.printf(
                Locale.ROOT,
                "containers: %d task(s) of %s vCPU / %s GB all month, each %.1f orders/s (%d in flight / payment time)%n",
                c.tasks(),
                fmt(in.taskVcpu()),
                fmt(in.taskMemoryGb()),
                c.ordersPerSecondPerTask(),
                in.ordersPerTask());
        out.printf(
                Locale.ROOT,
                "functions: %,d invocations x %d ms billed at %d MB = %,.0f GB-s, + %,.0f GB-s of INIT (%,.0f cold starts)%n",
                f.invocations(),
                f.billedMillisPerInvocation(),
                in.lambdaMemoryMb(),
                f.invokeGbSeconds(),
                f.initGbSeconds(),
                f.coldStarts());
        out.printf(
                Locale.ROOT,
                "  of which waiting for the payment: %.2f USD (%.0f%% of the functions' total)%n",
                f.paymentWaitMonthly(),
                f.totalMonthly() > 0 ? 100 * f.paymentWaitMonthly() / f.totalMonthly() : 0);
        out.println();
        out.println("cheaper at this volume: " + e.cheaper());
        out.println(
                e.breakEvenOrdersPerMonth() == null
                        ? "break-even: none (functions are cheaper at every volume)"
                        : String.format(
                                Locale.ROOT,
                                "break-even: %,d orders/month (below it functions are cheaper, from there containers)",
                                e.breakEvenOrdersPerMonth()));
        out.println();
        out.println("assumptions:");
        e.assumptions().forEach(a -> out.println("  - " + a));
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
