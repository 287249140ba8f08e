package scalelab.flashsale;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.Routes;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.Brokers;
import scalelab.core.messaging.ConsumerSpec;
import scalelab.flashsale.function.FunctionConfig;
import scalelab.flashsale.function.FunctionOrderConsumer;
import scalelab.flashsale.order.InMemoryOrderStore;
import scalelab.flashsale.order.OrderMessages;
import scalelab.flashsale.order.OrderProcessor;
import scalelab.flashsale.order.OrderService;
import scalelab.flashsale.order.OrderStore;
import scalelab.flashsale.order.PayingOrderProcessor;
import scalelab.flashsale.order.PostgresOrderStore;
import scalelab.flashsale.payment.ChargeLedger;
import scalelab.flashsale.payment.InMemoryChargeLedger;
import scalelab.flashsale.payment.PaymentGate;
import scalelab.flashsale.payment.PaymentGateway;
import scalelab.flashsale.payment.PostgresChargeLedger;
import scalelab.flashsale.worker.AuditLog;
import scalelab.flashsale.worker.OrderConsumer;
import scalelab.flashsale.worker.OrderWorkers;
import scalelab.flashsale.worker.ProcessingStats;

/**
 * The composition root of the flash sale: broker, order store, charge ledger, payment gateway, order
 * service, the order consumer ({@code --processor}) and the audit log, wired by hand from a
 * {@link FlashSaleConfig}. {@link #open} is the order API process (its routes, workers unless 0, the audit
 * log); {@link #openWorker} is a worker process alone (a real broker and a shared database required). Close it
 * to stop the consumers and close the broker and the database, in that order.
 *
 * <pre>{@code
 * var sale = FlashSale.open(FlashSaleConfig.defaults());
 * HttpServer.start(ServerConfig.of("flashsale", 8080), sale.routes().toArray(Routes[]::new));
 * }</pre>
 */
