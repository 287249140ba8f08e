package scalelab.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.Health;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.Brokers;
import scalelab.mapreduce.engine.Topology;
import scalelab.mapreduce.engine.WorkerPool;

/** Runs mappers or reducers alone until Ctrl-C or SIGTERM: unacknowledged tasks then go back to their queue. */
final class MapReduceWorkers {
    private static final Logger log = LoggerFactory.getLogger(MapReduceWorkers.class);

    private MapReduceWorkers() {}

    static int run(
            String role,
            String url,
            int mappers,
            int reducers,
            boolean compress,
            Duration mapperTaskDelay,
            WorkerHealthOption health)
            throws InterruptedException {
        Broker broker = Brokers.open(url);
        WorkerPool pool;
        HttpServer healthServer;
        try {
            pool = WorkerPool.start(broker, Topology.defaults(), mappers, reducers, compress, mapperTaskDelay);
            try {
                healthServer = health.start("mapreduce-" + role, List.of(new WorkerRoutes(broker, pool)));
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("mapreduce {} stopping", role);
                            if (healthServer != null) {
                                healthServer.close();
                            }
                            pool.close();
                            broker.close();
                            stopped.countDown();
                            log.info(
                                    "mapreduce {} stopped: {} map task(s), {} reduce task(s) done",
                                    role,
                                    pool.mapTasksDone(),
                                    pool.reduceTasksDone());
                        },
                        "scalelab-shutdown"));
        log.info(
                "mapreduce {} running on {}: {} consumer(s); Ctrl-C or SIGTERM stops it",
                role,
                broker.describe(),
                Math.max(mappers, reducers));
        stopped.await();
        return 0;
    }

    /** Health: the broker answers (the map-task queue's depth); metrics: the tasks this process did. */
    private record WorkerRoutes(Broker broker, WorkerPool pool) implements Routes {
        @Override
        public void register(Router router) {}

        @Override
        public Health health() {
            var details = new LinkedHashMap<String, Object>();
            details.put("broker", broker.describe());
            details.put("mappers", pool.mappers().size());
            details.put("reducers", pool.reducers().size());
            try {
                broker.depth(Topology.defaults().mapTasks().queue());
                details.put("broker_reachable", true);
                return Health.healthy(details);
            } catch (RuntimeException e) {
                log.debug("health: {}", e.toString());
                details.put("broker_reachable", false);
                details.put("reason", "broker unreachable: no task can be taken");
                return new Health(false, details);
            }
        }

        @Override
        public void describeMetrics(Map<String, Object> metrics) {
            metrics.put("map_tasks_done", pool.mapTasksDone());
            metrics.put("reduce_tasks_done", pool.reduceTasksDone());
        }
    }
}
