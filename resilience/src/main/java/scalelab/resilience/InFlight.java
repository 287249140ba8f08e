package scalelab.resilience;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests sent and not yet answered, counted by the load's users, and the most of them at once since
 * the last {@link #cut}: what the experiment charts as "in flight" per second. Thread-safe.
 */
public final class InFlight {
    /** Written by every user's request, up on send and down on its answer. */
    private final AtomicInteger now = new AtomicInteger();

    /** The highest {@link #now} since the last cut; reset by {@link #cut}. */
    private final AtomicInteger peak = new AtomicInteger();

    void started() {
        peak.accumulateAndGet(now.incrementAndGet(), Math::max);
    }

    void ended() {
        now.decrementAndGet();
    }

    /** Requests in flight now. */
    public int now() {
        return now.get();
    }

    /** The most requests in flight at once since the last cut (or the start); starts the next span. */
    public int cut() {
        return peak.getAndSet(now.get());
    }
}
