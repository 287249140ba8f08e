package scalelab.core.messaging;

/** A running consumer. Closing it stops new deliveries; unsettled ones go back to the queue. */
public interface Subscription extends AutoCloseable {
    /** Deliveries handed to the handler and not yet settled. */
    int inFlight();

    @Override
    void close();
}
