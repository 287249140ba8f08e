package scalelab.mapreduce.engine;

import scalelab.core.messaging.Broker;
import scalelab.core.messaging.QueueSpec;

/**
 * The topics and durable queues of one MapReduce deployment, named from a prefix ({@value #DEFAULT_PREFIX} by
 * default): {@code <prefix>.map-tasks} (coordinator to mappers), {@code <prefix>.partials} (mappers to
 * coordinator), {@code <prefix>.reduce-tasks} (coordinator to reducers) and {@code <prefix>.results} (reducers to
 * coordinator). Each topic has one queue of the same name, with a dead-letter queue {@code <queue>.dlq}. One
 * coordinator per prefix: it consumes the partials and results.
 *
 * @param prefix the names' prefix
 * @param maxDeliveries deliveries of a message without an ack before it is dead-lettered
 */
public record Topology(String prefix, int maxDeliveries) {
    /** The default prefix of every name. */
    public static final String DEFAULT_PREFIX = "mapreduce";
    /** Deliveries of a task or answer without an ack before the broker dead-letters it: 5. */
    public static final int DEFAULT_MAX_DELIVERIES = 5;

    public Topology {
        if (prefix == null || !prefix.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,100}")) {
            throw new IllegalArgumentException("a topology prefix is letters, digits, '.', '_', '-' but was " + prefix);
        }
        if (maxDeliveries < 1)
            throw new IllegalArgumentException("maxDeliveries must be >= 1 but was " + maxDeliveries);
    }

    public static Topology defaults() {
        return new Topology(DEFAULT_PREFIX, DEFAULT_MAX_DELIVERIES);
    }

    public QueueSpec mapTasks() {
        return spec("map-tasks");
    }

    public QueueSpec partials() {
        return spec("partials");
    }

    public QueueSpec reduceTasks() {
        return spec("reduce-tasks");
    }

    public QueueSpec results() {
        return spec("results");
    }

    /** Declares every topic and queue (idempotent). */
    public void declare(Broker broker) {
        broker.declare(mapTasks());
        broker.declare(partials());
        broker.declare(reduceTasks());
        broker.declare(results());
    }

    private QueueSpec spec(String name) {
        String full = prefix + "." + name;
        return new QueueSpec(full, full, maxDeliveries);
    }
}
