package scalelab.core.messaging;

/** Opens the broker a URL names. */
public final class Brokers {
    private Brokers() {}

    /**
     * {@code null}, blank or {@code "in-process"}: a new {@link InProcessBroker}. {@code amqp://} or
     * {@code amqps://}: a {@link RabbitBroker} connected to it.
     *
     * @throws IllegalArgumentException for any other URL
     * @throws BrokerUnavailableException if RabbitMQ cannot be reached
     */
    public static Broker open(String url) {
        throw new UnsupportedOperationException("to be written with the adapters");
    }
}
