package scalelab.core.http;

import java.time.Duration;

/**
 * How a service listens.
 *
 * @param name the service's name, in logs, {@code /metrics} and {@code /prometheus}
 * @param host the address to bind; {@code 0.0.0.0} (all) by default, {@code 127.0.0.1} in tests
 * @param port the TCP port; 0 picks a free one
 * @param maxBodyBytes largest request body accepted, in bytes (default {@link #DEFAULT_MAX_BODY_BYTES}); larger -> 413
 * @param shutdownGrace how long a stop waits for requests in flight (default {@link #DEFAULT_SHUTDOWN_GRACE})
 */
public record ServerConfig(String name, String host, int port, long maxBodyBytes, Duration shutdownGrace) {
    /** Default request body limit: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** Default time in-flight requests get to finish on shutdown: 10 s. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535 but was " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 1 but was " + maxBodyBytes);
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must be >= 0 but was " + shutdownGrace);
        }
    }

    public static ServerConfig of(String name, int port) {
        return new ServerConfig(name, "0.0.0.0", port, DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE);
    }

    /** Loopback only, on a free port: for tests and in-process experiments. */
    public static ServerConfig loopback(String name) {
        return new ServerConfig(name, "127.0.0.1", 0, DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(name, newHost, port, maxBodyBytes, shutdownGrace);
    }

    public ServerConfig withMaxBodyBytes(long bytes) {
        return new ServerConfig(name, host, port, bytes, shutdownGrace);
    }

    public ServerConfig withShutdownGrace(Duration grace) {
        return new ServerConfig(name, host, port, maxBodyBytes, grace);
    }
}
