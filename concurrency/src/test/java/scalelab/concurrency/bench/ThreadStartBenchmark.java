package scalelab.concurrency.bench;

import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import scalelab.concurrency.switches.ThreadStarts;

/**
 * One small task (a counter increment), in ns: on a virtual thread of its own (start, then join) or submitted to a
 * pool of 100 platform threads (then its future awaited); 1,000 tasks per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ThreadStartBenchmark {
    static final int TASKS = 1_000;

    private final LongAdder done = new LongAdder();
    private ExecutorService pool;

    @Setup
    public void setUp() {
        pool = Executors.newFixedThreadPool(ThreadStarts.POOL_THREADS);
    }

    @TearDown
    public void tearDown() {
        pool.shutdownNow();
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long virtualThreadPerTask() throws InterruptedException {
        var threads = new ArrayList<Thread>(TASKS);
        for (int i = 0; i < TASKS; i++) threads.add(Thread.ofVirtual().start(done::increment));
        for (Thread t : threads) t.join();
        return done.sum();
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long platformPool() throws InterruptedException, ExecutionException {
        var futures = new ArrayList<Future<?>>(TASKS);
        for (int i = 0; i < TASKS; i++) futures.add(pool.submit(done::increment));
        for (Future<?> f : futures) f.get();
        return done.sum();
    }
}
