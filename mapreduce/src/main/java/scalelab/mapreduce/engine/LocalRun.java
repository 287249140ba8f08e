package scalelab.mapreduce.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import scalelab.core.messaging.Broker;
import scalelab.mapreduce.split.Splitter;

/**
 * Runs one job with the coordinator, {@link RunOptions#mappers()} mappers and {@link RunOptions#reducers()}
 * reducers all in this JVM, talking through {@code broker} (in-process or RabbitMQ): {@code scalelab mapreduce
 * run} and the experiment. The splitter reads ahead of the mappers by twice the mappers' number of chunks (at
 * least {@link CoordinatorConfig#DEFAULT_MAP_WINDOW}), no more.
 */
public final class LocalRun {
    /** How often {@link #run(Broker, Path, RunOptions, Consumer)} reports progress. */
    public static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private LocalRun() {}

    /**
     * Runs the job to its end.
     *
     * @throws JobFailedException if a task failed more often than allowed, or the job could not finish
     */
    public static RunReport run(Broker broker, Path input, RunOptions options) throws InterruptedException {
        return run(broker, input, options, view -> {});
    }

    /** As {@link #run(Broker, Path, RunOptions)}, handing the job's state to {@code progress} every 2 s. */
    public static RunReport run(Broker broker, Path input, RunOptions options, Consumer<JobView> progress)
            throws InterruptedException {
        return run(broker, input, options, Splitter::plan, progress);
    }

    static RunReport run(
            Broker broker, Path input, RunOptions options, ChunkPlanner planner, Consumer<JobView> progress)
            throws InterruptedException {
        return run(broker, input, options, planner, progress, Topology.defaults());
    }

    static RunReport run(
            Broker broker,
            Path input,
            RunOptions options,
            ChunkPlanner planner,
            Consumer<JobView> progress,
            Topology topology)
            throws InterruptedException {
        boolean compress = Compression.defaultFor(broker);
        CoordinatorConfig config = CoordinatorConfig.defaults()
                .withTopology(topology)
                .withTaskTimeout(options.taskTimeout())
                .withMaxChunkBytes(options.maxChunkBytes())
                .withMapWindow(Math.max(CoordinatorConfig.DEFAULT_MAP_WINDOW, 2 * options.mappers()))
                .withCompress(compress);
        try (var coordinator = Coordinator.start(broker, config, planner, Clock.systemUTC());
                var workers = WorkerPool.start(broker, topology, options.mappers(), options.reducers(), compress)) {
            Job job = coordinator.submit(
                    input, new JobSpec(options.chunks(), options.reducers(), options.maxChunkBytes()), false);
            while (true) {
                try {
                    return job.outcome().get(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    progress.accept(job.view());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof JobFailedException failed) throw failed;
                    throw new JobFailedException("job " + job.id() + " failed: " + e.getCause(), e.getCause());
                }
            }
        } catch (IOException e) {
            throw new JobFailedException("cannot read " + input + ": " + e.getMessage(), e);
        }
    }
}
