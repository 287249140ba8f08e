package scalelab.flashsale;

import java.time.Duration;
import scalelab.core.config.Redact;
import scalelab.flashsale.order.OrderService;
import scalelab.flashsale.payment.PaymentGate;
import scalelab.flashsale.payment.PaymentGateway;

/**
 * The flash sale's settings.
 *
 * @param brokerUrl {@code in-process} (or blank: the embedded broker) or {@code amqp://user:pass@host:port/vhost}
 * @param dbUrl a PostgreSQL JDBC URL, or blank for in-memory orders and charges
 * @param dbSchema the schema of the flash sale's tables (default {@value FlashSaleDatabase#DEFAULT_SCHEMA}); processes
 *     that share orders use the same one
 * @param workers order workers in this process (0: none, workers run elsewhere; default {@value #DEFAULT_WORKERS})
 * @param prefetch deliveries the workers hold unsettled at most (at least {@code workers}; default = workers)
 * @param paymentTime how long one payment takes (default {@link PaymentGateway#DEFAULT_PAYMENT_TIME})
 * @param syncTimeout longest wait of a synchronous order for a payment turn (default {@link
 *     OrderService#DEFAULT_SYNC_TIMEOUT})
 * @param syncPermits payments at a time on the synchronous path (default {@value PaymentGate#DEFAULT_PERMITS})
 * @param publishTimeout longest wait for the broker's confirm of an asynchronous order (default {@link
 *     OrderService#DEFAULT_PUBLISH_TIMEOUT})
 * @param processor workers or function (default workers)
 */
public record FlashSaleConfig(
        String brokerUrl,
        String dbUrl,
        String dbSchema,
        int workers,
        int prefetch,
        Duration paymentTime,
        Duration syncTimeout,
        int syncPermits,
        Duration publishTimeout,
        Processor processor) {
    /** Default order workers of the API process: 10. */
    public static final int DEFAULT_WORKERS = 10;

    public FlashSaleConfig {
        brokerUrl = brokerUrl == null || brokerUrl.isBlank() ? "in-process" : brokerUrl.strip();
        dbUrl = dbUrl == null ? "" : dbUrl.strip();
        if (dbSchema == null || !dbSchema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(
                    "db schema must be lower-case letters, digits and underscores but was " + dbSchema);
        }
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0 but was " + workers);
        }
        if (workers > 0 && prefetch < workers) {
            throw new IllegalArgumentException(
                    "prefetch must be at least the workers (" + workers + ") but was " + prefetch);
        }
        if (paymentTime.isNegative()) {
            throw new IllegalArgumentException("payment time must be >= 0 but was " + paymentTime);
        }
        if (syncTimeout.isNegative()) {
            throw new IllegalArgumentException("sync timeout must be >= 0 but was " + syncTimeout);
        }
        if (syncPermits < 1) {
            throw new IllegalArgumentException("sync permits must be >= 1 but was " + syncPermits);
        }
        if (publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("publish timeout must be > 0 but was " + publishTimeout);
        }
    }

    /** The defaults: in-process broker, in-memory store, 10 workers, 3 s payments, one sync payment at a time. */
    public static FlashSaleConfig defaults() {
        return new FlashSaleConfig(
                "in-process",
                "",
                FlashSaleDatabase.DEFAULT_SCHEMA,
                DEFAULT_WORKERS,
                DEFAULT_WORKERS,
                PaymentGateway.DEFAULT_PAYMENT_TIME,
                OrderService.DEFAULT_SYNC_TIMEOUT,
                PaymentGate.DEFAULT_PERMITS,
                OrderService.DEFAULT_PUBLISH_TIMEOUT,
                Processor.WORKERS);
    }

    public boolean inProcessBroker() {
        return brokerUrl.equals("in-process");
    }

    public boolean inMemoryStore() {
        return dbUrl.isEmpty();
    }

    public FlashSaleConfig withWorkers(int newWorkers, int newPrefetch) {
        return new FlashSaleConfig(
                brokerUrl,
                dbUrl,
                dbSchema,
                newWorkers,
                newPrefetch,
                paymentTime,
                syncTimeout,
                syncPermits,
                publishTimeout,
                processor);
    }

    public FlashSaleConfig withPaymentTime(Duration newPaymentTime) {
        return new FlashSaleConfig(
                brokerUrl,
                dbUrl,
                dbSchema,
                workers,
                prefetch,
                newPaymentTime,
                syncTimeout,
                syncPermits,
                publishTimeout,
                processor);
    }

    public FlashSaleConfig withSync(Duration newSyncTimeout, int newSyncPermits) {
        return new FlashSaleConfig(
                brokerUrl,
                dbUrl,
                dbSchema,
                workers,
                prefetch,
                paymentTime,
                newSyncTimeout,
                newSyncPermits,
                publishTimeout,
                processor);
    }

    public FlashSaleConfig withPublishTimeout(Duration newPublishTimeout) {
        return new FlashSaleConfig(
                brokerUrl,
                dbUrl,
                dbSchema,
                workers,
                prefetch,
                paymentTime,
                syncTimeout,
                syncPermits,
                newPublishTimeout,
                processor);
    }

    public FlashSaleConfig withStorage(String newBrokerUrl, String newDbUrl) {
        return new FlashSaleConfig(
                newBrokerUrl,
                newDbUrl,
                dbSchema,
                workers,
                prefetch,
                paymentTime,
                syncTimeout,
                syncPermits,
                publishTimeout,
                processor);
    }

    public FlashSaleConfig withDbSchema(String newDbSchema) {
        return new FlashSaleConfig(
                brokerUrl,
                dbUrl,
                newDbSchema,
                workers,
                prefetch,
                paymentTime,
                syncTimeout,
                syncPermits,
                publishTimeout,
                processor);
    }

    public FlashSaleConfig withProcessor(Processor newProcessor) {
        return new FlashSaleConfig(
                brokerUrl,
                dbUrl,
                dbSchema,
                workers,
                prefetch,
                paymentTime,
                syncTimeout,
                syncPermits,
                publishTimeout,
                newProcessor);
    }

    /** One line for the startup log, without credentials. */
    public String describe() {
        return "broker=" + Redact.credentials(brokerUrl) + " store="
                + (inMemoryStore() ? "in-memory" : Redact.credentials(dbUrl) + " schema " + dbSchema) + " processor="
                + processor.label()
                + " workers=" + workers + " prefetch=" + prefetch + " payment-time=" + paymentTime.toMillis() + "ms"
                + " sync-timeout=" + syncTimeout.toMillis() + "ms sync-permits=" + syncPermits
                + " publish-timeout=" + publishTimeout.toMillis() + "ms";
    }
}
