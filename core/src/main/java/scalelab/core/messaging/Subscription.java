package scalelab.core.messaging;

/** A running consumer. Closing it stops new deliveries; unsettled ones go back to the queue. */
public interface Subscription extends AutoCloseable {
    /**
     * Deliveries sent to this consumer and not yet settled, at most {@link ConsumerSpec#prefetch()}: those in a
     * handler, those waiting for one of the {@link ConsumerSpec#concurrency()} handlers, and those waiting out a
     * {@link Delivery#retry(java.time.Duration)} backoff.
     */
    int inFlight();

    @Override
    void close();
}
