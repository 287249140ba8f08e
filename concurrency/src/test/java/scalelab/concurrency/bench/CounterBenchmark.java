package scalelab.concurrency.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import scalelab.concurrency.counter.Counter;
import scalelab.concurrency.counter.CounterKind;

/**
 * One increment of a counter shared by 2 threads (the cores here), in ns. The plain and volatile counters are
 * measured too, for the price of being wrong; their counts are not checked here (the experiment does that).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class CounterBenchmark {
    @Param({"PLAIN", "VOLATILE", "SYNCHRONIZED", "ATOMIC_LONG", "LONG_ADDER"})
    public CounterKind kind;

    private Counter counter;

    @Setup
    public void setUp() {
        counter = kind.create();
    }

    @Benchmark
    public void increment() {
        counter.increment();
    }
}
