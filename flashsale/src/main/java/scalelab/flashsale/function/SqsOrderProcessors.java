package scalelab.flashsale.function;

import java.time.Duration;
import java.util.Map;
import scalelab.core.config.Redact;
import scalelab.flashsale.order.OrderProcessor;
import scalelab.loadgen.Durations;

/** Builds the Lambda handler's processor from its environment variables. */
final class SqsOrderProcessors {
    static final Duration DEFAULT_PAYMENT_TIME = Duration.ofSeconds(3);

    private SqsOrderProcessors() {}

    /**
     * The processor over the shared PostgreSQL order store and payment ledger.
     *
     * @throws IllegalStateException {@code SCALELAB_DB_URL} is missing, {@code SCALELAB_PAYMENT_TIME} malformed,
     *     or (for now) the PostgreSQL store is not wired in yet
     */
    static OrderProcessor fromEnvironment(Map<String, String> environment) {
        String dbUrl = environment.getOrDefault(SqsOrderHandler.DB_URL_VARIABLE, "");
        if (dbUrl.isBlank()) {
            throw new IllegalStateException(SqsOrderHandler.DB_URL_VARIABLE
                    + " is not set: the function needs the shared PostgreSQL order store (jdbc:postgresql://...)");
        }
        Duration paymentTime = paymentTime(environment.get(SqsOrderHandler.PAYMENT_TIME_VARIABLE));
        // The PostgreSQL order store and payment ledger (branch fs) are not merged here yet: the lead wires
        // PayingOrderProcessor over them in this one place.
        throw new IllegalStateException("the PostgreSQL order processor is not wired in yet (db="
                + Redact.credentials(dbUrl) + ", payment time " + Durations.format(paymentTime) + ")");
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
