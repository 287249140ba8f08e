package scalelab.mapreduce.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.ConsumerSpec;
import scalelab.core.messaging.Delivery;
import scalelab.core.messaging.Subscription;
import scalelab.mapreduce.split.Splitter;

/**
 * The job coordinator: accepts jobs, splits their input into map tasks, collects the mappers' partials
 * (deduplicated by map task and partition), publishes one reduce task per partition once every map task is done,
 * collects the reducers' results (deduplicated by partition) and assembles the counts. It re-issues a task that is
 * not done within the task timeout, or that comes back through its dead-letter queue, up to {@link
 * CoordinatorConfig#maxAttempts()} issues; then the job fails with the reason.
 *
 * <pre>{@code
 * try (var coordinator = Coordinator.start(broker, CoordinatorConfig.defaults())) {
 *     Job job = coordinator.submit(Path.of("corpus.txt"), new JobSpec(8, 2, Splitter.DEFAULT_MAX_CHUNK_BYTES), false);
 *     RunReport report = job.await(Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * One coordinator per {@link Topology}: it consumes the partials and results queues. Answers of jobs it does not
 * know (an earlier coordinator's) are acked and dropped.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

    private final Broker broker;
    private final CoordinatorConfig config;
    private final ChunkPlanner planner;
    private final Clock clock;
    private final CoordinatorMetrics.Counters counters = new CoordinatorMetrics.Counters();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final List<String> finished = new ArrayList<>(); // ids in the order they finished; guarded by itself
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final Thread ticker;
    private volatile boolean closed;

    private Coordinator(Broker broker, CoordinatorConfig config, ChunkPlanner planner, Clock clock) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.config = Objects.requireNonNull(config, "config");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Thread.ofVirtual().name("mapreduce-timeouts").unstarted(this::tick);
    }

    /** Declares the topology and starts consuming answers, with {@link Splitter#plan} planning the chunks. */
    public static Coordinator start(Broker broker, CoordinatorConfig config) {
        return start(broker, config, Splitter::plan, Clock.systemUTC());
    }

    /** As {@link #start(Broker, CoordinatorConfig)}, with another planner and clock. */
    public static Coordinator start(Broker broker, CoordinatorConfig config, ChunkPlanner planner, Clock clock) {
        var coordinator = new Coordinator(broker, config, planner, clock);
        try {
            Topology topology = config.topology();
            topology.declare(broker);
            coordinator.subscriptions.add(
                    broker.consume(topology.partials().queue(), new ConsumerSpec(2, 32), coordinator::onPartial));
            coordinator.subscriptions.add(
                    broker.consume(topology.results().queue(), new ConsumerSpec(2, 8), coordinator::onResult));
            coordinator.subscriptions.add(broker.consume(
                    topology.mapTasks().deadLetterQueue(), ConsumerSpec.of(1), d -> coordinator.onDeadLetter(d, true)));
            coordinator.subscriptions.add(broker.consume(
                    topology.reduceTasks().deadLetterQueue(),
                    ConsumerSpec.of(1),
                    d -> coordinator.onDeadLetter(d, false)));
            coordinator.ticker.start();
        } catch (RuntimeException e) {
            coordinator.close();
            throw e;
        }
        log.info("mapreduce coordinator on {}: {}", broker.describe(), config.describe());
        return coordinator;
    }

    /**
     * Starts a job on a UTF-8 file.
     *
     * @param deleteInputWhenFinished delete the file once the job is done or failed (a spooled upload)
     * @throws IOException if the file cannot be read
     * @throws IllegalStateException if the coordinator is closed
     */
    public Job submit(Path input, JobSpec spec, boolean deleteInputWhenFinished) throws IOException {
        if (closed) throw new IllegalStateException("the coordinator is closed");
        if (!Files.isRegularFile(input)) throw new IOException(input + " is not a regular file");
        long bytes = Files.size(input);
        if (!Files.isReadable(input)) throw new IOException(input + " is not readable");
        String id = newId();
        var job = new Job(this, id, input, deleteInputWhenFinished, spec, bytes);
        jobs.put(id, job);
        counters.jobsSubmitted.incrementAndGet();
        log.info(
                "job={} submitted: {} ({} bytes), {} chunks, {} reducers",
                id,
                input,
                bytes,
                spec.chunks(),
                spec.reducers());
        Thread.ofVirtual().name("job-" + id).start(job::run);
        return job;
    }

    public Optional<Job> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Jobs known: running ones and the last {@link CoordinatorConfig#keepJobs()} finished. */
    public List<Job> jobs() {
        var all = new ArrayList<>(jobs.values());
        all.sort(Comparator.comparing(Job::submittedAt));
        return all;
    }

    public CoordinatorMetrics metrics() {
        return counters.snapshot();
    }

    public Broker broker() {
        return broker;
    }

    public CoordinatorConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    ChunkPlanner planner() {
        return planner;
    }

    CoordinatorMetrics.Counters counters() {
        return counters;
    }

    /** A job ended: the oldest finished ones beyond {@link CoordinatorConfig#keepJobs()} are forgotten. */
    void finished(Job job) {
        synchronized (finished) {
            finished.add(job.id());
            while (finished.size() > config.keepJobs()) {
                jobs.remove(finished.remove(0));
            }
        }
    }

    private static String newId() {
        return "job-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    }

    // ---- consumers

    private void onPartial(Delivery delivery) {
        Partial partial;
        try {
            partial = TaskCodec.decodePartial(delivery.message().body());
        } catch (MalformedMessageException e) {
            malformed(delivery, e.getMessage());
            return;
        }
        Job job = jobs.get(partial.jobId());
        if (job == null) {
            unknownJob(delivery, partial.jobId());
            return;
        }
        settle(delivery, job.onPartial(partial));
    }

    private void onResult(Delivery delivery) {
        ReduceResult result;
        try {
            result = TaskCodec.decodeResult(delivery.message().body());
        } catch (MalformedMessageException e) {
            malformed(delivery, e.getMessage());
            return;
        }
        Job job = jobs.get(result.jobId());
        if (job == null) {
            unknownJob(delivery, result.jobId());
            return;
        }
        settle(delivery, job.onResult(result));
    }

    private void settle(Delivery delivery, Job.Received received) {
        switch (received) {
            case KEPT -> delivery.ack();
            case DUPLICATE -> {
                counters.duplicatesIgnored.incrementAndGet();
                log.debug(
                        "{} received again (or after its job ended): ignored",
                        delivery.message().id());
                delivery.ack();
            }
            case INVALID -> malformed(delivery, "its task or partition is out of the job's range");
        }
    }

    private void malformed(Delivery delivery, String why) {
        counters.malformed.incrementAndGet();
        log.warn(
                "answer {} cannot be used, dead-lettering it: {}",
                delivery.message().id(),
                why);
        delivery.deadLetter();
    }

    private void unknownJob(Delivery delivery, String jobId) {
        counters.unknownJobMessages.incrementAndGet();
        log.info(
                "answer {} is for job {}, unknown here (an earlier coordinator's?): dropped",
                delivery.message().id(),
                jobId);
        delivery.ack();
    }

    /** A task in a dead-letter queue: read its headers (the body may be what could not be read). */
    private void onDeadLetter(Delivery delivery, boolean map) {
        counters.deadLettered.incrementAndGet();
        var headers = delivery.message().headers();
        Job job = jobs.get(headers.getOrDefault(TaskCodec.JOB_HEADER, ""));
        try {
            int index = Integer.parseInt(headers.getOrDefault(TaskCodec.TASK_HEADER, "-1"));
            int attempt = Integer.parseInt(headers.getOrDefault(TaskCodec.ATTEMPT_HEADER, "-1"));
            if (job != null) job.onDeadLettered(map, index, attempt);
            else
                log.info(
                        "dead-lettered task {} of an unknown job: dropped",
                        delivery.message().id());
        } catch (NumberFormatException e) {
            log.warn(
                    "dead-lettered task {} has no task or attempt header: dropped",
                    delivery.message().id());
        }
        delivery.ack();
    }

    // ---- time-outs

    private void tick() {
        long period = Math.clamp(config.taskTimeout().toMillis() / 4, 10, 1000);
        while (!closed) {
            try {
                Thread.sleep(Duration.ofMillis(period));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Job job : jobs.values()) {
                try {
                    job.checkTimeouts(now);
                } catch (RuntimeException e) {
                    log.error("job={} time-out check failed", job.id(), e);
                }
            }
        }
    }

    /** Stops consuming; jobs still running fail ("the coordinator stopped"). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ticker.interrupt();
        subscriptions.forEach(Subscription::close);
        for (Job job : jobs.values()) {
            if (!job.status().finished()) job.fail("the coordinator stopped");
        }
    }
}
