package scalelab.mapreduce.engine;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.ConsumerSpec;
import scalelab.core.messaging.Delivery;
import scalelab.core.messaging.Message;
import scalelab.core.messaging.Subscription;
import scalelab.mapreduce.text.WordCountTable;

/**
 * A reducer: consumes reduce tasks, merges the partition's partials (each map task's one, carried in the task) into
 * one table, publishes the partition's {@link ReduceResult} and then acks. A reduce task is self-contained, so a
 * redelivered one computes the same answer, and the coordinator keeps the first answer per partition.
 */
public final class Reducer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reducer.class);

    private final Broker broker;
    private final Topology topology;
    private final WorkerConfig config;
    private final Clock clock;
    private final AtomicLong tasksDone = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile Subscription subscription;

    public Reducer(Broker broker, Topology topology, WorkerConfig config, Clock clock) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A reducer consuming {@code topology}'s reduce tasks (declared first). */
    public static Reducer start(Broker broker, Topology topology, WorkerConfig config) {
        var reducer = new Reducer(broker, topology, config, Clock.systemUTC());
        topology.declare(broker);
        reducer.subscription =
                broker.consume(topology.reduceTasks().queue(), ConsumerSpec.of(config.concurrency()), reducer::handle);
        log.debug("reducer {} consuming {}", config.id(), topology.reduceTasks().queue());
        return reducer;
    }

    /** Handles one reduce-task delivery; it settles it. */
    public void handle(Delivery delivery) {
        Message message = delivery.message();
        try {
            ReduceTask task = TaskCodec.decodeReduceTask(message.body());
            broker.publish(topology.results().topic(), reduce(task), config.publishTimeout());
            delivery.ack();
            tasksDone.incrementAndGet();
        } catch (MalformedMessageException e) {
            deadLettered.incrementAndGet();
            log.warn(
                    "reducer {}: reduce task {} cannot be read, dead-lettering it: {}",
                    config.id(),
                    message.id(),
                    e.getMessage());
            delivery.deadLetter();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            log.warn(
                    "reducer {}: reduce task {} failed on delivery {}, retrying: {}",
                    config.id(),
                    message.id(),
                    delivery.deliveryCount(),
                    e.toString());
            delivery.retry(config.backoff(delivery.deliveryCount()));
        }
    }

    /** Merges the task's partials into the partition's result, encoded. */
    Message reduce(ReduceTask task) {
        long started = clock.millis();
        var table = new WordCountTable();
        for (Blob partial : task.partials()) {
            Entries.forEach(partial, table::add);
        }
        var writer = new Entries.Writer((int) Math.min(1 << 24, 16L + table.uniqueWords() * 12L));
        table.forEachBytes(writer::add);
        long finished = clock.millis();
        return TaskCodec.encode(new ReduceResult(
                task.jobId(),
                task.partition(),
                task.attempt(),
                config.id(),
                started,
                finished,
                writer.toBlob(config.compress())));
    }

    public String id() {
        return config.id();
    }

    public long tasksDone() {
        return tasksDone.get();
    }

    public long failures() {
        return failures.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    @Override
    public void close() {
        Subscription current = subscription;
        if (current != null) current.close();
    }
}
