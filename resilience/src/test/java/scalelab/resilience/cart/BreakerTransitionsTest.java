package scalelab.resilience.cart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Each transition of the fixed cart's breaker, and the fallbacks it leads to, with the clock moved by the
 * test (no sleeping). Defaults: window 10, minimum 5 calls, 50% failures or 50% calls slower than 300 ms
 * open it, 3 trial calls in HALF_OPEN. The open wait is a minute here so that Resilience4j's own timer
 * (automatic OPEN to HALF_OPEN, in real time) cannot act before the clock does. The trial calls of a
 * breaker that is not CLOSED are background probes; here they run on the caller's thread, after its
 * answer was chosen, so each has finished when {@code lookup} returns ({@link BackgroundProbeTest} runs
 * them on their own threads).
 */
class BreakerTransitionsTest {
    private static final Duration OPEN_WAIT = Duration.ofMinutes(1);
    private static final Product LAPTOP = new Product("1", "Laptop", new BigDecimal("999.99"), 10);

    private enum Behaviour {
        OK,
        SLOW,
        FAIL,
        NOT_FOUND
    }

    private final MutableClock clock = new MutableClock();
    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.OK);
    private final AtomicInteger calls = new AtomicInteger();
    private final ProductSource source = id -> {
        calls.incrementAndGet();
        return switch (behaviour.get()) {
            case OK -> CompletableFuture.completedFuture(Optional.of(LAPTOP));
            case SLOW -> {
                clock.advance(Duration.ofMillis(400)); // the call "takes" 400 ms by the breaker's clock
                yield CompletableFuture.completedFuture(Optional.of(LAPTOP));
            }
            case FAIL ->
                CompletableFuture.failedFuture(
                        new ProductSource.ProductServiceException("product service answered 503"));
            case NOT_FOUND -> CompletableFuture.completedFuture(Optional.empty());
        };
    };
    private final ProtectedProducts products =
            new ProtectedProducts(source, FixedConfig.defaults().withOpenWait(OPEN_WAIT), clock, Runnable::run);

    private Lookup call(Behaviour next) {
        behaviour.set(next);
        return products.lookup("1");
    }

    /** Fails calls until the breaker opens: the last call made is the one that opened it. */
    private void open() {
        for (int i = 0; i < 10 && products.state() == State.CLOSED; i++) {
            call(Behaviour.FAIL);
        }
        assertThat(products.state()).isEqualTo(State.OPEN);
    }

    @Test
    void breakerOpensWhenHalfOfTheMinimumCallsFail() {
        call(Behaviour.OK);
        call(Behaviour.OK);
        call(Behaviour.FAIL);
        call(Behaviour.FAIL);
        assertThat(products.state()).as("4 calls: fewer than the minimum of 5").isEqualTo(State.CLOSED);

        call(Behaviour.FAIL);

        assertThat(products.state()).as("3 of 5 failed").isEqualTo(State.OPEN);
        assertThat(products.describe()).containsEntry("circuit_breaker_state", "OPEN");
    }

    @Test
    void breakerStaysClosedWhileFewerThanHalfFail() {
        for (int i = 0; i < 6; i++) {
            call(Behaviour.OK);
        }
        for (int i = 0; i < 4; i++) {
            call(Behaviour.FAIL);
        }
        assertThat(products.state()).as("4 of 10 failed").isEqualTo(State.CLOSED);
    }

    @Test
    void breakerOpensWhenHalfOfTheCallsAreSlow() {
        call(Behaviour.OK);
        call(Behaviour.OK);
        call(Behaviour.SLOW);
        call(Behaviour.SLOW);
        assertThat(products.state()).isEqualTo(State.CLOSED);

        Lookup slowButAnswered = call(Behaviour.SLOW);

        assertThat(slowButAnswered.source())
                .as("a slow answer is still an answer")
                .isEqualTo(Lookup.Source.LIVE);
        assertThat(products.state()).as("3 of 5 slower than 300 ms").isEqualTo(State.OPEN);
        assertThat(products.describe()).containsEntry("slow_calls", 3).containsEntry("failed_calls", 0);
    }

    @Test
    void openBreakerRefusesCallsAndAnswersFromTheCache() {
        call(Behaviour.OK); // caches the laptop
        open();
        int before = calls.get();

        Lookup lookup = call(Behaviour.OK);

        assertThat(calls.get()).as("no call reaches the product service").isEqualTo(before);
        assertThat(lookup).isEqualTo(Lookup.cached(LAPTOP));
        assertThat(products.describe()).containsEntry("not_permitted_calls", 1L);
    }

    @Test
    void openBreakerWithNothingCachedAnswersPricePending() {
        open();
        assertThat(call(Behaviour.OK)).isEqualTo(Lookup.pending());
    }

    @Test
    void openBreakerMovesToHalfOpenAfterTheWait() {
        open();
        clock.advance(OPEN_WAIT.minusSeconds(1));
        int before = calls.get();
        call(Behaviour.OK);
        assertThat(products.state()).as("a second before the end of the wait").isEqualTo(State.OPEN);
        assertThat(calls.get()).isEqualTo(before);

        clock.advance(Duration.ofSeconds(2));
        Lookup answer = call(Behaviour.OK);

        assertThat(products.state()).isEqualTo(State.HALF_OPEN);
        assertThat(calls.get()).as("the trial call went through").isEqualTo(before + 1);
        assertThat(answer)
                .as("the request does not wait for the trial call: nothing cached, so price pending")
                .isEqualTo(Lookup.pending());
        assertThat(products.describe()).containsEntry("probes_started", 1L).containsEntry("successful_calls", 1);
    }

    @Test
    void halfOpenClosesWhenTheTrialCallsSucceed() {
        open();
        clock.advance(OPEN_WAIT.plusSeconds(1));
        call(Behaviour.OK);
        call(Behaviour.OK);
        assertThat(products.state()).as("2 of 3 trial calls").isEqualTo(State.HALF_OPEN);

        call(Behaviour.OK);

        assertThat(products.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void halfOpenReopensWhenTheTrialCallsFail() {
        open();
        clock.advance(OPEN_WAIT.plusSeconds(1));
        call(Behaviour.FAIL);
        call(Behaviour.FAIL);
        call(Behaviour.OK);

        assertThat(products.state()).as("2 of 3 trial calls failed").isEqualTo(State.OPEN);
        int before = calls.get();
        call(Behaviour.OK);
        assertThat(calls.get()).as("open again: a new wait").isEqualTo(before);
    }

    @Test
    void halfOpenReopensWhenTheTrialCallsAreSlow() {
        open();
        clock.advance(OPEN_WAIT.plusSeconds(1));
        call(Behaviour.SLOW);
        call(Behaviour.SLOW);
        call(Behaviour.OK);

        assertThat(products.state()).isEqualTo(State.OPEN);
    }

    @Test
    void resetClosesAnOpenBreaker() {
        open();

        products.reset();

        assertThat(products.state()).isEqualTo(State.CLOSED);
        assertThat(call(Behaviour.OK).source()).isEqualTo(Lookup.Source.LIVE);
        assertThat(products.describe()).containsEntry("buffered_calls", 1);
    }

    @Test
    void notFoundIsAnAnswerNotAFailure() {
        for (int i = 0; i < 10; i++) {
            assertThat(call(Behaviour.NOT_FOUND)).isEqualTo(Lookup.notFound());
        }
        assertThat(products.state()).isEqualTo(State.CLOSED);
        assertThat(products.describe()).containsEntry("failed_calls", 0).containsEntry("failure_rate", 0.0f);
    }

    @Test
    void fallbackGoesLiveThenCacheThenPricePendingOnceTheCacheExpires() {
        assertThat(call(Behaviour.OK)).isEqualTo(Lookup.live(LAPTOP));
        assertThat(call(Behaviour.FAIL)).isEqualTo(Lookup.cached(LAPTOP));

        clock.advance(FixedConfig.DEFAULT_CACHE_TTL.minusSeconds(1));
        assertThat(call(Behaviour.FAIL)).as("still within the TTL").isEqualTo(Lookup.cached(LAPTOP));

        clock.advance(Duration.ofSeconds(2));
        assertThat(call(Behaviour.FAIL)).as("past the TTL").isEqualTo(Lookup.pending());
        assertThat(products.describe()).containsEntry("cache_hits", 2L).containsEntry("lookups_price_pending", 1L);
    }
}
