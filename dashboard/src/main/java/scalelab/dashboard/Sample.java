package scalelab.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One reading of a service's {@code /metrics}, turned into rates.
 *
 * @param epochMillis when it was read
 * @param requestsPerSecond the service's own requests (core's /health, /metrics, /prometheus left out) per second
 *     since the reading before; null for the first reading
 * @param p50Millis median latency of the service's window (see core's {@code response_time_ms}); null when not given
 * @param p99Millis 99th percentile latency, as p50
 * @param errorPercent 5xx answers among the requests since the reading before, in percent; null for the first
 * @param figures every other number of its {@code /metrics}, nested keys joined with a dot ({@code cpu.vcpu}), a
 *     list as its length ({@code balancer.targets})
 */
record Sample(
        @JsonProperty("t") long epochMillis,
        @JsonProperty("rps") Double requestsPerSecond,
        @JsonProperty("p50_ms") Double p50Millis,
        @JsonProperty("p99_ms") Double p99Millis,
        @JsonProperty("error_percent") Double errorPercent,
        @JsonProperty("figures") Map<String, Double> figures) {
    Sample {
        figures = Map.copyOf(figures);
    }
}
