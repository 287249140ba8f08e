package scalelab.flashsale.payment;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The synchronous path's bottleneck: at most {@code permits} payments at a time, admitted in arrival order
 * (a fair semaphore). A caller that cannot start within its timeout gives up.
 *
 * <pre>{@code
 * if (!gate.tryEnter(Duration.ofSeconds(30))) throw busy;
 * try { gateway.pay(id, amount); } finally { gate.exit(); }
 * }</pre>
 */
public final class PaymentGate {
    /** Default payments at a time on the synchronous path: 1, as in the original. */
    public static final int DEFAULT_PERMITS = 1;

    private final int permits;
    private final Semaphore semaphore;

    /** @throws IllegalArgumentException when permits is below 1 */
    public PaymentGate(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1 but was " + permits);
        }
        this.permits = permits;
        this.semaphore = new Semaphore(permits, true);
    }

    /**
     * Waits up to {@code timeout} for a turn.
     *
     * @return true when admitted: call {@link #exit()} afterwards
     */
    public boolean tryEnter(Duration timeout) throws InterruptedException {
        return semaphore.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public void exit() {
        semaphore.release();
    }

    public int permits() {
        return permits;
    }

    /** Callers waiting for a turn (an estimate). */
    public int waiting() {
        return semaphore.getQueueLength();
    }

    /** Payments running now. */
    public int busy() {
        return permits - semaphore.availablePermits();
    }
}
