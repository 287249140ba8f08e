package scalelab.loadgen.http;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends requests to one host. Each simulated user opens its own {@link Connection} and has at most one
 * request in flight on it, as a Locust user does with its session.
 *
 * <p>Two engines reproduce Locust's HttpUser vs FastHttpUser lesson: {@link StandardEngine} (the JDK's
 * HttpClient: general, heavier) and {@link FastEngine} (a lean HTTP/1.1 keep-alive client on one event
 * loop, the way wrk works).
 */
public interface HttpEngine extends AutoCloseable {
    /** A user's channel to the host. One request at a time. */
    interface Connection extends AutoCloseable {
        /**
         * Sends one request; the future completes with the whole answer, or exceptionally on a network
         * error or when no whole answer came within the engine's timeout. It never completes inside this
         * call, so a caller may send the next request from its completion without growing the stack.
         */
        CompletableFuture<Response> send(Request request);

        @Override
        void close();
    }

    Connection open();

    @Override
    void close();

    /** The engine named on the command line: {@code standard} or {@code fast}. */
    static HttpEngine named(String name, URI host, Duration timeout) {
        return switch (name) {
            case "standard" -> new StandardEngine(host, timeout);
            case "fast" -> new FastEngine(host, timeout);
            default -> throw new IllegalArgumentException("unknown client '" + name + "': use standard or fast");
        };
    }
}
