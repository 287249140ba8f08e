package scalelab.mapreduce.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
 * A mapper: consumes map tasks, counts each chunk with a {@link WordCountTable} (the combiner: one entry per
 * distinct word of the chunk, not one per occurrence), splits the counts by {@link Partitioner} into the task's
 * partitions, publishes one {@link Partial} per partition, and only then acks the task. A crash before the ack
 * redelivers the task; the coordinator ignores the partials it already has, so nothing is counted twice.
 *
 * <p>A task that cannot be decoded is dead-lettered at once (it would fail on every delivery); any other failure
 * (the broker refused a partial) is retried after a backoff.
 */
public final class Mapper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Mapper.class);

    private final Broker broker;
    private final Topology topology;
    private final WorkerConfig config;
    private final Clock clock;
    private final AtomicLong tasksDone = new AtomicLong();
    private final AtomicLong bytesCounted = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile Subscription subscription;

    public Mapper(Broker broker, Topology topology, WorkerConfig config, Clock clock) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A mapper consuming {@code topology}'s map tasks (declared first). */
    public static Mapper start(Broker broker, Topology topology, WorkerConfig config) {
        var mapper = new Mapper(broker, topology, config, Clock.systemUTC());
        topology.declare(broker);
        // one task more than it handles at once: the next chunk is on its way while this one is counted
        var spec = new ConsumerSpec(config.concurrency(), config.concurrency() + 1);
        mapper.subscription = broker.consume(topology.mapTasks().queue(), spec, mapper::handle);
        log.debug("mapper {} consuming {}", config.id(), topology.mapTasks().queue());
        return mapper;
    }

    /** Handles one map-task delivery; it settles it. */
    public void handle(Delivery delivery) throws InterruptedException {
        Message message = delivery.message();
        try {
            MapTask task = TaskCodec.decodeMapTask(message.body());
            took(task, delivery.deliveryCount());
            if (config.taskDelay().isPositive()) Thread.sleep(config.taskDelay());
            List<Message> partials = map(task);
            Publishing.all(broker, topology.partials().topic(), partials, config.publishTimeout());
            delivery.ack();
            tasksDone.incrementAndGet();
            bytesCounted.addAndGet(task.chunk().rawLength());
        } catch (MalformedMessageException e) {
            deadLettered.incrementAndGet();
            log.warn(
                    "mapper {}: map task {} cannot be read, dead-lettering it: {}",
                    config.id(),
                    message.id(),
                    e.getMessage());
            delivery.deadLetter();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            log.warn(
                    "mapper {}: map task {} failed on delivery {}, retrying: {}",
                    config.id(),
                    message.id(),
                    delivery.deliveryCount(),
                    e.toString());
            delivery.retry(config.backoff(delivery.deliveryCount()));
        }
    }

    /**
     * Logs a task taken: at INFO when it is worth watching (a redelivery, or a mapper slowed down by its task
     * delay), at DEBUG otherwise (a 1 GB input is over a hundred tasks).
     */
    private void took(MapTask task, int deliveryCount) {
        if (deliveryCount > 1 || config.taskDelay().isPositive()) {
            log.info(
                    "mapper {} took map task {} of job {} (offset {}, {} bytes; attempt {}, delivery {}){}",
                    config.id(),
                    task.task(),
                    task.jobId(),
                    task.offset(),
                    task.chunk().rawLength(),
                    task.attempt(),
                    deliveryCount,
                    config.taskDelay().isPositive()
                            ? "; counting it in " + config.taskDelay().toMillis() + " ms"
                            : "");
        } else if (log.isDebugEnabled()) {
            log.debug(
                    "mapper {} took map task {} of job {} (attempt {})",
                    config.id(),
                    task.task(),
                    task.jobId(),
                    task.attempt());
        }
    }

    /** Counts the task's chunk and returns its partials, one per partition, encoded. */
    List<Message> map(MapTask task) {
        long started = clock.millis();
        Blob chunk = task.chunk().inflated();
        var table = new WordCountTable();
        table.countText(chunk.array(), chunk.offset(), chunk.offset() + chunk.length());
        int partitions = task.partitions();
        var writers = new Entries.Writer[partitions];
        int capacity = (int) Math.min(1 << 24, 16L + table.uniqueWords() * 12L / partitions);
        for (int p = 0; p < partitions; p++) writers[p] = new Entries.Writer(capacity);
        table.forEachBytes((utf8, offset, length, count) ->
                writers[Partitioner.partition(utf8, offset, length, partitions)].add(utf8, offset, length, count));
        long finished = clock.millis();
        List<Message> messages = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            messages.add(TaskCodec.encode(new Partial(
                    task.jobId(),
                    task.task(),
                    p,
                    task.attempt(),
                    config.id(),
                    started,
                    finished,
                    writers[p].toBlob(config.compress()))));
        }
        return messages;
    }

    public String id() {
        return config.id();
    }

    /** Map tasks counted and acked. */
    public long tasksDone() {
        return tasksDone.get();
    }

    public long bytesCounted() {
        return bytesCounted.get();
    }

    /** Deliveries that failed and were retried. */
    public long failures() {
        return failures.get();
    }

    /** Tasks dead-lettered as unreadable. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Stops consuming; a task in progress and not acked goes back to the queue. */
    @Override
    public void close() {
        Subscription current = subscription;
        if (current != null) current.close();
    }
}
