package scalelab.concurrency.map;

import java.time.Duration;
import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import scalelab.concurrency.map.MapKind.SharedMap;

/**
 * A read-heavy workload on one shared map: {@code threads} threads each do {@code opsPerThread} operations on a map
 * pre-filled with {@code keys} keys, {@code readPercent}% of them gets and the rest puts of an existing key (so the
 * size never changes). A plain lock serialises the gets too; a read-write lock lets gets share it; a {@link
 * java.util.concurrent.ConcurrentHashMap} takes no lock for a get.
 *
 * <p>Only the thread-safe kinds are measured: a {@link java.util.HashMap} under concurrent puts is the write
 * experiment's subject ({@link MapWriteRace}).
 */
public final class ReadHeavyMix {
    /** Reads in every 100 operations (90). */
    public static final int DEFAULT_READ_PERCENT = 90;

    /** Keys in the map (10,000). */
    public static final int DEFAULT_KEYS = 10_000;

    /** Threads (4: twice the 2 cores of the machines here, so the lock is contended). */
    public static final int DEFAULT_THREADS = 4;

    /** Operations per thread (1,000,000; 200,000 with {@code --quick}). */
    public static final int DEFAULT_OPS_PER_THREAD = 1_000_000;

    /** One measured mix; {@code sizeAfter} must equal {@code keys} (puts only overwrite). */
    public record Result(
            MapKind kind, int threads, int opsPerThread, int keys, int readPercent, int sizeAfter, Duration elapsed) {
        public long operations() {
            return (long) threads * opsPerThread;
        }

        public double opsPerSecond() {
            return operations() / (elapsed.toNanos() / 1e9);
        }

        public double nanosPerOp() {
            return elapsed.toNanos() / (double) operations();
        }

        public boolean exact() {
            return sizeAfter == keys;
        }
    }

    private ReadHeavyMix() {}

    /**
     * @throws IllegalArgumentException if {@code kind} is not thread-safe, or a count is out of range
     */
    public static Result run(MapKind kind, int threads, int opsPerThread, int keys, int readPercent)
            throws InterruptedException {
        if (!kind.threadSafe()) throw new IllegalArgumentException(kind.label() + " is not safe for this mix");
        if (threads < 1 || opsPerThread < 1 || keys < 1) {
            throw new IllegalArgumentException(
                    "threads, ops and keys must be at least 1 but were " + threads + ", " + opsPerThread + ", " + keys);
        }
        if (readPercent < 0 || readPercent > 100) {
            throw new IllegalArgumentException("read percent must be 0..100 but was " + readPercent);
        }
        SharedMap map = kind.create();
        for (int k = 0; k < keys; k++) map.put(k, k);
        var gate = new CountDownLatch(1);
        var workers = new ArrayList<Thread>(threads);
        long[] sinks = new long[threads]; // each thread writes only its own slot, read after join
        for (int t = 0; t < threads; t++) {
            int me = t;
            workers.add(Thread.ofPlatform().name("mix-" + t).start(() -> {
                var random = new SplittableRandom(42 + me);
                long sink = 0;
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < opsPerThread; i++) {
                    int key = random.nextInt(keys);
                    if (random.nextInt(100) < readPercent) {
                        Integer v = map.get(key);
                        sink += v == null ? 0 : v;
                    } else {
                        map.put(key, i);
                    }
                }
                sinks[me] = sink;
            }));
        }
        long start = System.nanoTime();
        gate.countDown();
        for (Thread w : workers) w.join();
        long elapsed = System.nanoTime() - start;
        return new Result(kind, threads, opsPerThread, keys, readPercent, map.size(), Duration.ofNanos(elapsed));
    }
}
