package scalelab.resilience.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * While the breaker is not CLOSED a request never waits for a live call: it is answered from the cache
 * (or price pending) at once, and the breaker's trial calls are background probes on their own threads,
 * at most one per product. The breaker's clock is moved by the test (the open wait is a minute, so that
 * Resilience4j's real-time OPEN to HALF_OPEN timer cannot act first); the time limiter's timeout is real
 * time, so the tests wait for it with Awaitility, not with sleeps.
 */
class BackgroundProbeTest {
    private static final Duration OPEN_WAIT = Duration.ofMinutes(1);
    private static final Duration AT_ONCE = Duration.ofMillis(
            300); // far below the 500 ms time limit and the 5 s hang, with room for a loaded CI machine
    private static final Product LAPTOP = FakeProductService.SEED.get("1");
    private static final Product MOUSE = FakeProductService.SEED.get("2");

    private final MutableClock clock = new MutableClock();
    private FakeProductService fake;

    @AfterEach
    void stopFake() {
        if (fake != null) {
            fake.close();
        }
    }

    /** The fixed cart's protection over HTTP to a fake product service, as {@link CartApp} builds it. */
    private ProtectedProducts overHttp(FixedConfig config) {
        fake = new FakeProductService();
        var source = HttpProductSource.withTimeouts(
                fake.uri(), config.timeout(), config.timeout().plus(FixedConfig.HTTP_TIMEOUT_MARGIN));
        // One call around the breaker first: the connection and the JIT are warm before the time limit counts.
        assertThat(source.fetch("1").orTimeout(10, TimeUnit.SECONDS).join()).contains(LAPTOP);
        return new ProtectedProducts(source, config, clock);
    }

    /** Quick 503s until the breaker opens (each of these requests waits for its live call: CLOSED). */
    private void openWithFailures(ProtectedProducts products, String id) {
        fake.mode(FakeProductService.Mode.DOWN);
        for (int i = 0; i < 10 && products.state() == State.CLOSED; i++) {
            products.lookup(id);
        }
        assertThat(products.state()).isEqualTo(State.OPEN);
    }

    private static Lookup timedLookup(ProtectedProducts products, String id) {
        long start = System.nanoTime();
        Lookup answer = products.lookup(id);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("lookup of product %s answered at once", id)
                .isLessThan(AT_ONCE);
        return answer;
    }

    private static void awaitNoProbe(ProtectedProducts products) {
        await().atMost(Duration.ofSeconds(5)).until(() -> products.probesInFlight() == 0);
    }

    @Test
    void halfOpenAnswersFromTheCacheAtOnceWhileProbesHangAndTheirTimeoutsReopenTheBreaker() {
        FixedConfig config = FixedConfig.defaults().withOpenWait(OPEN_WAIT);
        ProtectedProducts products = overHttp(config);
        for (String id : List.of("1", "2", "3")) {
            assertThat(products.lookup(id).source()).isEqualTo(Lookup.Source.LIVE); // now cached
        }
        openWithFailures(products, "1");
        fake.mode(FakeProductService.Mode.STALLED); // accepts, answers nothing
        clock.advance(OPEN_WAIT.plusSeconds(1));
        int before = fake.requests();

        for (String id : List.of("1", "2", "3")) {
            assertThat(timedLookup(products, id)).isEqualTo(Lookup.cached(FakeProductService.SEED.get(id)));
        }

        assertThat(products.state()).as("the first request moved it on").isEqualTo(State.HALF_OPEN);
        assertThat(products.probesInFlight())
                .as("one probe per product, 3 trial permissions")
                .isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> fake.requests() == before + 3);
        assertThat(timedLookup(products, "1"))
                .as("a request while the probes hang: still the cache")
                .isEqualTo(Lookup.cached(LAPTOP));

