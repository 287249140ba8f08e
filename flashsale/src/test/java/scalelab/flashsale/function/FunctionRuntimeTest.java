package scalelab.flashsale.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FunctionRuntimeTest {
    private static final Duration IDLE = Duration.ofSeconds(60);

    private final ManualTicker ticker = new ManualTicker();
    private final AtomicInteger inits = new AtomicInteger();

    /** A handler per environment, numbered in init order; the event is a latch it waits on. */
    private final class Env implements FunctionHandler<CountDownLatch, Integer>, AutoCloseable {
        final int id = inits.incrementAndGet();
        final List<CountDownLatch> handled = new ArrayList<>();
        volatile boolean closed;

        @Override
        public Integer handle(CountDownLatch event) throws InterruptedException {
            handled.add(event);
            seen.put(event, id);
            assertThat(event.await(10, TimeUnit.SECONDS)).isTrue();
            return id;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final Map<CountDownLatch, Integer> seen = new ConcurrentHashMap<>();
    private final List<Env> envs = new ArrayList<>();

    private Supplier<FunctionHandler<CountDownLatch, Integer>> envs() {
        return () -> {
            var env = new Env();
            synchronized (envs) {
                envs.add(env);
            }
            return env;
        };
    }

    private FunctionRuntime<CountDownLatch, Integer> runtime(int limit, Duration throttleWait) {
        return new FunctionRuntime<>(
                "test", new FunctionConfig(limit, IDLE, 512, Duration.ZERO, throttleWait), envs(), ticker);
    }

    private static CountDownLatch open() {
        return new CountDownLatch(0);
    }

    private static Thread invokeInBackground(FunctionRuntime<CountDownLatch, Integer> runtime, CountDownLatch event) {
        return Thread.ofVirtual().start(() -> {
            try {
                runtime.invoke(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void theFirstInvocationIsAColdStartThatRunsTheInitAndLaterOnesReuseTheWarmEnvironment() throws Exception {
        Supplier<FunctionHandler<String, String>> init = () -> {
            inits.incrementAndGet();
            ticker.advance(Duration.ofMillis(120)); // the init's own work
            return event -> {
                ticker.advance(Duration.ofMillis(30));
                return event;
            };
        };
        var runtime = new FunctionRuntime<>("test", FunctionConfig.defaults(), init, ticker);

        assertThat(runtime.invoke("a")).isEqualTo("a"); // the handler's result comes back
        runtime.invoke("b");
        runtime.invoke("c");

        FunctionStats stats = runtime.stats();
        assertThat(inits).hasValue(1);
        assertThat(stats.coldStarts()).isEqualTo(1);
        assertThat(stats.invocations()).isEqualTo(3);
        assertThat(stats.environmentsAlive()).isEqualTo(1);
        assertThat(stats.initTotalMillis()).isEqualTo(120.0);
        assertThat(stats.initP50Millis()).isCloseTo(120.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(stats.coldInvocationP50Millis()).isCloseTo(150.0, org.assertj.core.data.Offset.offset(0.2));
        assertThat(stats.warmInvocationP50Millis()).isCloseTo(30.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(stats.billedDurationMillis()).isEqualTo(90);
        assertThat(stats.billedInitMillis()).isEqualTo(120);
        assertThat(stats.concurrentExecutions()).isZero();
        assertThat(stats.peakConcurrentExecutions()).isEqualTo(1);
    }

    @Test
    void eachInvocationAndEachInitIsBilledRoundedUpToAWholeMillisecondWithTheExtraInitReportedApart() throws Exception {
        Supplier<FunctionHandler<String, String>> init = () -> {
            ticker.advance(Duration.ofNanos(500_000));
            return event -> {
                ticker.advance(Duration.ofNanos(2_300_000));
                return event;
            };
        };
        var config = new FunctionConfig(10, IDLE, 1024, Duration.ofMillis(200));
        var runtime = new FunctionRuntime<>("test", config, init, ticker);

        for (int i = 0; i < 4; i++) runtime.invoke("x");

        FunctionStats stats = runtime.stats();
        assertThat(stats.billedDurationMillis()).isEqualTo(4 * 3); // 2.3 ms -> 3 ms, each
        assertThat(stats.initTotalMillis()).isEqualTo(0.5); // measured, without the extra
        assertThat(stats.extraInitTotalMillis()).isEqualTo(200.0);
        assertThat(stats.billedInitMillis()).isEqualTo(201); // 200.5 ms -> 201 ms
        assertThat(stats.billedGbSeconds()).isEqualTo((12 + 201) / 1000.0 * 1.0);
        assertThat(stats.coldInvocationP50Millis()).isGreaterThanOrEqualTo(202.0); // init + extra + handler
    }

    @Test
    void concurrentInvocationsEachGetAnEnvironmentAndBeyondTheLimitOneIsThrottledAfterTheWait() throws Exception {
        var runtime = runtime(2, Duration.ofMillis(50));
        var hold = new CountDownLatch(1);
        Thread first = invokeInBackground(runtime, hold);
        Thread second = invokeInBackground(runtime, hold);
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.stats().concurrentExecutions() == 2);

        long start = System.nanoTime();
        assertThatThrownBy(() -> runtime.invoke(open())).isInstanceOf(FunctionThrottledException.class);
        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());

        hold.countDown();
        first.join();
        second.join();
        FunctionStats stats = runtime.stats();
        assertThat(stats.throttles()).isEqualTo(1);
        assertThat(stats.invocations()).isEqualTo(2);
        assertThat(stats.coldStarts()).isEqualTo(2);
        assertThat(stats.peakConcurrentExecutions()).isEqualTo(2);
        assertThat(stats.environmentsAlive()).isEqualTo(2);
    }

    @Test
    void anInvocationAtTheLimitWaitsForABusyEnvironmentAndReusesIt() throws Exception {
        var runtime = runtime(1, Duration.ofSeconds(10));
        var hold = new CountDownLatch(1);
        Thread first = invokeInBackground(runtime, hold);
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.stats().concurrentExecutions() == 1);
        var waiting = new AtomicBoolean(true);
        Thread second = Thread.ofVirtual().start(() -> {
            try {
                runtime.invoke(open());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            waiting.set(false);
        });

        Thread.sleep(100); // the second really waits while the first is busy
        assertThat(waiting).isTrue();
        hold.countDown();
        first.join();
        second.join(5_000);

        assertThat(waiting).isFalse();
        FunctionStats stats = runtime.stats();
        assertThat(stats.throttles()).isZero();
        assertThat(stats.invocations()).isEqualTo(2);
        assertThat(stats.coldStarts()).isEqualTo(1);
        assertThat(stats.peakConcurrentExecutions()).isEqualTo(1);
    }

    @Test
    void theMostRecentlyUsedWarmEnvironmentIsReusedFirstAndTheOtherAgesOut() throws Exception {
        var runtime = runtime(2, Duration.ofSeconds(1));
        var a = new CountDownLatch(1);
        var b = new CountDownLatch(1);
        Thread ta = invokeInBackground(runtime, a);
        Thread tb = invokeInBackground(runtime, b);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        a.countDown();
        ta.join();
        ticker.advance(Duration.ofSeconds(10));
        b.countDown(); // b's environment goes back last: the most recently used
        tb.join();
        int newest = seen.get(b);

        for (int i = 0; i < 3; i++) {
            var event = open();
            runtime.invoke(event);
            assertThat(seen.get(event)).isEqualTo(newest);
        }
        ticker.advance(Duration.ofSeconds(50)); // a's environment: idle 60 s; b's: just used
        assertThat(runtime.sweep()).isEqualTo(1);
        assertThat(runtime.stats().environmentsAlive()).isEqualTo(1);
        assertThat(envs).filteredOn(env -> env.closed).extracting(env -> env.id).containsExactly(seen.get(a));
    }

    @Test
    void anEnvironmentIdleForTheTimeoutIsReclaimedAndTheNextInvocationIsColdAgain() throws Exception {
        var runtime = runtime(2, Duration.ZERO);
        runtime.invoke(open());

        ticker.advance(IDLE.minusMillis(1));
        assertThat(runtime.sweep()).isZero();
        assertThat(runtime.stats().environmentsAlive()).isEqualTo(1);

        ticker.advance(Duration.ofMillis(1));
        assertThat(runtime.sweep()).isEqualTo(1);
        assertThat(runtime.stats().environmentsAlive()).isZero();
        assertThat(runtime.stats().environmentsReclaimed()).isEqualTo(1);
        assertThat(envs.getFirst().closed)
                .as("the handler is closed with its environment")
                .isTrue();

        runtime.invoke(open());
        assertThat(runtime.stats().coldStarts()).isEqualTo(2);
        assertThat(inits).hasValue(2);
    }

    @Test
    void theBackgroundSweeperReclaimsIdleEnvironmentsOnItsOwn() throws Exception {
        var config = new FunctionConfig(2, Duration.ofMillis(50), 512, Duration.ZERO);
        try (var runtime = FunctionRuntime.start("test", config, envs())) {
            runtime.invoke(open());
            assertThat(runtime.stats().environmentsAlive()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> runtime.stats().environmentsAlive() == 0);
            assertThat(runtime.stats().environmentsReclaimed()).isEqualTo(1);
        }
    }

    @Test
    void aHandlerThatThrowsFailsThatInvocationOnlyAndItsEnvironmentStaysWarm() throws Exception {
        var calls = new AtomicInteger();
        Supplier<FunctionHandler<String, String>> init = () -> {
            inits.incrementAndGet();
            return event -> {
                if (calls.incrementAndGet() == 1) throw new IllegalStateException("payment down");
                return event;
            };
        };
        var runtime = new FunctionRuntime<>("test", FunctionConfig.defaults(), init, ticker);

        assertThatThrownBy(() -> runtime.invoke("x"))
                .isInstanceOf(FunctionInvocationException.class)
                .hasRootCauseMessage("payment down")
                .satisfies(e -> assertThat(((FunctionInvocationException) e).duringInit())
                        .isFalse());
        runtime.invoke("y");

        FunctionStats stats = runtime.stats();
        assertThat(stats.errors()).isEqualTo(1);
        assertThat(stats.invocations()).isEqualTo(2);
        assertThat(stats.coldStarts()).isEqualTo(1);
        assertThat(inits).hasValue(1);
        assertThat(stats.environmentsAlive()).isEqualTo(1);
    }

    @Test
    void aRuntimeCrashDiscardsTheEnvironment() throws Exception {
        Supplier<FunctionHandler<String, String>> init = () -> {
            inits.incrementAndGet();
            return event -> {
                if (event.equals("crash")) throw new StackOverflowError();
                return event;
            };
        };
        var runtime = new FunctionRuntime<>("test", FunctionConfig.defaults(), init, ticker);
        runtime.invoke("ok");

        assertThatThrownBy(() -> runtime.invoke("crash")).isInstanceOf(StackOverflowError.class);
        assertThat(runtime.stats().environmentsAlive()).isZero();
        runtime.invoke("ok");
        assertThat(runtime.stats().coldStarts()).isEqualTo(2);
        assertThat(runtime.stats().errors()).isEqualTo(1);
    }

    @Test
    void aFailingInitKeepsNoEnvironmentAndCountsAnError() throws Exception {
        Supplier<FunctionHandler<String, String>> init = () -> {
            if (inits.incrementAndGet() == 1) throw new IllegalStateException("database unreachable");
            return event -> event;
        };
        var runtime = new FunctionRuntime<>("test", FunctionConfig.defaults(), init, ticker);

        assertThatThrownBy(() -> runtime.invoke("x"))
                .isInstanceOf(FunctionInvocationException.class)
                .satisfies(e -> assertThat(((FunctionInvocationException) e).duringInit())
                        .isTrue());
        assertThat(runtime.stats().environmentsAlive()).isZero();
        runtime.invoke("y");

        FunctionStats stats = runtime.stats();
        assertThat(stats.coldStarts()).isEqualTo(2);
        assertThat(stats.initFailures()).isEqualTo(1);
        assertThat(stats.errors()).isEqualTo(1);
        assertThat(stats.invocations()).isEqualTo(2);
        assertThat(stats.environmentsAlive()).isEqualTo(1);
    }

    @Test
    void closingReclaimsTheWarmEnvironmentsAndRefusesNewInvocations() throws Exception {
        var runtime = runtime(2, Duration.ZERO);
        runtime.invoke(open());
        runtime.close();

        assertThat(runtime.stats().environmentsAlive()).isZero();
        assertThat(envs.getFirst().closed).isTrue();
        assertThatThrownBy(() -> runtime.invoke(open())).isInstanceOf(IllegalStateException.class);
    }
}
