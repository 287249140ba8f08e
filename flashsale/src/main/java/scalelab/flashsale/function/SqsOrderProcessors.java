package scalelab.flashsale.function;

import java.time.Duration;
import java.util.Map;
import scalelab.flashsale.FlashSaleDatabase;
import scalelab.flashsale.order.OrderProcessor;
import scalelab.flashsale.order.PayingOrderProcessor;
import scalelab.flashsale.order.PostgresOrderStore;
import scalelab.flashsale.payment.PaymentGateway;
import scalelab.flashsale.payment.PostgresChargeLedger;
import scalelab.loadgen.Durations;

/** Builds the Lambda handler's processor from its environment variables. */
final class SqsOrderProcessors {
    static final Duration DEFAULT_PAYMENT_TIME = Duration.ofSeconds(3);

    /** The schema variable the container workers read too. */
    static final String SCHEMA_VARIABLE = "SCALELAB_FLASHSALE_SCHEMA";

    /** Connections per execution environment. */
    static final int CONNECTIONS = 2;

    private SqsOrderProcessors() {}

    /**
     * The processor over the shared PostgreSQL order store and payment ledger.
     *
     * The pool is kept small ({@value #CONNECTIONS} connections): an execution environment handles one batch at
     * a time, and every concurrent environment holds its own pool. The schema is {@code SCALELAB_FLASHSALE_SCHEMA}
     * (default {@code flashsale}), as for the container workers. The pool lives as long as the environment.
     *
     * @throws IllegalStateException {@code SCALELAB_DB_URL} is missing or {@code SCALELAB_PAYMENT_TIME} malformed
     * @throws scalelab.core.storage.StorageUnavailableException when the database cannot be reached
     */
    static OrderProcessor fromEnvironment(Map<String, String> environment) {
        String dbUrl = environment.getOrDefault(SqsOrderHandler.DB_URL_VARIABLE, "");
        if (dbUrl.isBlank()) {
            throw new IllegalStateException(SqsOrderHandler.DB_URL_VARIABLE
                    + " is not set: the function needs the shared PostgreSQL order store (jdbc:postgresql://...)");
        }
        Duration paymentTime = paymentTime(environment.get(SqsOrderHandler.PAYMENT_TIME_VARIABLE));
        String schema = environment.getOrDefault(SCHEMA_VARIABLE, FlashSaleDatabase.DEFAULT_SCHEMA);
        var db = FlashSaleDatabase.open(dbUrl, schema, CONNECTIONS);
        var gateway = new PaymentGateway(new PostgresChargeLedger(db), paymentTime);
        return new PayingOrderProcessor(new PostgresOrderStore(db), gateway);
    }

    static Duration paymentTime(String text) {
        if (text == null || text.isBlank()) return DEFAULT_PAYMENT_TIME;
        Duration parsed;
        try {
            parsed = Durations.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(SqsOrderHandler.PAYMENT_TIME_VARIABLE + ": " + e.getMessage(), e);
        }
        return parsed;
    }
}
