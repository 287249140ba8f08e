package scalelab.concurrency.bench;

import java.util.SplittableRandom;
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
import scalelab.concurrency.map.MapKind;
import scalelab.concurrency.map.ReadHeavyMix;

/** One operation of the 90%-read mix on a map shared by 2 threads, in ns: a get, or (1 in 10) a put. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class MapReadHeavyBenchmark {
    @Param({"SYNCHRONIZED_MAP", "READ_WRITE_LOCK", "CONCURRENT_HASH_MAP"})
    public MapKind kind;

    private MapKind.SharedMap map;

    @Setup
    public void setUp() {
        map = kind.create();
        for (int k = 0; k < ReadHeavyMix.DEFAULT_KEYS; k++) map.put(k, k);
    }

    /** Each benchmark thread's own random numbers. */
    @State(Scope.Thread)
    public static class Dice {
        final SplittableRandom random = new SplittableRandom(42);
    }

    @Benchmark
    public Integer operation(Dice dice) {
        int key = dice.random.nextInt(ReadHeavyMix.DEFAULT_KEYS);
        if (dice.random.nextInt(100) < ReadHeavyMix.DEFAULT_READ_PERCENT) return map.get(key);
        map.put(key, key);
        return key;
    }
}
