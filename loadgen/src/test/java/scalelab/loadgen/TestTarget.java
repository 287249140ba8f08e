package scalelab.loadgen;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;

/**
 * A server to load in tests: {@code /fast}, {@code /delay?ms=N} (answers after N ms), {@code
 * /status/{code}}, {@code /stall} (answers at once, except that requests arriving while a stall is on
 * wait for its end) and {@code POST /echo}.
 */
final class TestTarget implements AutoCloseable {
    final LongAdder requests = new LongAdder();
    private final AtomicLong stallUntilNanos = new AtomicLong();
    private final HttpServer server;

    TestTarget() {
        server = HttpServer.start(ServerConfig.loopback("test-target"), new Routes() {
            @Override
            public void register(Router router) {
                router.get("/fast", ex -> {
                            requests.increment();
                            ex.json(200, Map.of("ok", true));
                        })
                        .get("/delay", ex -> {
                            requests.increment();
                            Thread.sleep(Long.parseLong(ex.query("ms").orElse("20")));
                            ex.json(200, Map.of("ok", true));
                        })
                        .get("/status/{code}", ex -> {
                            requests.increment();
                            ex.json(Integer.parseInt(ex.pathParam("code")), Map.of("status", ex.pathParam("code")));
                        })
                        .get("/stall", ex -> {
                            requests.increment();
                            long wait = stallUntilNanos.get() - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                            ex.json(200, Map.of("ok", true));
                        })
                        .post("/echo", ex -> {
                            requests.increment();
                            ex.json(201, ex.body(Map.class));
                        });
            }
        });
    }

    /** From now on, for {@code millis}, every request to /stall waits until the stall ends. */
    void stallFor(long millis) {
        stallUntilNanos.set(System.nanoTime() + millis * 1_000_000);
    }

    URI uri() {
        return server.uri();
    }

    @Override
    public void close() {
        server.close();
    }
}
