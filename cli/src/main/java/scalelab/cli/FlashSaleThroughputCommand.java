package scalelab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.flashsale.FlashSaleConfig;
import scalelab.flashsale.ProcessingBenchmark;

@Command(
        name = "throughput",
        hidden = true, // a benchmark step of bench/flashsale.sh, not a service
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark: queue enough orders through the asynchronous path, then start --workers N on the full queue",
            "and measure completions per second over a window of whole waves, against the ideal N / payment time.",
            "The real path: OrderService.placeAsync to fill, OrderWorkers + PayingOrderProcessor + store + ledger to",
            "process. The queue must be empty at the start (a fresh RabbitMQ vhost, or the in-process broker).",
            "Prints progress, a summary line and 'result: {json}'; exit 1 when an order failed, was not charged exactly once or not acknowledged."
        },
        footer = {
            "",
            "Example:",
            "  scalelab flashsale throughput --workers 100 --payment-time 500ms",
            "  scalelab flashsale throughput --workers 1000 --payment-time 3s --broker amqp://guest:guest@127.0.0.1:5672/bench"
        })
final class FlashSaleThroughputCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FlashSaleOptions options;

    @Option(
            names = "--warmup",
            paramLabel = "ORDERS",
            description = "Completions skipped before the window, a multiple of --workers (default: one wave,"
                    + " at least 20 orders).")
    Integer warmup;

    @Option(
            names = "--window",
            paramLabel = "ORDERS",
            description = "Completions measured, a multiple of --workers (default: whole waves, at least 300"
                    + " completions and 5 s of ideal time).")
    Integer window;

    @Override
    public Integer call() throws InterruptedException {
        ProcessingBenchmark.Plan plan;
        FlashSaleConfig base;
        try {
            if (options.workers < 1) {
                throw new IllegalArgumentException("--workers must be >= 1 but was " + options.workers);
            }
            var defaults = ProcessingBenchmark.Plan.of(
                    options.workers, FlashSaleOptions.duration(spec, "--payment-time", options.paymentTime));
            plan = new ProcessingBenchmark.Plan(
                    options.workers,
                    options.prefetch(),
                    defaults.paymentTime(),
                    warmup == null ? defaults.warmup() : warmup,
                    window == null ? defaults.window() : window);
            base = FlashSaleConfig.defaults()
                    .withStorage(options.brokerUrl(spec), options.dbUrl(spec))
                    .withDbSchema(options.dbSchema);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "throughput: %d workers, payment %d ms, ideal %.1f/s; %d orders (warm-up %d, window %d)%n",
                plan.workers(),
                plan.paymentTime().toMillis(),
                plan.idealRate(),
                plan.orders(),
                plan.warmup(),
                plan.window());
        out.flush();
        var result = ProcessingBenchmark.run(base, plan, LoadCommand.stream(spec));
        out.printf(
                Locale.ROOT,
                "done: %.2f/s over %.2f s (ideal %.2f/s, %.1f%%, %.2f ms per order beyond the payment); %d completed,"
                        + " %d charges, %d failed/retried, %d left in the queue%n",
                result.rate(),
                result.windowSeconds(),
                plan.idealRate(),
                100 * result.ratio(),
                result.overheadMillis(),
                result.completed(),
                result.charges(),
                result.problems(),
                result.leftInQueue());
        out.println("result: " + result.toJson());
        out.flush();
        return result.valid() ? 0 : 1;
    }
}
