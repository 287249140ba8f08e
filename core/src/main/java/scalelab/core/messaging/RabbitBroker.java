package scalelab.core.messaging;

/** The RabbitMQ adapter of the {@link Broker} port (being written: this commit has only the in-process one). */
public final class RabbitBroker {
    private RabbitBroker() {}

    public static Broker open(String url) {
        throw new UnsupportedOperationException("RabbitBroker is not written yet");
    }
}
