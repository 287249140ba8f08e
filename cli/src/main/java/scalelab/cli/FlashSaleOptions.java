package scalelab.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import scalelab.core.config.Redact;
import scalelab.flashsale.FlashSaleConfig;
import scalelab.loadgen.Durations;

/** The options the flash-sale API and its worker process share. Flag > SCALELAB_* environment variable > default. */
final class FlashSaleOptions {
    @Option(
            names = "--broker",
            defaultValue = "${env:SCALELAB_BROKER_URL:-in-process}",
            paramLabel = "URL",
            description = "Message broker: in-process (embedded) or amqp://user:pass@host:5672/vhost"
                    + " (default: ${DEFAULT-VALUE}, env SCALELAB_BROKER_URL).")
    String broker;

    @Option(
            names = "--db",
            defaultValue = "${env:SCALELAB_DB_URL:-}",
            paramLabel = "URL",
            description = "PostgreSQL JDBC URL for orders and charges (schema flashsale), e.g."
                    + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres; empty = in memory (env SCALELAB_DB_URL).")
    String db;

    @Option(
            names = "--db-schema",
            defaultValue = "${env:SCALELAB_FLASHSALE_SCHEMA:-flashsale}",
            paramLabel = "NAME",
            description = "Schema of the flash sale's tables; the API and its workers must agree"
                    + " (default: ${DEFAULT-VALUE}, env SCALELAB_FLASHSALE_SCHEMA).")
    String dbSchema;

    @Option(
            names = "--workers",
            defaultValue = "${env:SCALELAB_FLASHSALE_WORKERS:-" + FlashSaleConfig.DEFAULT_WORKERS + "}",
            paramLabel = "N",
            description = "Order workers (virtual threads) consuming order-processing (default: ${DEFAULT-VALUE},"
                    + " env SCALELAB_FLASHSALE_WORKERS).")
    int workers;

    @Option(
            names = "--prefetch",
            paramLabel = "P",
            description = "Deliveries the workers hold unacknowledged at most, at least --workers"
                    + " (default: the number of workers).")
    Integer prefetch;

    @Option(
            names = "--payment-time",
            defaultValue = "3s",
            paramLabel = "DURATION",
            description = "How long one simulated payment takes (default: ${DEFAULT-VALUE}).")
    String paymentTime;

    /** The broker URL: in-process or amqp(s)://; anything else is a usage error. */
    String brokerUrl(CommandSpec spec) {
        String url = broker == null || broker.isBlank() ? "in-process" : broker.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (!url.equals("in-process") && !lower.startsWith("amqp://") && !lower.startsWith("amqps://")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--broker': '" + Redact.credentials(url)
                            + "' is not in-process or an amqp://host:port URL");
        }
        return url;
    }

    /** The database URL, empty for memory; not a PostgreSQL JDBC URL is a usage error. */
    String dbUrl(CommandSpec spec) {
        String url = db == null ? "" : db.strip();
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--db': '" + Redact.credentials(url)
                            + "' is not a jdbc:postgresql://host:port/database URL");
        }
        return url;
    }

    int prefetch() {
        return prefetch == null ? workers : prefetch;
    }

    static Duration duration(CommandSpec spec, String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }
}