        await().atMost(config.timeout().plusSeconds(3)).until(() -> products.state() == State.OPEN);
        awaitNoProbe(products);
        assertThat(products.describe())
                .containsEntry("timeouts", 3L)
                .containsEntry("probes_started", 3L)
                .containsEntry("probes_succeeded", 0L);
        assertThat(fake.requests()).as("no call beyond the three probes").isEqualTo(before + 3);
    }

    @Test
    void probesCloseTheBreakerAfterTheHalfOpenCallsOnceTheProductServiceIsBackAndLivePricesReturn() {
        // Every call here is answered (the service is up or answers 503 at once): a generous time limit, so that
        // the first call on a loaded machine (cold JIT, new connection) is not a timeout that leaves nothing cached.
        ProtectedProducts products =
                overHttp(FixedConfig.defaults().withOpenWait(OPEN_WAIT).withTimeout(Duration.ofSeconds(5)));
        assertThat(products.lookup("1")).isEqualTo(Lookup.live(LAPTOP));
        openWithFailures(products, "1");
        fake.mode(FakeProductService.Mode.UP);
        clock.advance(OPEN_WAIT.plusSeconds(1));

        assertThat(timedLookup(products, "2")).as("never read: price pending").isEqualTo(Lookup.pending());
        awaitNoProbe(products);
        assertThat(products.state()).as("1 of 3 trial calls").isEqualTo(State.HALF_OPEN);
        assertThat(timedLookup(products, "2"))
                .as("the probe's answer went into the cache")
                .isEqualTo(Lookup.cached(MOUSE));
        awaitNoProbe(products);
        assertThat(products.state()).as("2 of 3 trial calls").isEqualTo(State.HALF_OPEN);
        assertThat(timedLookup(products, "1")).isEqualTo(Lookup.cached(LAPTOP));
        awaitNoProbe(products);

        assertThat(products.state()).isEqualTo(State.CLOSED);
        assertThat(products.lookup("1")).isEqualTo(Lookup.live(LAPTOP));
        assertThat(products.describe()).containsEntry("probes_started", 3L).containsEntry("probes_succeeded", 3L);
    }

    @Test
    void atMostOneProbePerProductAndNoMoreThanTheHalfOpenCallsAreInFlight() {
        var failing = new AtomicBoolean(true);
        var hangingCalls = new ConcurrentHashMap<String, AtomicInteger>();
        var hanging = new CopyOnWriteArrayList<CompletableFuture<Optional<Product>>>();
        ProductSource source = id -> {
            if (failing.get()) {
                return CompletableFuture.failedFuture(new ProductSource.ProductServiceException("answered 503"));
            }
            hangingCalls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            var call = new CompletableFuture<Optional<Product>>();
            hanging.add(call);
            return call;
        };
        // a 5 s limit keeps the probes in flight for the whole test; they are released at its end
        FixedConfig config = FixedConfig.defaults().withOpenWait(OPEN_WAIT).withTimeout(Duration.ofSeconds(5));
        var products = new ProtectedProducts(source, config, clock);
        for (int i = 0; i < 5; i++) {
            products.lookup("1");
        }
        assertThat(products.state()).isEqualTo(State.OPEN);
        failing.set(false);
        clock.advance(OPEN_WAIT.plusSeconds(1));

        for (int i = 0; i < 10; i++) {
            assertThat(timedLookup(products, "1")).isEqualTo(Lookup.pending());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> hanging.size() == 1);
        assertThat(products.probesInFlight()).isEqualTo(1);

        for (String id : List.of("2", "3", "4", "5", "2", "3")) {
            assertThat(timedLookup(products, id)).isEqualTo(Lookup.pending());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> hanging.size() == 3);
        assertThat(products.probesInFlight())
                .as("products 1, 2, 3: the 3 trial permissions")
                .isEqualTo(3);
        assertThat(products.describe()).containsEntry("probes_started", 3L);
        assertThat(Map.copyOf(hangingCalls))
                .as("calls that reached the product service, per product")
                .containsOnlyKeys("1", "2", "3")
                .allSatisfy((id, calls) -> assertThat(calls.get()).isEqualTo(1));

        hanging.forEach(call -> call.complete(Optional.of(LAPTOP)));
        awaitNoProbe(products);
        assertThat(products.state()).as("the three probes answered").isEqualTo(State.CLOSED);
    }
}
