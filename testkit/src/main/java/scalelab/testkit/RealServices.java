package scalelab.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * Guards for integration tests on real services. Where a service is unreachable the test is skipped
 * with the reason, except under {@code CI=true}, where it fails: CI must never pass by skipping.
 */
public final class RealServices {
    /** Used when {@code SCALELAB_DB_URL} is not set. */
    public static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    /** Used when {@code SCALELAB_AMQP_URL} is not set. */
    public static final String DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F";

    private RealServices() {}

    /** The PostgreSQL JDBC URL from {@code SCALELAB_DB_URL}, after checking it is reachable. */
    public static String postgresUrl() {
        String url = System.getenv().getOrDefault("SCALELAB_DB_URL", DEFAULT_DB_URL);
        URI uri = URI.create(url.substring("jdbc:".length()));
        requireReachable("PostgreSQL", uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
        return url;
    }

    /** The RabbitMQ AMQP URL from {@code SCALELAB_AMQP_URL}, after checking it is reachable. */
    public static String amqpUrl() {
        String url = System.getenv().getOrDefault("SCALELAB_AMQP_URL", DEFAULT_AMQP_URL);
        URI uri = URI.create(url);
        int defaultPort = "amqps".equalsIgnoreCase(uri.getScheme()) ? 5671 : 5672;
        requireReachable("RabbitMQ", uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort());
        return url;
    }

    /**
     * Skips the test with {@code reason} when a tool it needs is not {@code present} (e.g. an npm package that
     * {@code .ci/services.sh} installs); fails it instead under {@code CI=true}.
     */
    public static void requirePresent(boolean present, String reason) {
        if (!present) {
            Unavailable.skipOrFail(reason);
        }
    }

    public static void requireReachable(String what, String host, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            return;
        } catch (IOException e) {
            Unavailable.skipOrFail(what + " unreachable at " + host + ":" + port + " (" + e.getMessage() + ")");
        }
    }
}
