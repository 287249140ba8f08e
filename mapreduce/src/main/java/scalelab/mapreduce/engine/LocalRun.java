package scalelab.mapreduce.engine;

import java.nio.file.Path;
import scalelab.core.messaging.Broker;

/**
 * Runs one job with the coordinator, {@link RunOptions#mappers()} mappers and {@link RunOptions#reducers()}
 * reducers all in this JVM, talking through {@code broker} (in-process or RabbitMQ): {@code scalelab mapreduce
 * run} and the experiment.
 *
 * <p>PLACEHOLDER (skeleton) signature; the engine helper implements it.
 */
public final class LocalRun {
    private LocalRun() {}

    /**
     * Runs the job to its end.
     *
     * @throws JobFailedException if a task failed more often than allowed, or the job could not finish
     */
    public static RunReport run(Broker broker, Path input, RunOptions options) throws InterruptedException {
        throw new UnsupportedOperationException("skeleton");
    }
}
