package scalelab.flashsale.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import scalelab.core.client.JsonClient;
import scalelab.flashsale.function.FunctionStats;

/**
 * Reads the service's {@code GET /metrics} every interval during an asynchronous phase (queue depth; the store's pending,
 * processing, completed, failed; accepted), with the function runtime's counters when there is one. A reading
 * that fails is counted, not fatal. Stop it with {@link #close}.
 */
final class QueueSampler implements AutoCloseable {
    private final JsonClient client;
    private final Supplier<FunctionStats> function; // null for the container workers
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("flashsale-sampler").daemon().unstarted(r));
    private final List<QueueSample> samples = new ArrayList<>(); // written by the timer thread, guarded by this
    private final AtomicInteger failed = new AtomicInteger();

    private QueueSampler(JsonClient client, Supplier<FunctionStats> function) {
        this.client = client;
        this.function = function;
    }

    /** Starts reading now and every {@code interval}. */
    static QueueSampler start(JsonClient client, Duration interval, Supplier<FunctionStats> function) {
        var sampler = new QueueSampler(client, function);
        sampler.timer.scheduleAtFixedRate(sampler::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return sampler;
    }

    private void sample() {
        long at = System.currentTimeMillis();
        try {
            Map<String, Object> m = client.get("/metrics", new TypeReference<>() {});
            var s = new QueueSample(
                    at,
                    number(m, "queue_depth", -1),
                    number(m, "store_pending", 0),
                    number(m, "store_processing", 0),
                    number(m, "store_completed", 0),
                    number(m, "store_failed", 0),
                    number(m, "accepted", 0),
                    function == null ? null : function.get());
            synchronized (this) {
                samples.add(s);
            }
        } catch (RuntimeException e) {
            failed.incrementAndGet();
        }
    }

    private static long number(Map<String, Object> metrics, String name, long absent) {
        return metrics.get(name) instanceof Number n ? n.longValue() : absent;
    }

    synchronized List<QueueSample> samples() {
        return List.copyOf(samples);
    }

    /** The latest reading, or null before the first. */
    synchronized QueueSample latest() {
        return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }

    int failedReadings() {
        return failed.get();
    }

    /** Takes one last reading, then stops. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
