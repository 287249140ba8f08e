package scalelab.core.messaging;

import scalelab.core.config.Redact;

/** Opens the broker a URL names. */
public final class Brokers {
    /** The URL that names the {@link InProcessBroker}. */
    public static final String IN_PROCESS = "in-process";

    private Brokers() {}

    /**
     * {@code null}, blank or {@code "in-process"}: a new {@link InProcessBroker}. {@code amqp://} or
     * {@code amqps://}: a {@link RabbitBroker} connected to it.
     *
     * @throws IllegalArgumentException for any other URL (the message shows it without its password)
     * @throws BrokerUnavailableException if RabbitMQ cannot be reached
     */
    public static Broker open(String url) {
        if (url == null || url.isBlank() || url.strip().equals(IN_PROCESS)) {
            return new InProcessBroker();
        }
        String trimmed = url.strip();
        String lower = trimmed.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("amqp://") || lower.startsWith("amqps://")) {
            return RabbitBroker.open(trimmed);
        }
        throw new IllegalArgumentException("a broker URL must be blank, \"" + IN_PROCESS
                + "\", amqp://… or amqps://…, but was " + Redact.credentials(trimmed));
    }
}
