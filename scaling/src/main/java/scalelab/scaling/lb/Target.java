package scalelab.scaling.lb;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One registered target: its state, its connection pool, its requests in flight, and its counters. The state
 * is written by the {@link LoadBalancer} (health checks, ejection, draining) under this object's lock; the
 * counters by the requests.
 */
public final class Target {
    private final URI uri;
    private final Upstream upstream;
    private final Upstream checker;
    private final HealthCounter health;
    private volatile TargetState state = TargetState.INITIAL;
    final AtomicInteger outstanding = new AtomicInteger();
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder connectionFailures = new LongAdder();
    final LongAdder latencyNanos = new LongAdder();
    final LongAdder checksFailed = new LongAdder();

    Target(URI uri, Upstream upstream, Upstream checker, HealthCounter health) {
        this.uri = uri;
        this.upstream = upstream;
        this.checker = checker;
        this.health = health;
    }

    public URI uri() {
        return uri;
    }

    public TargetState state() {
        return state;
    }

    /** Requests sent to it and not yet answered. */
    public int outstanding() {
        return outstanding.get();
    }

    Upstream upstream() {
        return upstream;
    }

    /** The health checks' own connection, apart from the traffic's pool. */
    Upstream checker() {
        return checker;
    }

    /** Applies one health check; returns the state before, or null when it did not change. */
    synchronized TargetState checked(boolean good) {
        TargetState before = state;
        state = health.record(before, good);
        return state == before ? null : before;
    }

    /** Moves to {@code next} unless draining; returns the state before, or null when it did not change. */
    synchronized TargetState move(TargetState next) {
        TargetState before = state;
        if (before == TargetState.DRAINING || before == next) {
            return null;
        }
        state = next;
        if (next == TargetState.UNHEALTHY) {
            health.reset();
        }
        return before;
    }

    synchronized void drain() {
        state = TargetState.DRAINING;
    }

    /** Its figures for {@code /metrics} and the admin API. */
    public Map<String, Object> describe() {
        var m = new LinkedHashMap<String, Object>();
        long n = requests.sum();
        m.put("url", uri.toString());
        m.put("state", state.label());
        m.put("outstanding", outstanding.get());
        m.put("requests", n);
        m.put("errors", errors.sum());
        m.put("connection_failures", connectionFailures.sum());
        m.put("failed_checks", checksFailed.sum());
        m.put("mean_ms", n == 0 ? 0 : Math.round(latencyNanos.sum() / (double) n / 1000) / 1000.0);
        m.put("idle_connections", upstream.idleConnections());
        return m;
    }
}
