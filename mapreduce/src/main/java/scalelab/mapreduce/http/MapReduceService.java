package scalelab.mapreduce.http;

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

    private MapReduceService(Broker broker, Coordinator coordinator, WorkerPool workers) {
        this.broker = broker;
        this.coordinator = coordinator;
        this.workers = workers;
    }

    /**
     * Opens the broker the URL names and starts the coordinator and the in-JVM helpers.
     *
     * @throws IllegalArgumentException for a URL that is not in-process or amqp(s)://
     * @throws scalelab.core.messaging.BrokerUnavailableException when RabbitMQ cannot be reached
     */
    public static MapReduceService open(String brokerUrl, CoordinatorConfig config, int mappers, int reducers) {
        Broker broker = Brokers.open(brokerUrl);
        try {
            return assemble(broker, config, mappers, reducers, Splitter::plan);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** Over a given broker (which it then owns) and chunk planner: tests. */
    public static MapReduceService assemble(
            Broker broker, CoordinatorConfig config, int mappers, int reducers, ChunkPlanner planner) {
        Objects.requireNonNull(broker, "broker");
        Coordinator coordinator = Coordinator.start(broker, config, planner, Clock.systemUTC());
        try {
            WorkerPool workers = WorkerPool.start(broker, config.topology(), mappers, reducers, config.compress());
            log.info(
                    "mapreduce service: broker {}, {} mapper(s) and {} reducer(s) in this process",
                    broker.describe(),
                    mappers,
                    reducers);
            return new MapReduceService(broker, coordinator, workers);
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

    @Override
    public void close() {
        workers.close();
        coordinator.close();
        broker.close();
    }
}
