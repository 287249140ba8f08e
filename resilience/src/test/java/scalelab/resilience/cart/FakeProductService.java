package scalelab.resilience.cart;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;

/**
 * A stand-in for the product service, switched by the test: up (the seed products of API.md), down (503),
 * or stalled (each answer waits until {@link #release()}, at most 30 s).
 */
final class FakeProductService implements AutoCloseable {
    enum Mode {
        UP,
        DOWN,
        STALLED
    }

    static final Map<String, Product> SEED = Map.of(
            "1", new Product("1", "Laptop", new BigDecimal("999.99"), 10),
            "2", new Product("2", "Mouse", new BigDecimal("29.99"), 100),
            "3", new Product("3", "Keyboard", new BigDecimal("79.99"), 50),
            "4", new Product("4", "Monitor", new BigDecimal("299.99"), 20),
            "5", new Product("5", "Headphones", new BigDecimal("149.99"), 30));

    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.UP);
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final HttpServer server;

    FakeProductService() {
        Routes routes = new Routes() {
            @Override
            public void register(Router router) {
                router.get("/products/{id}", FakeProductService.this::product);
            }
        };
        server = HttpServer.start(
                ServerConfig.loopback("fake-product").withShutdownGrace(Duration.ofMillis(500)), routes);
    }

    private void product(Exchange ex) throws InterruptedException {
        requests.incrementAndGet();
        switch (mode.get()) {
            case DOWN -> throw new ApiException(503, "SERVICE_UNAVAILABLE", "failure mode is on", null);
            case STALLED -> released.await(30, TimeUnit.SECONDS);
            case UP -> {}
        }
        Product product = SEED.get(ex.pathParam("id"));
        if (product == null) {
            throw ApiException.notFound("PRODUCT_NOT_FOUND", "product not found");
        }
        ex.json(200, product);
    }

    void mode(Mode newMode) {
        mode.set(newMode);
    }

    /** Lets every stalled answer go. */
    void release() {
        released.countDown();
    }

    int requests() {
        return requests.get();
    }

    java.net.URI uri() {
        return server.uri();
    }

    @Override
    public void close() {
        release();
        server.close();
    }
}
