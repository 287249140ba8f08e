package scalelab.concurrency.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import scalelab.concurrency.switches.PingPong;

/**
 * One switch (hand-off) between two threads, in ns: 10,000 ping-pong round trips per call, 20,000 switches.
 * bench/concurrency.sh runs it on all CPUs, then again under {@code taskset -c 0} with {@code
 * -Djdk.virtualThreadScheduler.parallelism=1} for one CPU and one carrier.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PingPongBenchmark {
    static final int ROUND_TRIPS = 10_000;

    @Param({"PLATFORM", "VIRTUAL"})
    public PingPong.Kind kind;

    @Benchmark
    @OperationsPerInvocation(2 * ROUND_TRIPS)
    public long switchThreads() throws InterruptedException {
        return PingPong.once(kind, ROUND_TRIPS).pongs();
    }
}
