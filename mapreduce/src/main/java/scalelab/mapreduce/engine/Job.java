package scalelab.mapreduce.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.messaging.Message;
import scalelab.mapreduce.split.Chunk;
import scalelab.mapreduce.text.WordCounts;

/**
 * One word-count job inside the {@link Coordinator}: its tasks, the partials and results received, and its
 * phases. Its driver thread plans the chunks and issues the map tasks, at most {@link CoordinatorConfig#mapWindow()}
 * not done at a time; the coordinator's consumers hand it partials and results; the coordinator's ticker re-issues
 * what timed out. Every mutable field is guarded by {@code this}; publishing happens outside the lock.
 */
public final class Job {
    private static final Logger log = LoggerFactory.getLogger(Job.class);

    private final Coordinator coordinator;
    private final String id;
    private final Path input;
    private final boolean deleteInput;
    private final JobSpec spec;
    private final long inputBytes;
    private final Instant submittedAt;
    private final long submittedNanos;
    private final Semaphore window;
    private final CompletableFuture<RunReport> outcome = new CompletableFuture<>();

    private JobStatus status = JobStatus.SPLITTING;
    private String error;
    private Instant finishedAt;
    private List<TaskState> mapTasks = List.of();
    private TaskState[] reduceTasks = new TaskState[0];
    private Blob[][] partials; // [map task][partition], until the shuffle
    private int[] partialsIn; // partitions received per map task
    private Blob[] results; // per partition, until assembled
    private int mapDone;
    private int reduceDone;
    private boolean allMapIssued;
    private long splitStart;
    private long splitEnd;
    private long mapStart;
    private long mapEnd;
    private long shuffleEnd;
    private long reduceEnd;
    private long totalEnd;
    private long duplicates;
    private long reissued;
    private WordCounts counts;

    Job(Coordinator coordinator, String id, Path input, boolean deleteInput, JobSpec spec, long inputBytes) {
        this.coordinator = coordinator;
        this.id = id;
        this.input = input;
        this.deleteInput = deleteInput;
        this.spec = spec;
        this.inputBytes = inputBytes;
        this.submittedAt = coordinator.clock().instant();
        this.submittedNanos = System.nanoTime();
        this.window = new Semaphore(coordinator.config().mapWindow());
    }

    public String id() {
        return id;
    }

