package scalelab.scaling.autoscale;

import com.fasterxml.jackson.core.type.TypeReference;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import scalelab.core.client.JsonClient;

/** Reads an instance's CPU counters. */
@FunctionalInterface
public interface CpuReader {
    /** Busy and wall seconds since the instance started, from the instance's own clock. */
    record Sample(double busySeconds, double wallSeconds) {}

    Sample read(URI instance);

    /**
     * {@code GET /metrics} and its {@code cpu.busy_seconds}, {@code cpu.wall_seconds} (as the search service
     * exports them), with {@code timeout} to connect and to answer.
     */
    static CpuReader http(Duration timeout) {
        return instance -> {
            var client = JsonClient.of(instance, timeout, timeout);
            Map<String, Object> metrics = client.get("/metrics", new TypeReference<>() {});
            if (!(metrics.get("cpu") instanceof Map<?, ?> cpu)
                    || !(cpu.get("busy_seconds") instanceof Number busy)
                    || !(cpu.get("wall_seconds") instanceof Number wall)) {
                throw new IllegalStateException(instance + "/metrics has no cpu.busy_seconds and cpu.wall_seconds");
            }
            return new Sample(busy.doubleValue(), wall.doubleValue());
        };
    }
}
