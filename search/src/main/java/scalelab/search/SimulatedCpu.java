package scalelab.search;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A small container's CPU on a big machine: a budget of {@code vcpu} cores (0.25 for a quarter vCPU) on which
 * every request needs {@code serviceTime} of a whole core. The budget serves one request at a time, first come
 * first served, each for {@code serviceTime / vcpu} of wall time (4 ms for 1 ms of work on 0.25 vCPU): at most
 * {@code vcpu / serviceTime} requests per second (250/s), whatever the real machine could do. A request that
 * arrives while the budget is busy waits its turn: that wait is the queueing that grows as the load nears
 * the budget. Busy time is the time the budget has been serving (never more than the wall time), so busy /
 * wall is the utilisation a container's CPU metric shows.
 *
 * <p>The arithmetic ({@link #reserve}) takes the time as an argument; {@link #serve} reads the clock and
 * parks the calling (virtual) thread until its turn is over.
 */
public final class SimulatedCpu implements Cpu {
    /** Work per request, in a whole core's time, by default: 1 ms (250 requests/s on 0.25 vCPU). */
    public static final Duration DEFAULT_SERVICE_TIME = Duration.ofMillis(1);

    private final double vcpu;
    private final Duration serviceTime;
    private final long turnNanos;
    private final LongSupplier nanoClock;
    private final long startNanos;
    /** Guarded by this: when the last request admitted finishes its turn. */
    private long busyUntil;
    /** Guarded by this: the turns admitted so far, in nanoseconds (the part after now is not spent yet). */
    private long admittedNanos;

    public SimulatedCpu(double vcpu, Duration serviceTime, LongSupplier nanoClock) {
        if (!(vcpu > 0) || vcpu > 64) {
            throw new IllegalArgumentException("vcpu must be > 0 and <= 64 but was " + vcpu);
        }
        if (serviceTime.isNegative() || serviceTime.isZero()) {
            throw new IllegalArgumentException("serviceTime must be positive but was " + serviceTime);
        }
        this.vcpu = vcpu;
        this.serviceTime = serviceTime;
        this.turnNanos = Math.round(serviceTime.toNanos() / vcpu);
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.busyUntil = startNanos;
    }

    /** On the real clock ({@link System#nanoTime}). */
    public static SimulatedCpu of(double vcpu, Duration serviceTime) {
        return new SimulatedCpu(vcpu, serviceTime, System::nanoTime);
    }

    /**
     * Admits one request arriving at {@code nowNanos}: it starts when the budget is free (now, or when the
     * last admitted request finishes) and holds it for one turn. Returns when its turn ends.
     */
    synchronized long reserve(long nowNanos) {
        long begin = Math.max(nowNanos, busyUntil);
        busyUntil = begin + turnNanos;
        admittedNanos += turnNanos;
        return busyUntil;
    }

    @Override
    public void serve() throws InterruptedException {
        long done = reserve(nanoClock.getAsLong());
        for (long left = done - System.nanoTime(); left > 0; left = done - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the simulated CPU");
            }
        }
    }

    /** Busy time as of {@code nowNanos}: every admitted turn, less the part still ahead. */
    synchronized long busyNanosAt(long nowNanos) {
        return admittedNanos - Math.max(0, busyUntil - nowNanos);
    }

    @Override
    public long busyNanos() {
        return busyNanosAt(nanoClock.getAsLong());
    }

    @Override
    public long wallNanos() {
        return nanoClock.getAsLong() - startNanos;
    }

    @Override
    public double vcpu() {
        return vcpu;
    }

    @Override
    public String mode() {
        return "simulated";
    }

    /** The turn of one request on this budget, in wall time: {@code serviceTime / vcpu}. */
    public Duration turn() {
        return Duration.ofNanos(turnNanos);
    }

    public Duration serviceTime() {
        return serviceTime;
    }
}
