package scalelab.concurrency.switches;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code tasks} small tasks, each on a virtual thread of its own (started, then all joined), or submitted to a pool
 * of {@link #POOL_THREADS} platform threads (then every future awaited). Two kinds of task: a little arithmetic
 * (what starting and joining a thread costs beside the work), and a 1 ms sleep (a task that blocks, where a virtual
 * thread frees its carrier while a pool thread is held).
 */
public final class ThreadStarts {
    /** Tasks per run (100,000), the issue's. */
    public static final int DEFAULT_TASKS = 100_000;

    /** The platform pool's threads (100, a typical server pool), started before the clock starts. */
    public static final int POOL_THREADS = 100;

    /** How long a blocking task sleeps. */
    public static final Duration SLEEP = Duration.ofMillis(1);

    public enum Way {
        VIRTUAL("a virtual thread per task"),
        POOL("platform pool (" + POOL_THREADS + " threads)");

        private final String label;

        Way(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum Work {
        COMPUTE("compute (~100 multiply-adds)"),
        SLEEP("block (sleep 1 ms)");

        private final String label;

        Work(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One run; exact when every task ran once. */
    public record Result(Way way, Work work, int tasks, long completed, Duration elapsed) {
        public boolean exact() {
            return completed == tasks;
        }

        public double microsPerTask() {
            return elapsed.toNanos() / 1e3 / tasks;
        }
    }

    private ThreadStarts() {}

    /**
     * @throws IllegalArgumentException if {@code tasks} is below 1
     */
    public static Result run(Way way, Work work, int tasks) throws InterruptedException {
        if (tasks < 1) throw new IllegalArgumentException("tasks must be at least 1 but was " + tasks);
        var completed = new LongAdder();
        Runnable task = () -> {
            if (work == Work.SLEEP) {
                try {
                    Thread.sleep(SLEEP);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else {
                long x = completed.hashCode();
                for (int i = 0; i < 100; i++) x = x * 31 + i;
                if (x == 42) completed.add(0); // keeps the arithmetic alive
            }
            completed.increment();
        };
        long start;
        long end;
        if (way == Way.VIRTUAL) {
            var threads = new ArrayList<Thread>(tasks);
            start = System.nanoTime();
            for (int i = 0; i < tasks; i++) threads.add(Thread.ofVirtual().start(task));
            for (Thread t : threads) t.join();
            end = System.nanoTime();
        } else {
            var pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(POOL_THREADS);
            try {
                pool.prestartAllCoreThreads();
                var futures = new ArrayList<Future<?>>(tasks);
                start = System.nanoTime();
                for (int i = 0; i < tasks; i++) futures.add(pool.submit(task));
                for (Future<?> f : futures) f.get();
                end = System.nanoTime();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a task failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        return new Result(way, work, tasks, completed.sum(), Duration.ofNanos(end - start));
    }
}
