package scalelab.flashsale.worker;

/**
 * What takes orders off the {@code order-processing} queue and processes them: the worker pool
 * ({@link OrderWorkers}, {@code --processor workers}) or the function runtime ({@code --processor function}).
 * The composition root picks one; the API and its metrics see only this.
 */
public interface OrderConsumer extends AutoCloseable {
    /** Starts consuming. */
    void start();

    /** Orders being processed now. */
    int inFlight();

    /** How many orders it may process at once (the workers, or the function's concurrency limit). */
    int workers();

    /** One line for logs: what it is and where it consumes from, without credentials. */
    String describe();

    /** Stops taking orders; those in flight go back to the queue. */
    @Override
    void close();
}
