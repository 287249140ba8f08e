package scalelab.mapreduce.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.Routes;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.Brokers;
import scalelab.mapreduce.engine.ChunkPlanner;
import scalelab.mapreduce.engine.Coordinator;
import scalelab.mapreduce.engine.CoordinatorConfig;
import scalelab.mapreduce.engine.WorkerPool;
import scalelab.mapreduce.split.Splitter;

/**
 * The coordinator service's composition root: the broker, the {@link Coordinator}, and optionally mappers and
 * reducers in this JVM ({@code scalelab up}, or a coordinator started with {@code --mappers N --reducers N}); with
 * none, separate {@code scalelab mapreduce mapper|reducer} processes do the work over RabbitMQ. Closing it stops
 * the helpers, the coordinator and then the broker.
 *
 * <p>A job or single-machine count given an {@code input_path} reads only files inside the <em>data directory</em>
 * (the working directory unless given): a relative path is resolved against it, and a path that leads out of it,
 * by {@code ..} or a symlink, is refused, so that the service cannot be made to count (and so reveal) any file
 * the process can read. Text posted as {@code text} is not affected.
 *
 * <pre>{@code
 * var service = MapReduceService.open("in-process", CoordinatorConfig.defaults(), 2, 2);
 * HttpServer.start(ServerConfig.of("mapreduce", 8080), service.routes().toArray(Routes[]::new));
 * }</pre>
 */
public final class MapReduceService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MapReduceService.class);

    private final Broker broker;
    private final Coordinator coordinator;
    private final WorkerPool workers;
    private final Path dataDir;

    private MapReduceService(Broker broker, Coordinator coordinator, WorkerPool workers, Path dataDir) {
        this.broker = broker;
        this.coordinator = coordinator;
        this.workers = workers;
        this.dataDir = dataDir;
    }

    /**
     * Opens the broker the URL names and starts the coordinator and the in-JVM helpers.
     *
     * @throws IllegalArgumentException for a URL that is not in-process or amqp(s)://
     * @throws scalelab.core.messaging.BrokerUnavailableException when RabbitMQ cannot be reached
     */
    public static MapReduceService open(String brokerUrl, CoordinatorConfig config, int mappers, int reducers) {
        return open(brokerUrl, config, mappers, reducers, workingDirectory());
    }

    /**
     * Opens the broker the URL names and starts the coordinator and the in-JVM helpers; input files must be inside
     * {@code dataDir}.
     *
     * @throws IllegalArgumentException for a URL that is not in-process or amqp(s)://, or a data directory that is
     *     not a directory
     * @throws scalelab.core.messaging.BrokerUnavailableException when RabbitMQ cannot be reached
     */
    public static MapReduceService open(
            String brokerUrl, CoordinatorConfig config, int mappers, int reducers, Path dataDir) {
        Path realDataDir = realDirectory(dataDir);
        Broker broker = Brokers.open(brokerUrl);
        try {
            return assemble(broker, config, mappers, reducers, Splitter::plan, realDataDir);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** Over a given broker (which it then owns) and chunk planner, the working directory as data directory. */
    public static MapReduceService assemble(
            Broker broker, CoordinatorConfig config, int mappers, int reducers, ChunkPlanner planner) {
        return assemble(broker, config, mappers, reducers, planner, workingDirectory());
    }

    /** Over a given broker (which it then owns), chunk planner and data directory: tests. */
    public static MapReduceService assemble(
            Broker broker, CoordinatorConfig config, int mappers, int reducers, ChunkPlanner planner, Path dataDir) {
        Objects.requireNonNull(broker, "broker");
        Path realDataDir = realDirectory(dataDir);
        Coordinator coordinator = Coordinator.start(broker, config, planner, Clock.systemUTC());
        try {
            WorkerPool workers = WorkerPool.start(broker, config.topology(), mappers, reducers, config.compress());
            log.info(
                    "mapreduce service: broker {}, {} mapper(s) and {} reducer(s) in this process, data directory {}",
                    broker.describe(),
                    mappers,
                    reducers,
                    realDataDir);
            return new MapReduceService(broker, coordinator, workers, realDataDir);
        } catch (RuntimeException e) {
            coordinator.close();
            throw e;
        }
    }

    public List<Routes> routes() {
        return List.of(new JobRoutes(this));
    }

    public Broker broker() {
        return broker;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public WorkerPool workers() {
        return workers;
    }

    /** The real path of the directory input files must be inside. */
    public Path dataDir() {
        return dataDir;
    }

    private static Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }

    private static Path realDirectory(Path dir) {
        Objects.requireNonNull(dir, "dataDir");
        if (!Files.isDirectory(dir))
            throw new IllegalArgumentException("data directory " + dir + " is not a directory");
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve the data directory " + dir, e);
        }
    }

    @Override
    public void close() {
        workers.close();
        coordinator.close();
        broker.close();
    }
}