    public JobSpec spec() {
        return spec;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public long inputBytes() {
        return inputBytes;
    }

    public synchronized JobStatus status() {
        return status;
    }

    /** Why it failed, once FAILED. */
    public synchronized Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** The counts, once DONE. */
    public synchronized Optional<WordCounts> counts() {
        return Optional.ofNullable(counts);
    }

    /** Completes with the report when DONE, or exceptionally with a {@link JobFailedException} when FAILED. */
    public CompletableFuture<RunReport> outcome() {
        return outcome;
    }

    /**
     * Waits for the end of the job.
     *
     * @throws JobFailedException if it failed, or did not finish within {@code timeout}
     */
    public RunReport await(Duration timeout) throws InterruptedException {
        try {
            return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof JobFailedException failed) throw failed;
            throw new JobFailedException("job " + id + " failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new JobFailedException("job " + id + " did not finish within " + timeout + " (" + status() + ")");
        }
    }

    // ---- the driver: plan, then issue the map tasks within the window

    void run() {
        try {
            synchronized (this) {
                splitStart = System.nanoTime();
            }
            List<Chunk> chunks = coordinator.planner().plan(input, spec.chunks(), spec.maxChunkBytes());
            if (chunks.isEmpty()) {
                synchronized (this) {
                    splitEnd = mapStart = mapEnd = shuffleEnd = System.nanoTime();
                    results = new Blob[0];
                }
                assemble(System.nanoTime());
                return;
            }
            synchronized (this) {
                if (status.finished()) return;
                var tasks = new ArrayList<TaskState>(chunks.size());
                for (int i = 0; i < chunks.size(); i++) {
                    tasks.add(new TaskState(
                            i, chunks.get(i).offset(), chunks.get(i).length()));
                }
                mapTasks = List.copyOf(tasks);
                partials = new Blob[chunks.size()][];
                partialsIn = new int[chunks.size()];
            }
            // Each map task is published on its own virtual thread (a publish waits for the broker's confirm), so
            // the splitter reads on while earlier chunks are confirmed. Not a list of threads: a finished virtual
            // thread still holds its task, and with it an 8 MiB chunk (a 1 GB input ran out of a 512 MB heap).
            try (var publishers = Executors.newVirtualThreadPerTaskExecutor();
                    FileChannel channel = FileChannel.open(input, StandardOpenOption.READ)) {
                for (TaskState task : mapTasks) {
                    if (!acquireWindow()) return;
                    Message message = mapTaskMessage(channel, task, 1);
                    synchronized (this) {
                        if (status.finished()) return;
                        task.issued(coordinator.clock().instant(), System.nanoTime());
                    }
                    coordinator.counters().mapTasksIssued.incrementAndGet();
                    publishers.execute(() -> publish(message, true));
                }
            } // waits for every publish
            boolean shuffleNow;
            synchronized (this) {
                splitEnd = System.nanoTime();
                allMapIssued = true;
                shuffleNow = startShuffleIfMapped();
            }
            if (shuffleNow) shuffle();
        } catch (IOException e) {
            fail("cannot read the input " + input + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("the coordinator stopped");
        } catch (RuntimeException e) {
            log.error("job={} failed unexpectedly", id, e);
            fail("unexpected failure: " + e);
        }
    }

    private boolean acquireWindow() throws InterruptedException {
        while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            synchronized (this) {
                if (status.finished()) return false;
            }
        }
        return true;
    }

    private Message mapTaskMessage(FileChannel channel, TaskState task, int attempt) throws IOException {
        return TaskCodec.encodeMapTask(
                id,
                task.index,
                attempt,
                spec.reducers(),
                task.offset,
                task.length,
                coordinator.config().compress(),
                (target, at, length) -> readFully(channel, task.offset, target, at, length));
    }

    private void readFully(FileChannel channel, long position, byte[] target, int at, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(target, at, length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position() - at) < 0) {
                throw new IOException(input + " is shorter than planned: did it change while the job ran?");
            }
        }
    }

    private void publish(Message message, boolean mapTask) {
        var config = coordinator.config();
        String topic = mapTask
                ? config.topology().mapTasks().topic()
                : config.topology().reduceTasks().topic();
        try {
            coordinator.broker().publish(topic, message, config.publishTimeout());
            if (mapTask) {
                synchronized (this) {
                    if (mapStart == 0) mapStart = System.nanoTime();
                    if (status == JobStatus.SPLITTING) status = JobStatus.MAPPING;
                }
            }
        } catch (RuntimeException e) {
            log.warn(
                    "job={} task {} not published ({}); it is issued again after the task timeout",
                    id,
                    message.id(),
                    e.getMessage());
        }
    }

    // ---- partials and the shuffle

    /** What became of an answer. */
    enum Received {
        KEPT,
        DUPLICATE,
        INVALID
    }

    Received onPartial(Partial partial) {
        boolean shuffleNow;
        synchronized (this) {
            if (status != JobStatus.SPLITTING && status != JobStatus.MAPPING) {
                duplicates++;
                return Received.DUPLICATE; // every partial was in already, or the job is over
            }
            int t = partial.task();
            int p = partial.partition();
            if (t < 0 || t >= mapTasks.size() || p < 0 || p >= spec.reducers()) return Received.INVALID;
            if (partials[t] == null) partials[t] = new Blob[spec.reducers()];
            if (partials[t][p] != null) {
                duplicates++;
                return Received.DUPLICATE;
            }
            partials[t][p] = partial.entries();
            if (++partialsIn[t] < spec.reducers()) return Received.KEPT;
            mapTasks.get(t)
                    .done(
                            coordinator.clock().instant(),
                            System.nanoTime(),
                            partial.worker(),
                            partial.finishedMillis() - partial.startedMillis());
            mapDone++;
            window.release();
            shuffleNow = startShuffleIfMapped();
        }
        if (shuffleNow) Thread.ofVirtual().name("shuffle-" + id).start(this::shuffle);
        return Received.KEPT;
    }

    /** Under the lock: whether every map task is done, the job then moving to SHUFFLING. */
    private boolean startShuffleIfMapped() {
        if (!allMapIssued || mapDone < mapTasks.size() || status.finished() || status == JobStatus.SHUFFLING) {
            return false;
        }
        mapEnd = System.nanoTime();
        status = JobStatus.SHUFFLING;
        return true;
    }

    /** Groups the partials by partition into reduce tasks and publishes them. */
    private void shuffle() {
        int reducers = spec.reducers();
        var messages = new Message[reducers];
        var tasks = new TaskState[reducers];
        var groups = new ArrayList<List<Blob>>(reducers);
        synchronized (this) {
            if (status != JobStatus.SHUFFLING) return;
            results = new Blob[reducers];
            for (int p = 0; p < reducers; p++) {
                var blobs = new ArrayList<Blob>(partials.length);
                for (Blob[] task : partials) blobs.add(task[p]);
                tasks[p] = new TaskState(p, 0, 0);
                tasks[p].partials = blobs;
                groups.add(blobs);
            }
            reduceTasks = tasks;
            partials = null;
        }
        for (int p = 0; p < reducers; p++) {
            TaskState task = tasks[p];
            messages[p] = TaskCodec.encode(new ReduceTask(id, p, 1, groups.get(p)));
            synchronized (this) {
                if (status.finished()) return;
                task.issued(coordinator.clock().instant(), System.nanoTime());
            }
        }
        var publishers = new ArrayList<Thread>(reducers);
        for (Message message : messages) {
            coordinator.counters().reduceTasksIssued.incrementAndGet();
            publishers.add(Thread.ofVirtual().name("publish-reduce-" + id).start(() -> publish(message, false)));
        }
        try {
            for (Thread publisher : publishers) publisher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            shuffleEnd = System.nanoTime();
            if (status == JobStatus.SHUFFLING) status = JobStatus.REDUCING;
        }
    }

    // ---- results

    Received onResult(ReduceResult result) {
        long now = System.nanoTime();
        synchronized (this) {
            if (status != JobStatus.SHUFFLING && status != JobStatus.REDUCING) {
                duplicates++;
                return Received.DUPLICATE;
            }
            int p = result.partition();
            if (p < 0 || p >= results.length) return Received.INVALID;
            if (results[p] != null) {
                duplicates++;
                return Received.DUPLICATE;
            }
            results[p] = result.entries();
            reduceTasks[p].done(
                    coordinator.clock().instant(),
                    now,
                    result.worker(),
                    result.finishedMillis() - result.startedMillis());
            if (++reduceDone < results.length) return Received.KEPT;
        }
        assemble(now);
        return Received.KEPT;
    }

    /** Every partition's result is in: builds the counts (the partitions are disjoint) and finishes. */
    private void assemble(long lastResultNanos) {
        Blob[] parts;
        synchronized (this) {
            parts = results;
            reduceEnd = lastResultNanos;
        }
        int size = 0;
        for (Blob part : parts) size += part.items();
        Map<String, Long> words = new HashMap<>(Math.max(16, size * 4 / 3 + 1));
        for (Blob part : parts) {
            Entries.forEach(
                    part,
                    (utf8, offset, length, count) ->
                            words.merge(new String(utf8, offset, length, StandardCharsets.UTF_8), count, Long::sum));
        }
        WordCounts assembled = WordCounts.of(words);
        RunReport report;
        synchronized (this) {
            if (status.finished()) return;
            counts = assembled;
            totalEnd = System.nanoTime();
            status = JobStatus.DONE;
            finishedAt = coordinator.clock().instant();
            results = null;
            report = new RunReport(
                    assembled, inputBytes, mapTasks.size(), reduceTasks.length, phases(), reissued, duplicates);
        }
        coordinator.counters().jobsDone.incrementAndGet();
        log.info(
                "job={} done: {} words ({} distinct) in {} ms, {} map tasks, {} reduce tasks",
                id,
                assembled.totalWords(),
                assembled.uniqueWords(),
                report.phases().total().toMillis(),
                report.mapTasks(),
                report.reduceTasks());
        cleanUp();
        outcome.complete(report);
        coordinator.finished(this);
    }

    // ---- time-outs, dead letters, failure

    /** Re-issues every task whose last issue is older than the task timeout; fails the job past the attempts. */
    void checkTimeouts(long nowNanos) {
        var config = coordinator.config();
        long timeout = config.taskTimeout().toNanos();
        var again = new ArrayList<Reissue>();
        String failure = null;
        synchronized (this) {
            if (status.finished()) return;
            for (TaskState task : mapTasks) {
                if (task.state == TaskState.State.ISSUED && nowNanos - task.lastIssuedNanos >= timeout) {
                    if (task.attempts >= config.maxAttempts()) {
                        failure = "map task " + task.index + " was not done after " + task.attempts + " attempt(s) of "
                                + config.taskTimeout().toMillis() + " ms each";
                        break;
                    }
                    again.add(reissue(task, true));
                }
            }
            for (TaskState task : reduceTasks) {
                if (failure == null
                        && task != null
                        && task.state == TaskState.State.ISSUED
                        && nowNanos - task.lastIssuedNanos >= timeout) {
                    if (task.attempts >= config.maxAttempts()) {
                        failure = "reduce task " + task.index + " was not done after " + task.attempts
                                + " attempt(s) of " + config.taskTimeout().toMillis() + " ms each";
                        break;
                    }
                    again.add(reissue(task, false));
                }
            }
        }
        if (failure != null) {
            fail(failure);
            return;
        }
        for (Reissue reissue : again) {
            log.warn(
                    "job={} {} task {} not done within {} ms: issuing attempt {}",
                    id,
                    reissue.map ? "map" : "reduce",
                    reissue.task.index,
                    config.taskTimeout().toMillis(),
                    reissue.attempt);
            Thread.ofVirtual().name("reissue-" + id).start(() -> send(reissue));
        }
    }

    /** A task came back through a dead-letter queue: its attempt failed; issue it again or fail the job. */
    void onDeadLettered(boolean map, int index, int attempt) {
        var config = coordinator.config();
        Reissue reissue;
        String failure = null;
        synchronized (this) {
            if (status.finished()) return;
            TaskState task = map
                    ? (index >= 0 && index < mapTasks.size() ? mapTasks.get(index) : null)
                    : (index >= 0 && index < reduceTasks.length ? reduceTasks[index] : null);
            if (task == null || task.state != TaskState.State.ISSUED || task.attempts != attempt) {
                return; // done meanwhile, or an older attempt: the current one is still out
            }
            if (task.attempts >= config.maxAttempts()) {
                failure = (map ? "map" : "reduce") + " task " + index + " was dead-lettered on attempt " + attempt
                        + " of " + config.maxAttempts() + ": it cannot be read, or failed on every delivery";
                reissue = null;
            } else {
                reissue = reissue(task, map);
            }
        }
        if (failure != null) {
            fail(failure);
        } else {
            log.warn(
                    "job={} {} task {} was dead-lettered: issuing attempt {}",
                    id,
                    map ? "map" : "reduce",
                    index,
                    reissue.attempt);
            Thread.ofVirtual().name("reissue-" + id).start(() -> send(reissue));
        }
    }

    private record Reissue(TaskState task, boolean map, int attempt, List<Blob> partials) {}

    /** Under the lock: counts one more attempt of the task. */
    private Reissue reissue(TaskState task, boolean map) {
        task.issued(coordinator.clock().instant(), System.nanoTime());
        reissued++;
        coordinator.counters().tasksReissued.incrementAndGet();
        return new Reissue(task, map, task.attempts, map ? null : task.partials);
    }

    private void send(Reissue reissue) {
        Message message;
        if (reissue.map) {
            try (FileChannel channel = FileChannel.open(input, StandardOpenOption.READ)) {
                message = mapTaskMessage(channel, reissue.task, reissue.attempt);
            } catch (IOException e) {
                fail("cannot read the input " + input + " again for map task " + reissue.task.index + ": "
                        + e.getMessage());
                return;
            }
            coordinator.counters().mapTasksIssued.incrementAndGet();
        } else {
            message = TaskCodec.encode(new ReduceTask(id, reissue.task.index, reissue.attempt, reissue.partials));
            coordinator.counters().reduceTasksIssued.incrementAndGet();
        }
        publish(message, reissue.map);
    }

    /** Ends the job as FAILED with the reason (once; later calls are ignored). */
    void fail(String reason) {
        synchronized (this) {
            if (status.finished()) return;
            status = JobStatus.FAILED;
            error = reason;
            finishedAt = coordinator.clock().instant();
            totalEnd = System.nanoTime();
            partials = null;
            results = null;
            for (TaskState task : reduceTasks) {
                if (task != null) task.partials = null;
            }
        }
        window.release(Integer.MAX_VALUE / 2); // a driver waiting for room wakes up and sees the end
        coordinator.counters().jobsFailed.incrementAndGet();
        log.warn("job={} failed: {}", id, reason);
        cleanUp();
        outcome.completeExceptionally(new JobFailedException("job " + id + " failed: " + reason));
        coordinator.finished(this);
    }

    private void cleanUp() {
        if (deleteInput) {
            try {
                Files.deleteIfExists(input);
            } catch (IOException e) {
                log.warn("job={} could not delete its spooled input {}: {}", id, input, e.toString());
            }
        }
    }

    // ---- views

    /** Under the lock: the phases so far. */
    private PhaseTimes phases() {
        return new PhaseTimes(
                nanos(splitStart, splitEnd),
                nanos(mapStart, mapEnd),
                nanos(mapEnd, shuffleEnd),
                nanos(shuffleEnd, reduceEnd),
                nanos(submittedNanos, totalEnd));
    }

    private static Duration nanos(long from, long to) {
        return from == 0 || to == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, to - from));
    }

    public synchronized JobView view() {
        long now = System.nanoTime();
        var mapViews = new ArrayList<TaskView>(mapTasks.size());
        for (TaskState task : mapTasks) mapViews.add(task.view(true));
        var reduceViews = new ArrayList<TaskView>(reduceTasks.length);
        for (TaskState task : reduceTasks) {
            if (task != null) reduceViews.add(task.view(false));
        }
        long end = totalEnd != 0 ? totalEnd : now;
        var phases = new JobView.Phases(
                millis(splitStart, splitEnd, end),
                millis(mapStart, mapEnd, end),
                millis(mapEnd, shuffleEnd, end),
                millis(shuffleEnd, reduceEnd, end),
                (end - submittedNanos) / 1_000_000);
        return new JobView(
                id,
                status,
                error,
                inputBytes,
                spec.chunks(),
                spec.reducers(),
                submittedAt,
                finishedAt,
                mapTasks.size(),
                mapDone,
                reduceDone,
                reissued,
                duplicates,
                phases,
                mapViews,
                reduceViews);
    }

    private static Long millis(long from, long to, long now) {
        if (from == 0) return null;
        return Math.max(0, (to != 0 ? to : now) - from) / 1_000_000;
    }

    @Override
    public String toString() {
        return "Job[" + id + " " + status() + "]";
    }
}