public final class FlashSale implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlashSale.class);
    /** Audit log: order ids kept for {@code /metrics}. */
    static final int AUDIT_KEEP = AuditLog.DEFAULT_KEEP;

    private final FlashSaleConfig config;
    private final Broker broker;
    private final OrderStore store;
    private final ChargeLedger ledger;
    private final AutoCloseable database; // null in memory
    private final PaymentGateway gateway;
    private final OrderService orders;
    private final ProcessingStats stats = new ProcessingStats();
    private final OrderConsumer consumer; // null with 0 workers
    private final AuditLog audit; // null in a worker process

    private FlashSale(
            FlashSaleConfig config,
            Broker broker,
            OrderStore store,
            ChargeLedger ledger,
            AutoCloseable database,
            boolean api,
            Clock clock) {
        this.config = config;
        this.broker = broker;
        this.store = store;
        this.ledger = ledger;
        this.database = database;
        this.gateway = new PaymentGateway(ledger, config.paymentTime(), clock);
        this.orders = new OrderService(
                store,
                new PaymentGate(config.syncPermits()),
                gateway,
                broker,
                config.syncTimeout(),
                config.publishTimeout(),
                clock);
        this.consumer = config.workers() == 0
                ? null
                : consumer(config, broker, () -> new PayingOrderProcessor(store, gateway), stats);
        this.audit = api ? new AuditLog(broker, AUDIT_KEEP) : null;
    }

    /**
     * The order API process: opens the broker and the store the config names, declares the queues, starts the
     * audit log and the workers.
     *
     * @throws IllegalArgumentException for a setting that cannot be used (e.g. a processor not available)
     * @throws scalelab.core.messaging.BrokerUnavailableException when the broker cannot be reached
     * @throws scalelab.core.storage.StorageUnavailableException when the database cannot be reached
     */
    public static FlashSale open(FlashSaleConfig config) {
        return open(config, true);
    }

    /**
     * A worker process alone: it shares the orders and charges of the API, so it needs a real broker and a
     * PostgreSQL database.
     *
     * @throws IllegalArgumentException when the broker is in-process, the store in memory, or workers is 0
     */
    public static FlashSale openWorker(FlashSaleConfig config) {
        if (config.inProcessBroker()) {
            throw new IllegalArgumentException(
                    "a worker process needs a real broker (--broker amqp://...): an in-process broker is not shared");
        }
        if (config.inMemoryStore()) {
            throw new IllegalArgumentException(
                    "a worker process needs the shared database (--db jdbc:postgresql://...): memory is not shared");
        }
        if (config.workers() < 1) {
            throw new IllegalArgumentException("a worker process needs --workers >= 1 but was " + config.workers());
        }
        return open(config, false);
    }

    private static FlashSale open(FlashSaleConfig config, boolean api) {
        Broker broker = Brokers.open(config.brokerUrl());
        FlashSaleDatabase db = null;
        try {
            OrderStore store;
            ChargeLedger ledger;
            if (config.inMemoryStore()) {
                store = new InMemoryOrderStore();
                ledger = new InMemoryChargeLedger();
            } else {
                db = FlashSaleDatabase.open(config.dbUrl(), config.dbSchema(), Math.min(config.workers() + 10, 40));
                store = new PostgresOrderStore(db);
                ledger = new PostgresChargeLedger(db);
            }
            return new FlashSale(config, broker, store, ledger, db, api, Clock.systemUTC()).start();
        } catch (RuntimeException e) {
            if (db != null) {
                db.close();
            }
            broker.close();
            throw e;
        }
    }

    /**
     * An API process over the given parts (tests: a fake broker, a flaky store). It owns them: closing it
     * closes the broker (the store and ledger are closed too).
     */
    public static FlashSale assemble(FlashSaleConfig config, Broker broker, OrderStore store, ChargeLedger ledger) {
        return new FlashSale(config, broker, store, ledger, null, true, Clock.systemUTC()).start();
    }

    /**
     * The consumer {@code --processor} names: N workers sharing one processor, or a function whose concurrency
     * limit is N and whose every cold start builds its own processor (over the same store and gateway).
     */
    private static OrderConsumer consumer(
            FlashSaleConfig config, Broker broker, Supplier<OrderProcessor> processors, ProcessingStats stats) {
        return switch (config.processor()) {
            case WORKERS ->
                OrderWorkers.of(broker, new ConsumerSpec(config.workers(), config.prefetch()), processors.get(), stats);
            case FUNCTION ->
                new FunctionOrderConsumer(
                        broker,
                        OrderMessages.PROCESSING.queue(),
                        processors,
                        new FunctionConfig(
                                config.workers(),
                                FunctionConfig.DEFAULT_IDLE_TIMEOUT,
                                FunctionConfig.DEFAULT_MEMORY_MB,
                                Duration.ZERO),
                        stats);
        };
    }

    private FlashSale start() {
        try {
            broker.declare(OrderMessages.PROCESSING);
            if (audit != null) {
                audit.start();
            }
            if (consumer != null) {
                consumer.start();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("flashsale {}: {}", audit != null ? "api" : "worker", config.describe());
        return this;
    }

    /** The HTTP side: the order routes, health and metrics. */
    public List<Routes> routes() {
        return FlashSaleApp.routes(this);
    }

    public FlashSaleConfig config() {
        return config;
    }

    public Broker broker() {
        return broker;
    }

    public OrderService orders() {
        return orders;
    }

    public OrderStore store() {
        return store;
    }

    public ChargeLedger ledger() {
        return ledger;
    }

    public PaymentGateway gateway() {
        return gateway;
    }

    public ProcessingStats stats() {
        return stats;
    }

    /** The order consumer, or null when this process runs no workers. */
    public OrderConsumer consumer() {
        return consumer;
    }

    /** The audit log, or null in a worker process. */
    public AuditLog audit() {
        return audit;
    }

    /** Where it runs, without credentials: broker, store, processor. */
    public String describe() {
        return "broker " + broker.describe() + ", store " + store.describe() + ", "
                + (consumer == null ? "no workers" : consumer.describe());
    }

    @Override
    public void close() {
        closeQuietly(consumer);
        closeQuietly(audit);
        closeQuietly(broker);
        closeQuietly(store);
        closeQuietly(ledger);
        closeQuietly(database);
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("closing {} failed: {}", resource, e.toString());
        }
    }
}
