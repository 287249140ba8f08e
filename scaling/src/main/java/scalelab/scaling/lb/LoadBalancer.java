package scalelab.scaling.lb;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.ApiException;

/**
 * A layer-7 load balancer: a target group whose healthy targets share the requests by {@link Policy}.
 *
 * <ul>
 *   <li><b>Active health checks</b>: every {@code checkInterval} each target gets {@code GET healthPath} with
 *       {@code checkTimeout}; thresholds as {@link HealthCounter}.
 *   <li><b>Passive ejection</b>: a connection failure on a real request (refused, reset, closed before the
 *       answer) makes the target unhealthy at once; it comes back after {@code healthyThreshold} good checks.
 *   <li><b>One retry</b>: an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS) whose connection failed is
 *       sent once more, to another healthy target. A POST is never sent twice: it answers 502.
 *   <li><b>Draining</b>: a removed target gets no new request; it leaves when its requests in flight are done,
 *       or when {@code drainTimeout} is up.
 * </ul>
 *
 * Thread-safe. Requests call {@link #forward}; the admin API and the supervisor call {@link #register} and
 * {@link #deregister}.
 */
public final class LoadBalancer implements TargetRegistry, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadBalancer.class);

    private final LbConfig config;
    private final Clock clock;
    private final List<Target> targets = new CopyOnWriteArrayList<>();
    /** The targets that get traffic; replaced (never changed) on every state change, read by every request. */
    private volatile List<Target> healthy = List.of();

    private final AtomicInteger turn = new AtomicInteger();
    private final List<TargetEvent> events = new CopyOnWriteArrayList<>();
    private final LongAdder retries = new LongAdder();
    private final LongAdder noTarget = new LongAdder();
    private final ScheduledExecutorService scheduler;
    /** Whether health checks run by themselves (else only on {@link #checkNow}). */
    private final boolean automatic;

    /** A balancer whose health checks run every {@code checkInterval} on a thread of its own. */
    public static LoadBalancer start(LbConfig config, Clock clock) {
        var lb = new LoadBalancer(config, clock, true);
        lb.scheduler.scheduleWithFixedDelay(
                lb::checkQuietly,
                config.checkInterval().toMillis(),
                config.checkInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("load balancer: {}", config.describe());
        return lb;
    }

    /** A balancer whose health checks run only when {@link #checkNow} is called (tests). */
    public static LoadBalancer manual(LbConfig config, Clock clock) {
        return new LoadBalancer(config, clock, false);
    }

    private LoadBalancer(LbConfig config, Clock clock, boolean automatic) {
        this.config = config;
        this.clock = clock;
        this.automatic = automatic;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("lb-health").daemon().unstarted(r));
    }

    public LbConfig config() {
        return config;
    }

    @Override
    public boolean register(URI target) {
        add(target);
        return true;
    }

    /** Registers {@code uri} ({@link TargetState#INITIAL}) and returns it; the existing target if it is known. */
    public synchronized Target add(URI uri) {
        URI normal = normalise(uri);
        for (Target t : targets) {
            if (t.uri().equals(normal) && t.state() != TargetState.DRAINING) {
                return t;
            }
        }
        var target = new Target(
                normal,
                new Upstream(normal, config.connectTimeout(), config.responseTimeout()),
                new Upstream(normal, config.checkTimeout(), config.checkTimeout()),
                new HealthCounter(config.healthyThreshold(), config.unhealthyThreshold()));
        targets.add(target);
        event(target, "registered", "waits for " + config.healthyThreshold() + " good health check(s)");
        if (automatic) {
            scheduler.execute(() -> check(List.of(target))); // a first check at once, not an interval later
        }
        return target;
    }

    @Override
    public void deregister(URI target) {
        remove(target);
    }

    /** Starts draining {@code uri}; false when it is not registered. */
    public boolean remove(URI uri) {
        URI normal = normalise(uri);
        Target target = null;
        synchronized (this) {
            for (Target t : targets) {
                if (t.uri().equals(normal) && t.state() != TargetState.DRAINING) {
                    target = t;
                }
            }
            if (target == null) {
                return false;
            }
            target.drain();
            refreshHealthy();
        }
        event(target, "draining", target.outstanding() + " request(s) in flight");
        finishDrainIfIdle(target);
        Target draining = target;
        if (!scheduler.isShutdown()) {
            scheduler.schedule(
                    () -> finishDrain(draining, "drain timeout"),
                    config.drainTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return true;
    }

    private void finishDrainIfIdle(Target target) {
        if (target.state() == TargetState.DRAINING && target.outstanding() == 0) {
            finishDrain(target, "drained");
        }
    }

    private void finishDrain(Target target, String why) {
        if (targets.remove(target)) {
            target.upstream().close();
            target.checker().close();
            event(target, "removed", why + (target.outstanding() > 0 ? ", " + target.outstanding() + " cut" : ""));
        }
    }

    /** Every registered target, draining ones included. */
    public List<Target> targets() {
        return List.copyOf(targets);
    }

    public List<TargetEvent> events() {
        return List.copyOf(events);
    }

    /** Sends {@code request} to a healthy target; see the class comment for ejection and the retry. */
    public ProxyResponse forward(ProxyRequest request) {
        Target first = choose(null);
        if (first == null) {
            noTarget.increment();
            throw new ApiException(503, "NO_HEALTHY_TARGET", "no healthy target to send the request to", null);
        }
        try {
            return call(first, request);
        } catch (UpstreamException e) {
            if (!e.connectionFailure() || !request.idempotent()) {
                throw refusal(e);
            }
            Target second = choose(first);
            if (second == null || second == first) {
                throw refusal(e);
            }
            retries.increment();
            try {
                return call(second, request);
            } catch (UpstreamException again) {
                throw refusal(again);
            }
        }
    }

    private Target choose(Target excluded) {
        List<Target> candidates = healthy;
        if (candidates.isEmpty()) {
            return null;
        }
        return config.policy().pick(candidates, excluded, turn);
    }

    private ProxyResponse call(Target target, ProxyRequest request) throws UpstreamException {
        target.outstanding.incrementAndGet();
        target.requests.increment();
        long start = System.nanoTime();
        try {
            ProxyResponse response = target.upstream().send(request);
            if (response.status() >= 500) {
                target.errors.increment();
            }
            return response;
        } catch (UpstreamException e) {
            target.errors.increment();
            if (e.connectionFailure()) {
                target.connectionFailures.increment();
                eject(target, e);
            }
            throw e;
        } finally {
            target.latencyNanos.add(System.nanoTime() - start);
            target.outstanding.decrementAndGet();
            finishDrainIfIdle(target);
        }
    }

    private void eject(Target target, UpstreamException e) {
        TargetState before = target.move(TargetState.UNHEALTHY);
        if (before != null) {
            refreshHealthy();
            event(target, "ejected", e.kind() + ": " + e.getMessage());
        }
    }

    private static ApiException refusal(UpstreamException e) {
        return switch (e.kind()) {
            case TIMEOUT ->
                new ApiException(504, "GATEWAY_TIMEOUT", "the target did not answer in time", e.getMessage());
            default -> new ApiException(502, "BAD_GATEWAY", "the target failed to answer", e.getMessage());
        };
    }

    /** One round of health checks of every target but the draining ones, waited for. */
    public void checkNow() {
        check(targets.stream().filter(t -> t.state() != TargetState.DRAINING).toList());
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            log.warn("health check round failed: {}", e.toString());
        }
    }

    private void check(List<Target> round) {
        var threads = new ArrayList<Thread>(round.size());
        for (Target target : round) {
            threads.add(Thread.ofVirtual().name("lb-check").start(() -> checkOne(target)));
        }
        for (Thread thread : threads) {
            try {
                thread.join(config.checkTimeout().toMillis() + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void checkOne(Target target) {
        boolean good;
        String why;
        try {
            ProxyResponse r = target.checker().send(ProxyRequest.get(config.healthPath()));
            good = r.status() / 100 == 2;
            why = "GET " + config.healthPath() + " answered " + r.status();
        } catch (UpstreamException e) {
            good = false;
            why = e.getMessage();
        }
        if (!good) {
            target.checksFailed.increment();
        }
        TargetState before = target.checked(good);
        if (before != null) {
            refreshHealthy();
            event(target, target.state().label(), why);
        }
    }

    private synchronized void refreshHealthy() {
        healthy = targets.stream().filter(t -> t.state() == TargetState.HEALTHY).toList();
    }

    private void event(Target target, String event, String detail) {
        var e = new TargetEvent(clock.instant(), target.uri().toString(), event, detail);
        events.add(e);
        if (event.equals("ejected") || event.equals("unhealthy")) {
            log.warn("target={} {}: {}", e.target(), event, detail);
        } else {
            log.info("target={} {}: {}", e.target(), event, detail);
        }
    }

    /** The balancer's figures: policy, retries, requests refused for want of a target, and every target's. */
    public Map<String, Object> describe() {
        var m = new LinkedHashMap<String, Object>();
        m.put("policy", config.policy().label());
        m.put("healthy_targets", healthy.size());
        m.put("retries", retries.sum());
        m.put("no_healthy_target", noTarget.sum());
        m.put("targets", targets.stream().map(Target::describe).toList());
        return m;
    }

    public int healthyCount() {
        return healthy.size();
    }

    public long retries() {
        return retries.sum();
    }

    private static URI normalise(URI uri) {
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("a target is http://host:port, not " + uri);
        }
        return URI.create("http://" + uri.getHost() + ":" + uri.getPort());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Target t : targets) {
            t.upstream().close();
            t.checker().close();
        }
    }
}
