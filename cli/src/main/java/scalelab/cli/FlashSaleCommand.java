package scalelab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.flashsale.FlashSale;
import scalelab.flashsale.FlashSaleConfig;
import scalelab.flashsale.Processor;
import scalelab.flashsale.order.OrderService;

@Command(
        name = "flashsale",
        mixinStandardHelpOptions = true,
        description = {
            "Run the flash-sale order API, with workers that process queued orders.",
            "POST /orders/sync waits for a slow payment behind a gate (one payment at a",
            "time by default; 503 PAYMENT_BUSY past --sync-timeout). POST /orders/async",
            "records the order, publishes it to the topic 'orders' and answers 202 once",
            "the broker confirmed it; workers take it off the durable queue",
            "'order-processing', pay (idempotently) and complete it. In-process broker",
            "and orders in memory unless --broker and --db say otherwise."
        },
        subcommands = {FlashSaleWorkerCommand.class, FlashSaleCostCommand.class, FlashSaleThroughputCommand.class},
        footer = {
            "",
            "Example:",
            "  curl -s -X POST localhost:8080/orders/async -H 'Content-Type: application/json' \\",
            "    -d '{\"customer_id\":42,\"items\":[{\"product_id\":\"product_12\",\"quantity\":2,\"price\":9.99}]}'",
            "  curl -s localhost:8080/orders/<order_id>",
            "  curl -s localhost:8080/metrics"
        })
final class FlashSaleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Mixin
    FlashSaleOptions options;

    @Option(
            names = "--sync-timeout",
            defaultValue = "30s",
            paramLabel = "DURATION",
            description =
                    "Longest wait of a synchronous order for a payment turn; then 503 (default: ${DEFAULT-VALUE}).")
    String syncTimeout;

    @Option(
            names = "--sync-permits",
            defaultValue = "1",
            paramLabel = "N",
            description = "Payments at a time on the synchronous path (default: ${DEFAULT-VALUE}).")
    int syncPermits;

    @Option(
            names = "--processor",
            defaultValue = "workers",
            paramLabel = "workers|function",
            description = "What processes queued orders: a pool of workers, or a function under the local"
                    + " serverless runtime (default: ${DEFAULT-VALUE}).")
    String processor;

    @Override
    public Integer call() throws InterruptedException {
        FlashSaleConfig config = config();
        FlashSale sale = FlashSale.open(config);
        HttpServer http;
        try {
            http = HttpServer.start(server.config("flashsale"), sale.routes().toArray(Routes[]::new));
        } catch (RuntimeException e) {
            sale.close();
            throw e;
        }
        Lifecycle.serve(List.of(http), sale);
        return 0;
    }

    /** The settings; a bad one is a usage error (exit 2) naming it. */
    FlashSaleConfig config() {
        Processor chosen;
        try {
            chosen = Processor.parse(processor);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--processor: " + e.getMessage());
        }
        try {
            return new FlashSaleConfig(
                    options.brokerUrl(spec),
                    options.dbUrl(spec),
                    options.dbSchema,
                    options.workers,
                    options.prefetch(),
                    FlashSaleOptions.duration(spec, "--payment-time", options.paymentTime),
                    FlashSaleOptions.duration(spec, "--sync-timeout", syncTimeout),
                    syncPermits,
                    OrderService.DEFAULT_PUBLISH_TIMEOUT,
                    chosen);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
