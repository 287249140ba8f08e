package scalelab.catalog.remote;

import java.time.Duration;

/**
 * How long a call to another catalog service may take.
 *
 * @param connectTimeout longest wait to open a connection (default {@link #DEFAULT_CONNECT_TIMEOUT})
 * @param requestTimeout longest wait for a whole answer, connection included (default {@link
 *     #DEFAULT_REQUEST_TIMEOUT})
 */
public record RemoteConfig(Duration connectTimeout, Duration requestTimeout) {
    /** Default connect timeout: 2 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Default request timeout: 5 s (the carts service's calls to products, the warehouse and payments). */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Default request timeout of the payments service's lookup of a cart at the carts service: 2 s, shorter
     * than {@link #DEFAULT_REQUEST_TIMEOUT}, so that payments gives up (and charges nothing) before the carts
     * service that called it gives up on the charge; otherwise payments could approve a charge that carts no
     * longer waits for.
     */
    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(2);

    /** @throws IllegalArgumentException when a timeout is zero or negative */
    public RemoteConfig {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be > 0 but was " + connectTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be > 0 but was " + requestTimeout);
        }
    }

    public static RemoteConfig ofDefaults() {
        return new RemoteConfig(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /** The defaults of the payments service's calls to carts: {@link #DEFAULT_LOOKUP_TIMEOUT}. */
    public static RemoteConfig forCartsLookup() {
        return new RemoteConfig(DEFAULT_CONNECT_TIMEOUT, DEFAULT_LOOKUP_TIMEOUT);
    }
}
