package scalelab.mapreduce.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import scalelab.core.messaging.Broker;

/**
 * Mappers and reducers in this JVM, each its own consumer handling one task at a time: the helpers of {@link
 * LocalRun}, of the coordinator service run with {@code --mappers N --reducers N}, and of the {@code mapper} and
 * {@code reducer} processes.
 */
public final class WorkerPool implements AutoCloseable {
    private final List<Mapper> mappers;
    private final List<Reducer> reducers;

    private WorkerPool(List<Mapper> mappers, List<Reducer> reducers) {
        this.mappers = List.copyOf(mappers);
        this.reducers = List.copyOf(reducers);
    }

    /** Starts {@code mappers} mappers and {@code reducers} reducers (either may be 0). */
    public static WorkerPool start(Broker broker, Topology topology, int mappers, int reducers, boolean compress) {
        return start(broker, topology, mappers, reducers, compress, Duration.ZERO);
    }

    /**
     * Starts {@code mappers} mappers, each waiting {@code mapperTaskDelay} after taking a task and before counting
     * it (see {@link WorkerConfig#taskDelay()}), and {@code reducers} reducers (either may be 0).
     */
    public static WorkerPool start(
            Broker broker, Topology topology, int mappers, int reducers, boolean compress, Duration mapperTaskDelay) {
        if (mappers < 0 || reducers < 0) {
            throw new IllegalArgumentException(
                    "mappers and reducers must be >= 0 but were " + mappers + ", " + reducers);
        }
        var startedMappers = new ArrayList<Mapper>();
        var startedReducers = new ArrayList<Reducer>();
        try {
            for (int i = 1; i <= mappers; i++) {
                startedMappers.add(Mapper.start(
                        broker, topology, WorkerConfig.of("mapper", i, compress).withTaskDelay(mapperTaskDelay)));
            }
            for (int i = 1; i <= reducers; i++) {
                startedReducers.add(Reducer.start(broker, topology, WorkerConfig.of("reducer", i, compress)));
            }
        } catch (RuntimeException e) {
            new WorkerPool(startedMappers, startedReducers).close();
            throw e;
        }
        return new WorkerPool(startedMappers, startedReducers);
    }

    public List<Mapper> mappers() {
        return mappers;
    }

    public List<Reducer> reducers() {
        return reducers;
    }

    /** Map tasks done by these mappers. */
    public long mapTasksDone() {
        return mappers.stream().mapToLong(Mapper::tasksDone).sum();
    }

    /** Reduce tasks done by these reducers. */
    public long reduceTasksDone() {
        return reducers.stream().mapToLong(Reducer::tasksDone).sum();
    }

    /** Stops every consumer; tasks in progress and not acked go back to their queues. */
    @Override
    public void close() {
        mappers.forEach(Mapper::close);
        reducers.forEach(Reducer::close);
    }
}
