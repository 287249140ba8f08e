package scalelab.search;

/**
 * The CPU an instance answers on: the real one, or a {@link SimulatedCpu} of a fixed budget (a small
 * container's share). Busy time over wall time, both from the instance's start, is its CPU utilisation; the
 * autoscaler reads both as counters and divides their increments.
 */
public interface Cpu {
    /** Takes one request's turn on this CPU: returns at once on the real CPU, after a service time on a simulated one. */
    void serve() throws InterruptedException;

    /** Nanoseconds of the whole budget used since the start: 1 s per second when fully busy, whatever the budget. */
    long busyNanos();

    /** Nanoseconds since the start, on the clock {@link #busyNanos} uses. */
    long wallNanos();

    /** The budget, in vCPUs (cores). */
    double vcpu();

    /** {@code simulated} or {@code real}. */
    String mode();
}
