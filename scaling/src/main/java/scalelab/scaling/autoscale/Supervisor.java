package scalelab.scaling.autoscale;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.scaling.lb.TargetRegistry;

/**
 * Keeps the desired number of instances running, as a container service does: every {@code period} it
 * replaces instances that died and starts or stops instances to match the desired count, registering each
 * new one with the balancer and deregistering (draining) each one that leaves. A scaled-in instance is
 * stopped {@code drainTime} after its deregistration, so its requests in flight finish first.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    /** How long an instance gets to stop after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final InstanceLauncher launcher;
    private final TargetRegistry registry;
    private final Duration drainTime;
    private final Clock clock;
    /** Guarded by this: the instances started and not yet seen dead or scaled in. */
    private final List<Instance> instances = new ArrayList<>();
    /** Guarded by this: instances whose registration failed (the balancer was unreachable), tried each pass. */
    private final Set<URI> unregistered = new HashSet<>();

    private final List<Thread> stopping = new CopyOnWriteArrayList<>();
    private final List<ScalingActivity> activities = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("supervisor").daemon().unstarted(r));
    private int desired;
    private boolean closed;

    public Supervisor(
            InstanceLauncher launcher, TargetRegistry registry, int desired, Duration drainTime, Clock clock) {
        if (desired < 0) {
            throw new IllegalArgumentException("desired must be >= 0 but was " + desired);
        }
        this.launcher = launcher;
        this.registry = registry;
        this.desired = desired;
        this.drainTime = drainTime;
        this.clock = clock;
    }

    /** Reconciles now, then every {@code period}. */
    public Supervisor start(Duration period) {
        scheduler.scheduleWithFixedDelay(this::reconcileQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public synchronized int desired() {
        return desired;
    }

    /** Sets the desired count and reconciles at once. */
    public void setDesired(int count) {
        synchronized (this) {
            if (count < 0) {
                throw new IllegalArgumentException("desired must be >= 0 but was " + count);
            }
            desired = count;
        }
        reconcileQuietly();
    }

    /** The instances it runs now (started, not seen dead). */
    public synchronized List<Instance> instances() {
        return List.copyOf(instances);
    }

    public List<ScalingActivity> activities() {
        return List.copyOf(activities);
    }

    /** Adds an entry to the activity log, and to the log. */
    public void record(String kind, int from, int to, String detail) {
        var activity = new ScalingActivity(clock.instant(), kind, from, to, detail);
        activities.add(activity);
        if (kind.equals("died")) {
            log.warn("scaling activity: {} {} -> {}: {}", kind, from, to, detail);
        } else {
            log.info("scaling activity: {} {} -> {}: {}", kind, from, to, detail);
        }
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.error("reconcile failed", e);
        }
    }

    /** One pass: drop the dead, then start or stop instances until the count is the desired one. */
    public synchronized void reconcile() {
        if (closed) {
            return;
        }
        for (Instance instance : List.copyOf(instances)) {
            if (!instance.isAlive()) {
                instances.remove(instance);
                unregistered.remove(instance.uri());
                registry.deregister(instance.uri());
                record(
                        "died",
                        instances.size() + 1,
                        instances.size(),
                        instance.id() + " " + instance.uri() + " is gone; replacing it");
            }
        }
        for (Instance instance : instances) {
            if (unregistered.contains(instance.uri()) && registry.register(instance.uri())) {
                unregistered.remove(instance.uri());
                log.info("{} {} registered with the balancer", instance.id(), instance.uri());
            }
        }
        while (instances.size() < desired) {
            Instance started;
            try {
                started = launcher.launch();
            } catch (IOException | RuntimeException e) {
                record("launch-failed", instances.size(), instances.size(), e.toString());
                return; // the next pass tries again
            }
            instances.add(started);
            if (!registry.register(started.uri())) {
                unregistered.add(started.uri()); // the next pass tries again
            }
            record("launched", instances.size() - 1, instances.size(), started.id() + " " + started.uri());
        }
        while (instances.size() > desired) {
            Instance leaving = instances.remove(instances.size() - 1); // the newest first
            unregistered.remove(leaving.uri());
            registry.deregister(leaving.uri());
            record(
                    "stopping",
                    instances.size() + 1,
                    instances.size(),
                    leaving.id() + " " + leaving.uri() + ": deregistered, stops after " + drainTime.toMillis()
                            + " ms of draining");
            stopping.add(Thread.ofVirtual().name("stop-" + leaving.id()).start(() -> stopAfterDrain(leaving)));
        }
    }

    private void stopAfterDrain(Instance instance) {
        try {
            Thread.sleep(drainTime.toMillis()); // the balancer drains it meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: stop it now
        }
        instance.stop(STOP_GRACE);
    }

    /** Stops every instance (deregistered first) and the reconcile loop. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        List<Instance> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(instances);
            instances.clear();
        }
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var threads = new ArrayList<Thread>();
        for (Instance instance : all) {
            registry.deregister(instance.uri());
            threads.add(Thread.ofVirtual().start(() -> instance.stop(STOP_GRACE)));
        }
        for (Thread t : stopping) {
            t.interrupt();
        }
        threads.addAll(stopping);
        for (Thread t : threads) {
            try {
                t.join(STOP_GRACE.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
