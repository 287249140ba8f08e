package scalelab.concurrency.switches;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Two threads hand a turn back and forth {@code roundTrips} times: ping gives the turn to pong and parks until it
 * comes back; pong does the same the other way. No spinning: a thread that waits parks, so every hand-off wakes the
 * other thread ({@link LockSupport#unpark}) and, on one CPU (or one carrier), is a switch from one thread to the
 * other. A round trip is two hand-offs, so the average switch is the time over {@code 2 x roundTrips}.
 *
 * <p>Platform threads switch in the kernel (a futex wake and the scheduler); virtual threads switch in the JVM (the
 * continuation of one is unmounted from its carrier and the other's mounted, a {@code ForkJoinPool} task each).
 */
public final class PingPong {
    public enum Kind {
        PLATFORM("platform threads"),
        VIRTUAL("virtual threads");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Round trips measured (1,000,000), the issue's. */
    public static final int DEFAULT_ROUND_TRIPS = 1_000_000;

    /** Round trips run first and not measured, so that the JIT has compiled the loop. */
    public static final int WARM_UP_ROUND_TRIPS = 20_000;

    /** The hand-offs counted by each side; the run is exact when both did every one. */
    public record Result(Kind kind, int roundTrips, long pings, long pongs, Duration elapsed) {
        public boolean exact() {
            return pings == roundTrips && pongs == roundTrips;
        }

        /** The average time of one switch (hand-off): the elapsed time over twice the round trips, in ns. */
        public double nanosPerSwitch() {
            return elapsed.toNanos() / (2.0 * roundTrips);
        }
    }

    private volatile boolean pongsTurn; // written by whichever thread hands the turn over
    private Thread ping; // set before either thread starts
    private Thread pong;

    private PingPong() {}

    /**
     * Runs {@link #WARM_UP_ROUND_TRIPS} unmeasured, then {@code roundTrips} measured (from starting the two threads to
     * joining both).
     *
     * @throws IllegalArgumentException if {@code roundTrips} is below 1
     */
    public static Result measure(Kind kind, int roundTrips) throws InterruptedException {
        if (roundTrips < 1) throw new IllegalArgumentException("round trips must be at least 1 but was " + roundTrips);
        new PingPong().run(kind, Math.min(WARM_UP_ROUND_TRIPS, roundTrips));
        return new PingPong().run(kind, roundTrips);
    }

    /** {@code roundTrips} round trips, not warmed up (for a harness that warms up itself, such as JMH). */
    public static Result once(Kind kind, int roundTrips) throws InterruptedException {
        if (roundTrips < 1) throw new IllegalArgumentException("round trips must be at least 1 but was " + roundTrips);
        return new PingPong().run(kind, roundTrips);
    }

    private Result run(Kind kind, int roundTrips) throws InterruptedException {
        Thread.Builder builder = kind == Kind.VIRTUAL ? Thread.ofVirtual() : Thread.ofPlatform();
        long[] counts = new long[2]; // [0] by ping, [1] by pong; read after both joined
        ping = builder.name("ping").unstarted(() -> {
            for (int i = 0; i < roundTrips; i++) {
                pongsTurn = true;
                LockSupport.unpark(pong);
                while (pongsTurn) LockSupport.park(this);
                counts[0]++;
            }
        });
        pong = builder.name("pong").unstarted(() -> {
            for (int i = 0; i < roundTrips; i++) {
                while (!pongsTurn) LockSupport.park(this);
                counts[1]++;
                pongsTurn = false;
                LockSupport.unpark(ping);
            }
        });
        long start = System.nanoTime();
        pong.start();
        ping.start();
        ping.join();
        pong.join();
        long elapsed = System.nanoTime() - start;
        return new Result(kind, roundTrips, counts[0], counts[1], Duration.ofNanos(elapsed));
    }
}
