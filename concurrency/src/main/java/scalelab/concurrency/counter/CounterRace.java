package scalelab.concurrency.counter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * {@code threads} platform threads each increment one shared counter {@code increments} times. They all wait at a
 * start gate first, so that they run at the same time rather than one after the other (a thread started late could
 * otherwise finish its 1,000 increments before the next one starts, and no update would be lost).
 *
 * <pre>{@code
 * CounterRace.Result r = CounterRace.run(CounterKind.PLAIN, 50, 1_000);
 * r.lost(); // 50,000 expected minus what the counter says
 * }</pre>
 */
public final class CounterRace {
    /** Default threads (50) and increments per thread (1,000), the issue's. */
    public static final int DEFAULT_THREADS = 50;

    public static final int DEFAULT_INCREMENTS = 1_000;

    /** One race: what the counter said against threads x increments, and the time from the gate to the last join. */
    public record Result(CounterKind kind, int threads, int increments, long actual, Duration elapsed) {
        public long expected() {
            return (long) threads * increments;
        }

        public long lost() {
            return expected() - actual;
        }

        public boolean exact() {
            return actual == expected();
        }
    }

    private CounterRace() {}

    /**
     * @throws IllegalArgumentException if {@code threads} or {@code increments} is below 1
     */
    public static Result run(CounterKind kind, int threads, int increments) throws InterruptedException {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
        if (increments < 1) throw new IllegalArgumentException("increments must be at least 1 but was " + increments);
        Counter counter = kind.create();
        var gate = new CountDownLatch(1);
        var workers = new ArrayList<Thread>(threads);
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().name("counter-" + t).start(() -> {
                awaitQuietly(gate);
                for (int i = 0; i < increments; i++) {
                    counter.increment();
                }
            }));
        }
        long start = System.nanoTime();
        gate.countDown();
        for (Thread w : workers) w.join();
        long elapsed = System.nanoTime() - start;
        return new Result(kind, threads, increments, counter.get(), Duration.ofNanos(elapsed));
    }

    static void awaitQuietly(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
