package scalelab.scaling.lb;

import java.time.Duration;

/**
 * How the balancer routes and checks its targets; the names of a cloud target group's settings.
 *
 * @param policy how a target is picked (default {@link Policy#ROUND_ROBIN})
 * @param healthPath the path of the active check, a GET answered 2xx by a healthy target (default {@code /health})
 * @param checkInterval time between two checks of a target (default {@link #DEFAULT_CHECK_INTERVAL})
 * @param checkTimeout longest wait for a check's answer; none in time is a failed check (default 1 s)
 * @param healthyThreshold good checks in a row that make a target healthy (default 2)
 * @param unhealthyThreshold failed checks in a row that make a healthy target unhealthy (default 2)
 * @param connectTimeout longest wait to open a connection to a target (default 1 s)
 * @param responseTimeout longest wait for a target's whole answer; then 504 (default 10 s)
 * @param drainTimeout how long a removed target keeps its requests in flight before it is cut (default 10 s)
 */
public record LbConfig(
        Policy policy,
        String healthPath,
        Duration checkInterval,
        Duration checkTimeout,
        int healthyThreshold,
        int unhealthyThreshold,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration drainTimeout) {
    /** Time between two health checks of a target, by default: 2 s. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(2);

    public LbConfig {
        if (!healthPath.startsWith("/")) {
            throw new IllegalArgumentException("healthPath must start with / but was " + healthPath);
        }
        requirePositive("checkInterval", checkInterval);
        requirePositive("checkTimeout", checkTimeout);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("responseTimeout", responseTimeout);
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must be >= 0 but was " + drainTimeout);
        }
        if (healthyThreshold < 1 || healthyThreshold > 10) {
            throw new IllegalArgumentException("healthyThreshold must be 1..10 but was " + healthyThreshold);
        }
        if (unhealthyThreshold < 1 || unhealthyThreshold > 10) {
            throw new IllegalArgumentException("unhealthyThreshold must be 1..10 but was " + unhealthyThreshold);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive but was " + d);
        }
    }

    public static LbConfig defaults() {
        return new LbConfig(
                Policy.ROUND_ROBIN,
                "/health",
                DEFAULT_CHECK_INTERVAL,
                Duration.ofSeconds(1),
                2,
                2,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10));
    }

    public LbConfig withPolicy(Policy p) {
        return new LbConfig(
                p,
                healthPath,
                checkInterval,
                checkTimeout,
                healthyThreshold,
                unhealthyThreshold,
                connectTimeout,
                responseTimeout,
                drainTimeout);
    }

    public LbConfig withChecks(String path, Duration interval, Duration timeout, int healthy, int unhealthy) {
        return new LbConfig(
                policy, path, interval, timeout, healthy, unhealthy, connectTimeout, responseTimeout, drainTimeout);
    }

    public LbConfig withTimeouts(Duration connect, Duration response) {
        return new LbConfig(
                policy,
                healthPath,
                checkInterval,
                checkTimeout,
                healthyThreshold,
                unhealthyThreshold,
                connect,
                response,
                drainTimeout);
    }

    public LbConfig withDrainTimeout(Duration drain) {
        return new LbConfig(
                policy,
                healthPath,
                checkInterval,
                checkTimeout,
                healthyThreshold,
                unhealthyThreshold,
                connectTimeout,
                responseTimeout,
                drain);
    }

    public String describe() {
        return String.format(
                java.util.Locale.ROOT,
                "policy %s; health check GET %s every %d ms, timeout %d ms, healthy after %d, unhealthy after %d;"
                        + " connect timeout %d ms, response timeout %d ms, drain %d ms",
                policy.label(),
                healthPath,
                checkInterval.toMillis(),
                checkTimeout.toMillis(),
                healthyThreshold,
                unhealthyThreshold,
                connectTimeout.toMillis(),
                responseTimeout.toMillis(),
                drainTimeout.toMillis());
    }
}
