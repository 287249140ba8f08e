package scalelab.core.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.storage.StorageUnavailableException;

/**
 * A running scalelab service: Helidon SE 4 (one virtual thread per request) serving the given
 * {@link Routes}, plus {@code /health}, {@code /metrics} and {@code /prometheus}, with one error
 * mapper for every route and a graceful stop.
 *
 * <pre>{@code
 * try (HttpServer server = HttpServer.start(ServerConfig.of("albums", 8080), new AlbumRoutes(albums))) {
 *     server.awaitStop(); // until close() is called, e.g. from a shutdown hook
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops taking new requests (they get 503 and {@code /health} says so), waits up
 * to the configured grace for the requests in flight to finish, then closes the listener.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final Logger accessLog = LoggerFactory.getLogger("scalelab.access");
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** Core's own routes, left out of the latency window: a monitor polling them would drown the service's own. */
    private static final Set<String> OWN_ROUTES = Set.of("/health", "/metrics", "/prometheus");
    /**
     * How far back the latency percentiles of {@code /metrics} look: 30 s, in 3 slices, so a request leaves the
     * window 20 to 30 s after it ended.
     */
    public static final Duration LATENCY_WINDOW = Duration.ofSeconds(30);

    private final ServerConfig config;
    private final List<Routes> features;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<RouteMetrics> routeMetrics = new ArrayList<>(); // filled before start, then read-only
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long startedNanos = System.nanoTime();
    private final Timer latency; // every request but those to core's own routes; percentiles over LATENCY_WINDOW
    private final WebServer server;

    private HttpServer(ServerConfig config, List<Routes> features) {
        this.config = config;
        this.features = List.copyOf(features);
        registry.config().commonTags("service", config.name());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        features.forEach(feature -> feature.bindMeters(registry));
        this.latency = Timer.builder("http.server.latency")
                .description("latency of the service's requests (not /health, /metrics, /prometheus)")
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(LATENCY_WINDOW)
                .distributionStatisticBufferLength(3)
                .register(registry);

        HttpRouting.Builder routing = HttpRouting.builder();
        var router = new HelidonRouter(routing);
        router.get("/health", this::health);
        router.get("/metrics", this::metrics);
        router.get("/prometheus", ex -> ex.stream(200, PROMETHEUS_TEXT, out -> registry.scrape(out)));
        features.forEach(feature -> feature.register(router));
        routing.any(wrap("ANY", "(unmatched)", ex -> {
            throw ApiException.notFound("NOT_FOUND", "no route for " + ex.method() + " " + ex.path());
        }));

        this.server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false) // the composition root stops us, in order, through close()
                .shutdownGracePeriod(Duration.ofMillis(200))
                // answers go out at once; with Nagle on, small writes wait for the peer's delayed ACK
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .directHandlers(handlers -> {
                    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                        handlers.addHandler(type, HttpServer::transportError);
                    }
                })
                .routing(routing)
                .build();
    }

    /**
     * The answer to a request Helidon refuses before any route sees it (a URI or headers too long, a
     * malformed request line): the same JSON error body as every other error, with no detail from the
     * request echoed back.
     */
    private static DirectHandler.TransportResponse transportError(
            DirectHandler.TransportRequest request,
            DirectHandler.EventType type,
            io.helidon.http.Status status,
            io.helidon.http.ServerResponseHeaders headers,
            String message) {
        int code = status.code();
        log.debug("{} refused by the transport: {} {}", request.method(), code, message);
        String error = switch (code) {
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 431 -> "HEADERS_TOO_LARGE";
            case 500 -> "INTERNAL";
            default -> code == 400 ? "BAD_REQUEST" : "HTTP_" + code;
        };
        String text = code >= 500 ? "internal error" : "the request cannot be read: " + status.reasonPhrase();
        byte[] body = scalelab.core.json.Json.write(new ErrorBody(error, text, null))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .keepAlive(false)
                .entity(body)
                .build();
    }

    /** Starts the service and logs one line with its URL. */
    public static HttpServer start(ServerConfig config, Routes... features) {
        var server = new HttpServer(config, List.of(features));
        server.server.start();
        if (!server.server.isRunning()) { // Helidon logs a failed bind and returns as if started
            server.registry.close();
            throw new IllegalStateException(config.name() + " cannot listen on " + config.host() + ":" + config.port()
                    + ": " + bindProblem(config));
        }
        log.info("{} listening on {}", config.name(), server.uri());
        return server;
    }

    /** Why binding failed, found by trying once more ("Address already in use", ...). */
    private static String bindProblem(ServerConfig config) {
        try (var socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(config.host(), config.port()));
            return "the listener did not start";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** The port bound, useful when the config asked for 0. */
    public int port() {
        return server.port();
    }

    /** {@code http://host:port}, with 127.0.0.1 standing in for "all interfaces". */
    public URI uri() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return URI.create("http://" + host + ":" + port());
    }

    public String name() {
        return config.name();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Graceful stop; safe to call more than once and from any thread. */
    @Override
    public void close() {
        if (!stopping.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        Duration grace = config.shutdownGrace();
        log.info("{} stopping: {} request(s) in flight, waiting up to {}", config.name(), inFlight.get(), grace);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (inFlight.get() > 0) {
            log.warn("{} stopping with {} request(s) still in flight after {}", config.name(), inFlight.get(), grace);
        }
        server.stop();
        registry.close();
        stopped.countDown();
        log.info("{} stopped", config.name());
    }

    private void awaitQuietly() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void health(Exchange exchange) {
        Health health = Health.healthy();
        for (Routes feature : features) {
            health = health.and(feature.health());
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("status", health.up() ? "healthy" : "unhealthy");
        body.put("service", config.name());
        body.putAll(health.details());
        exchange.json(health.up() ? 200 : 503, body);
    }

    private void metrics(Exchange exchange) {
        var body = new LinkedHashMap<String, Object>();
        body.put("service", config.name());
        body.put(
                "uptime_seconds",
                Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
        body.put("in_flight", inFlight.get() - 1); // not counting this request
        List<Map<String, Object>> routes = routeMetrics.stream()
                .map(RouteMetrics::summary)
                .filter(Objects::nonNull)
                .toList();
        body.put(
                "requests",
                routes.stream().mapToLong(r -> (Long) r.get("count")).sum());
        body.put("routes", routes);
        body.put("response_time_ms", latencyPercentiles()); // not "latency_ms": the product service's injected latency
        features.forEach(feature -> feature.describeMetrics(body));
        exchange.json(200, body);
    }

    /** {@code {"p50": ms, "p99": ms, "window_seconds": 30}}: 0 when the window holds no request. */
    private Map<String, Object> latencyPercentiles() {
        var percentiles = new LinkedHashMap<String, Object>();
        for (var value : latency.takeSnapshot().percentileValues()) {
            String name = "p" + Math.round(value.percentile() * 100);
            percentiles.put(name, Math.round(value.value(TimeUnit.MILLISECONDS) * 1000) / 1000.0);
        }
        percentiles.put("window_seconds", LATENCY_WINDOW.toSeconds());
        return percentiles;
    }

    /** Every handler runs inside this: draining, error mapping, metrics, access log. */
    private io.helidon.webserver.http.Handler wrap(String method, String route, Handler handler) {
        var metrics = new RouteMetrics(method, route, registry);
        routeMetrics.add(metrics);
        boolean own = OWN_ROUTES.contains(route);
        return (request, response) -> {
            long start = System.nanoTime();
            inFlight.incrementAndGet();
            var exchange = new HelidonExchange(request, response, config.maxBodyBytes());
            try {
                if (stopping.get()) {
                    exchange.header("Connection", "close");
                    throw new ApiException(503, "SHUTTING_DOWN", config.name() + " is shutting down", null);
                }
                handler.handle(exchange);
            } catch (Exception e) {
                answerError(exchange, e);
            } finally {
                inFlight.decrementAndGet();
                long nanos = System.nanoTime() - start;
                metrics.record(exchange.status(), nanos);
                if (!own) {
                    latency.record(nanos, TimeUnit.NANOSECONDS);
                }
                if (accessLog.isDebugEnabled()) {
                    accessLog.debug(
                            "{} {} {} {}us", exchange.method(), exchange.path(), exchange.status(), nanos / 1000);
                }
            }
        };
    }

    private void answerError(HelidonExchange exchange, Exception e) throws Exception {
        if (exchange.isSent()) {
            // The status is out already (a stream failed half way): cutting the connection is all that is left.
            if (e instanceof java.io.UncheckedIOException) {
                log.debug(
                        "{} {} {}: connection lost while answering", config.name(), exchange.method(), exchange.path());
            } else {
                log.error("{} failed after answering {} {}", config.name(), exchange.method(), exchange.path(), e);
            }
            // Helidon would end the stream normally, passing a cut body off as whole (helidon#10647)
            throw new CloseConnectionException("answer cut short: " + e.getMessage(), e);
        }
        if (e instanceof ApiException api) {
            log.debug("{} {} -> {} {}", exchange.method(), exchange.path(), api.status(), api.code());
            exchange.json(api.status(), api.body());
        } else if (e instanceof InterruptedException) {
            // the server is stopping and its grace ran out while the handler waited (e.g. for a payment turn):
            // a 503 like any request refused while stopping, no stack trace; the interrupt is kept after the answer
            // (set before it, it could close the socket the answer is written to)
            log.info("{} {} -> 503: interrupted while stopping", exchange.method(), exchange.path());
            try {
                exchange.header("Connection", "close");
                exchange.json(503, new ErrorBody("SHUTTING_DOWN", config.name() + " is shutting down", null));
            } finally {
                Thread.currentThread().interrupt();
            }
        } else if (e instanceof StorageUnavailableException) {
            log.warn("{} {} -> 503: {}", exchange.method(), exchange.path(), e.getMessage());
            exchange.json(503, new ErrorBody("STORE_UNAVAILABLE", "the store is unavailable, try again later", null));
        } else {
            log.error("Unhandled error on {} {}", exchange.method(), exchange.path(), e); // the trace goes to the log
            exchange.json(500, new ErrorBody("INTERNAL", "internal error", null)); // never to the client
        }
    }

    /** Registers wrapped handlers on Helidon's routing. */
    private final class HelidonRouter implements Router {
        private final HttpRouting.Builder routing;

        HelidonRouter(HttpRouting.Builder routing) {
            this.routing = routing;
        }

        private Router add(Method method, String path, Handler handler) {
            routing.route(method, path, wrap(method.text(), path, handler));
            return this;
        }

        @Override
        public Router get(String path, Handler handler) {
            return add(Method.GET, path, handler);
        }

        @Override
        public Router post(String path, Handler handler) {
            return add(Method.POST, path, handler);
        }

        @Override
        public Router put(String path, Handler handler) {
            return add(Method.PUT, path, handler);
        }

        @Override
        public Router delete(String path, Handler handler) {
            return add(Method.DELETE, path, handler);
        }
    }
}
