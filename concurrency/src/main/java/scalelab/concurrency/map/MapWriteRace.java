package scalelab.concurrency.map;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import scalelab.concurrency.map.MapKind.SharedMap;

/**
 * {@code writers} threads put {@code keysPerWriter} distinct keys each into one shared map (writer {@code w} puts
 * keys {@code w * keysPerWriter} to {@code (w + 1) * keysPerWriter - 1}), then the map is checked: its {@code size()}
 * and how many of the keys {@code get} still finds. An unsafe {@link java.util.HashMap} loses entries when two
 * resizes or two inserts into one bin interleave, can report a size that disagrees with its contents, and can throw
 * (a {@code ClassCastException} between list and tree bins) or, rarely, loop for ever in a corrupted bin.
 *
 * <p>So the writers are daemon platform threads the caller can abandon: each checks a stop flag between puts, and
 * {@link #run} waits at most {@code timeout} for them, then raises the flag and waits a moment more. A writer still
 * running after that is stuck inside the map; it is counted as hung and left behind (it cannot be stopped, and as a
 * daemon it does not keep the JVM alive). The check after the writers runs under the same kind of bound.
 */
public final class MapWriteRace {
    /** Default writers (50) and distinct keys per writer (1,000), the issue's. */
    public static final int DEFAULT_WRITERS = 50;

    public static final int DEFAULT_KEYS_PER_WRITER = 1_000;

    /** How long the writers may take before the stop flag is raised (far above the few ms a safe map needs). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** How long writers get to notice the stop flag (or the check to finish) before they count as hung. */
    static final Duration GRACE = Duration.ofSeconds(2);

    /** How long reading the map back may take (a few ms for 50,000 keys) before it counts as hung. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One race.
     *
     * @param size what {@code size()} said, or -1 when the check itself hung
     * @param present how many of the expected keys {@code get} found with their value, or -1 when the check hung
     * @param exceptions exception class name to how many writers it stopped, in name order
     * @param firstException the first exception's message, or {@code null}
     * @param hungWriters writers still running after the timeout and the grace: stuck inside the map, abandoned
     * @param checkFailed why reading the map back failed (it hung or threw: a corrupted map), or {@code null}
     * @param elapsed from the start gate to the last writer's end (or to the timeout)
     */
    public record Result(
            MapKind kind,
            int writers,
            int keysPerWriter,
            int size,
            int present,
            Map<String, Integer> exceptions,
            String firstException,
            int hungWriters,
            String checkFailed,
            Duration elapsed) {
        public Result {
            exceptions = Map.copyOf(exceptions);
        }

        public int expected() {
            return writers * keysPerWriter;
        }

        public int exceptionCount() {
            return exceptions.values().stream().mapToInt(Integer::intValue).sum();
        }

        public boolean hung() {
            return hungWriters > 0 || checkFailed != null;
        }

        /** Entries missing from the map (expected minus found), or -1 when the check hung. */
        public int lost() {
            return present < 0 ? -1 : expected() - present;
        }

        /** Every key present with its value, the size right, no exception and no hang. */
        public boolean exact() {
            return !hung() && exceptions.isEmpty() && size == expected() && present == expected();
        }

        /** What went wrong, in a few words ("lost 312 entries, size() says 49,700; 2 ClassCastException"). */
        public String problems() {
            if (exact()) return "none: every entry present";
            var parts = new ArrayList<String>();
            if (present >= 0 && present != expected())
                parts.add(String.format("lost %,d %s", lost(), lost() == 1 ? "entry" : "entries"));
            if (size >= 0 && size != expected()) parts.add(String.format("size() says %,d", size));
            exceptions.forEach((name, n) -> parts.add(n + " x " + name));
            if (hungWriters > 0) parts.add(hungWriters + " writer(s) hung inside the map, abandoned");
            if (checkFailed != null) parts.add("reading the map back " + checkFailed);
            return String.join("; ", parts);
        }
    }

    private MapWriteRace() {}

    /**
     * @throws IllegalArgumentException if {@code writers} or {@code keysPerWriter} is below 1, or the keys exceed
     *     {@link Integer#MAX_VALUE}
     */
    public static Result run(MapKind kind, int writers, int keysPerWriter, Duration timeout)
            throws InterruptedException {
        if (writers < 1) throw new IllegalArgumentException("writers must be at least 1 but was " + writers);
        if (keysPerWriter < 1) {
            throw new IllegalArgumentException("keys per writer must be at least 1 but was " + keysPerWriter);
        }
        if ((long) writers * keysPerWriter > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "writers x keys must fit an int but was " + (long) writers * keysPerWriter);
        }
        return run(kind, kind.create(), writers, keysPerWriter, timeout);
    }

    /** {@link #run(MapKind, int, int, Duration)} on a given map (a test's map that blocks, for one). */
    static Result run(MapKind kind, SharedMap map, int writers, int keysPerWriter, Duration timeout)
            throws InterruptedException {
        var gate = new CountDownLatch(1);
        var done = new CountDownLatch(writers);
        var running = new AtomicInteger(writers);
        var stop = new AtomicBoolean();
        var exceptions = new ConcurrentHashMap<String, LongAdder>();
        var first = new CompletableFuture<String>();
        for (int w = 0; w < writers; w++) {
            int base = w * keysPerWriter;
            Thread.ofPlatform().daemon().name("map-writer-" + w).start(() -> {
                try {
                    gate.await();
                    for (int i = 0; i < keysPerWriter && !stop.get(); i++) {
                        map.put(base + i, base + i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException | Error e) { // e.g. ClassCastException: HashMap$Node -> TreeNode
                    exceptions
                            .computeIfAbsent(e.getClass().getName(), k -> new LongAdder())
                            .increment();
                    first.complete(e.getClass().getSimpleName() + ": " + e.getMessage());
                } finally {
                    running.decrementAndGet();
                    done.countDown();
                }
            });
        }
        long start = System.nanoTime();
        gate.countDown();
        boolean finished = done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        long elapsed = System.nanoTime() - start;
        if (!finished) {
            stop.set(true);
            done.await(GRACE.toNanos(), TimeUnit.NANOSECONDS);
        }
        int hung = running.get();

        int size = -1;
        int present = -1;
        String checkFailed = null;
        if (hung == 0) {
            var counted = new CompletableFuture<int[]>();
            Thread.ofPlatform().daemon().name("map-check").start(() -> {
                try {
                    counted.complete(new int[] {map.size(), countPresent(map, writers * keysPerWriter)});
                } catch (RuntimeException | Error e) {
                    counted.completeExceptionally(e);
                }
            });
            try {
                int[] c = counted.get(CHECK_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
                size = c[0];
                present = c[1];
            } catch (TimeoutException e) {
                checkFailed = "hung, abandoned";
            } catch (ExecutionException e) {
                checkFailed = "threw " + e.getCause();
            }
        }
        var byName = new TreeMap<String, Integer>();
        exceptions.forEach((name, n) -> byName.put(name, n.intValue()));
        return new Result(
                kind,
                writers,
                keysPerWriter,
                size,
                present,
                byName,
                first.getNow(null),
                hung,
                checkFailed,
                Duration.ofNanos(elapsed));
    }

    private static int countPresent(SharedMap map, int keys) {
        int present = 0;
        for (int k = 0; k < keys; k++) {
            Integer v = map.get(k);
            if (v != null && v == k) present++;
        }
        return present;
    }
}
