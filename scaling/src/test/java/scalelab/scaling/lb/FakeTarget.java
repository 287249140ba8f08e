package scalelab.scaling.lb;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import scalelab.core.http.Exchange;
import scalelab.core.http.Health;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;

/**
 * A target for the balancer's tests, on a real server on 127.0.0.1: {@code GET /who} names it, {@code GET /slow}
 * waits for {@link #release()}, {@code POST /echo} echoes, {@code /health} fails on demand; it counts what it got.
 */
final class FakeTarget implements Routes, AutoCloseable {
    final String name;
    final AtomicBoolean healthy = new AtomicBoolean(true);
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger posts = new AtomicInteger();
    final AtomicInteger waiting = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    final HttpServer server;
    private final java.net.URI uri;

    FakeTarget(String name) {
        this.name = name;
        this.server = HttpServer.start(ServerConfig.loopback(name), this);
        this.uri = server.uri();
    }

    java.net.URI uri() {
        return uri;
    }

    @Override
    public void register(Router router) {
        router.get("/who", ex -> {
                    gets.incrementAndGet();
                    ex.header("X-Target", name).json(200, Map.of("name", name, "query", ex.rawQuery()));
                })
                .get("/missing", ex -> ex.json(404, Map.of("error", "NOT_HERE", "message", "not here")))
                .get("/slow", this::slow)
                .post("/echo", this::echo);
    }

    private void slow(Exchange ex) throws InterruptedException {
        gets.incrementAndGet();
        waiting.incrementAndGet();
        try {
            release.await(10, TimeUnit.SECONDS);
        } finally {
            waiting.decrementAndGet();
        }
        ex.json(200, Map.of("name", name));
    }

    private void echo(Exchange ex) {
        posts.incrementAndGet();
        ex.json(200, Map.of("name", name, "body", new String(ex.bodyBytes(), StandardCharsets.UTF_8)));
    }

    void release() {
        release.countDown();
    }

    @Override
    public Health health() {
        return healthy.get() ? Health.healthy() : Health.unhealthy("told to fail");
    }

    @Override
    public void close() {
        release();
        server.close();
    }
}
