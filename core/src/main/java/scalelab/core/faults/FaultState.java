package scalelab.core.faults;

/**
 * A snapshot of {@link Faults}: the injected failure and what the wrapped routes have answered since
 * the last reset.
 *
 * @param failureMode whether the wrapped routes answer 503 {@code SERVICE_UNAVAILABLE}
 * @param latencyMillis the delay, in milliseconds, before every wrapped route answers
 * @param requests requests the wrapped routes received
 * @param successes requests they answered without a server-side failure (2xx, 3xx, 4xx)
 * @param failures requests they failed: the injected 503s and any other 5xx
 */
public record FaultState(boolean failureMode, long latencyMillis, long requests, long successes, long failures) {}
