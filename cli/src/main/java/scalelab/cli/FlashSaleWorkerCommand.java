package scalelab.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.core.http.HttpServer;
import scalelab.flashsale.FlashSale;
import scalelab.flashsale.FlashSaleApp;
import scalelab.flashsale.FlashSaleConfig;
import scalelab.flashsale.order.OrderService;

@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = {
            "Run flash-sale order workers alone, beside an order API process.",
            "Start them with the same --broker and --db as the API: they consume",
            "'order-processing' on RabbitMQ, pay idempotently (charges in PostgreSQL)",
            "and complete the orders. Ctrl-C or SIGTERM stops them; unacknowledged",
            "orders go back to the queue."
        },
        footer = {
            "",
            "Example:",
            "  scalelab flashsale worker --broker amqp://guest:guest@127.0.0.1:5672/ \\",
            "    --db 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres' --workers 20"
        })
final class FlashSaleWorkerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(FlashSaleWorkerCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    FlashSaleOptions options;

    @Mixin
    WorkerHealthOption health;

    @Override
    public Integer call() throws InterruptedException {
        FlashSaleConfig config = config();
        FlashSale sale = FlashSale.openWorker(config);
        HttpServer healthServer;
        try {
            healthServer = health.start("flashsale-worker", FlashSaleApp.workerRoutes(sale));
        } catch (RuntimeException e) {
            sale.close();
            throw e;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("flashsale worker stopping");
                            if (healthServer != null) {
                                healthServer.close();
                            }
                            sale.close(); // unsettled deliveries go back to the queue
                            stopped.countDown();
                            log.info("flashsale worker stopped");
                        },
                        "scalelab-shutdown"));
        log.info("flashsale worker running: {}; Ctrl-C or SIGTERM stops it", sale.describe());
        stopped.await();
        return 0;
    }

    /** The settings: a real broker and a database are required; a missing or bad one is a usage error (exit 2). */
    FlashSaleConfig config() {
        String broker = options.brokerUrl(spec);
        if (broker.equals("in-process")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "a worker process needs --broker amqp://host:5672/ (an in-process broker is not shared"
                            + " with the API)");
        }
        String db = options.dbUrl(spec);
        if (db.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "a worker process needs --db jdbc:postgresql://... (orders in memory are not shared with the API)");
        }
        if (options.workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be >= 1 but was " + options.workers);
        }
        try {
            return FlashSaleConfig.defaults()
                    .withStorage(broker, db)
                    .withDbSchema(options.dbSchema)
                    .withWorkers(options.workers, options.prefetch())
                    .withPaymentTime(FlashSaleOptions.duration(spec, "--payment-time", options.paymentTime))
                    .withPublishTimeout(OrderService.DEFAULT_PUBLISH_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
