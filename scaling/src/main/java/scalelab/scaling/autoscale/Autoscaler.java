package scalelab.scaling.autoscale;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Target tracking on the average CPU: every evaluation period it reads each instance's CPU counters, takes each
 * instance's utilisation over the period (busy increase / wall increase, so an instance needs two readings to
 * count), averages them, asks {@link ScalingDecision} for the desired count and gives it to the {@link
 * Supervisor}. Every change is a scaling activity in the supervisor's log.
 */
public final class Autoscaler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);

    /** One evaluation: when, the average CPU (NaN without data), instances measured, the decision. */
    public record Evaluation(Instant at, double cpuPercent, int measured, int current, ScalingDecision decision) {}

    private final ScalingPolicy policy;
    private final Supervisor supervisor;
    private final CpuReader reader;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("autoscaler").daemon().unstarted(r));
    /** Written by the evaluations only (one at a time). */
    private final Map<URI, CpuReader.Sample> previous = new HashMap<>();

    private final List<Evaluation> evaluations = new CopyOnWriteArrayList<>();
    private Instant lastScaleOut;
    private Instant lastScaleIn;

    public Autoscaler(ScalingPolicy policy, Supervisor supervisor, CpuReader reader, Clock clock) {
        this.policy = policy;
        this.supervisor = supervisor;
        this.reader = reader;
        this.clock = clock;
    }

    public Autoscaler start(Duration period) {
        log.info("autoscaler: {}; evaluated every {} ms", policy.describe(), period.toMillis());
        scheduler.scheduleWithFixedDelay(this::evaluateQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public List<Evaluation> evaluations() {
        return List.copyOf(evaluations);
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            log.error("autoscaler evaluation failed", e);
        }
    }

    /** One evaluation, applied. */
    public synchronized Evaluation evaluate() {
        double sum = 0;
        int measured = 0;
        var seen = new HashMap<URI, CpuReader.Sample>();
        for (Instance instance : supervisor.instances()) {
            CpuReader.Sample now;
            try {
                now = reader.read(instance.uri());
            } catch (RuntimeException e) {
                continue; // starting, or dying: the supervisor deals with it
            }
            seen.put(instance.uri(), now);
            CpuReader.Sample before = previous.get(instance.uri());
            if (before != null && now.wallSeconds() > before.wallSeconds()) {
                double busy = Math.max(0, now.busySeconds() - before.busySeconds());
                sum += Math.min(100, 100 * busy / (now.wallSeconds() - before.wallSeconds()));
                measured++;
            }
        }
        previous.clear();
        previous.putAll(seen);
        double cpu = measured == 0 ? Double.NaN : sum / measured;
        int current = supervisor.desired();
        Instant now = clock.instant();
        var decision = ScalingDecision.decide(policy, now, current, cpu, lastScaleOut, lastScaleIn);
        var evaluation = new Evaluation(now, cpu, measured, current, decision);
        evaluations.add(evaluation);
        if (decision.desired() > current) {
            lastScaleOut = now;
            supervisor.record("scale-out", current, decision.desired(), decision.reason());
            supervisor.setDesired(decision.desired());
        } else if (decision.desired() < current) {
            lastScaleIn = now;
            supervisor.record("scale-in", current, decision.desired(), decision.reason());
            supervisor.setDesired(decision.desired());
        } else {
            log.debug("autoscaler: {} instance(s), {}", current, decision.reason());
        }
        return evaluation;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
