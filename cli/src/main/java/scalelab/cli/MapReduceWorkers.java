package scalelab.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.Brokers;
import scalelab.mapreduce.engine.Topology;
import scalelab.mapreduce.engine.WorkerPool;

/** Runs mappers or reducers alone until Ctrl-C or SIGTERM: unacknowledged tasks then go back to their queue. */
final class MapReduceWorkers {
    private static final Logger log = LoggerFactory.getLogger(MapReduceWorkers.class);

    private MapReduceWorkers() {}

    static int run(String role, String url, int mappers, int reducers, boolean compress) throws InterruptedException {
        return run(role, url, mappers, reducers, compress, Duration.ZERO);
    }

    static int run(String role, String url, int mappers, int reducers, boolean compress, Duration mapperTaskDelay)
            throws InterruptedException {
        Broker broker = Brokers.open(url);
        WorkerPool pool;
        try {
            pool = WorkerPool.start(broker, Topology.defaults(), mappers, reducers, compress, mapperTaskDelay);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("mapreduce {} stopping", role);
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
}
