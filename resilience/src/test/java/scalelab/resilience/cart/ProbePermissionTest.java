package scalelab.resilience.cart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A probe that ends without a verdict on the product service gives its half-open permission back, so the
 * breaker can still close. Probes run on the test's thread, which the test interrupts, as a shutdown would.
 */
class ProbePermissionTest {
    private static final Duration OPEN_WAIT = Duration.ofMinutes(1);
    private static final Product LAPTOP = FakeProductService.SEED.get("1");

    private enum Mode {
        DOWN,
        UP,
        INTERRUPTED_IO // the call fails because its thread was interrupted
    }

    private final MutableClock clock = new MutableClock();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.DOWN);
    private final ProductSource source = id -> switch (mode.get()) {
        case DOWN -> CompletableFuture.failedFuture(new ProductSource.ProductServiceException("answered 503"));
        case UP -> CompletableFuture.completedFuture(Optional.of(LAPTOP));
        case INTERRUPTED_IO -> {
            Thread.currentThread().interrupt();
            yield CompletableFuture.failedFuture(new InterruptedIOException("interrupted"));
        }
    };
    // the bulkhead waits (5 ms by default), so an interrupted probe is cancelled there
    private final ProtectedProducts products =
            new ProtectedProducts(source, FixedConfig.defaults().withOpenWait(OPEN_WAIT), clock, Runnable::run);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private void openThenWaitOut() {
        for (int i = 0; i < 5; i++) {
            products.lookup("1");
        }
        assertThat(products.state()).isEqualTo(State.OPEN);
        clock.advance(OPEN_WAIT.plusSeconds(1));
    }

    /** Three probes (the half-open calls), each on an interrupted thread. */
    private void threeInterruptedProbes() {
        for (String id : List.of("1", "2", "3")) {
            Thread.currentThread().interrupt();
            products.lookup(id);
            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        }
        assertThat(products.probesInFlight()).isZero();
    }

    private void probesCloseTheBreaker() {
        assertThat(products.state()).isEqualTo(State.HALF_OPEN);
        mode.set(Mode.UP);
        for (String id : List.of("1", "2", "3")) {
            products.lookup(id);
        }
        assertThat(products.state()).as("three trial calls answered").isEqualTo(State.CLOSED);
        assertThat(products.describe()).containsEntry("probes_succeeded", 3L);
    }

    @Test
    void probesCancelledInTheBulkheadWaitGiveTheirPermissionBackSoTheBreakerStillCloses() {
        openThenWaitOut();
        mode.set(Mode.UP);

        threeInterruptedProbes(); // AcquirePermissionCancelledException from the bulkhead wait

        assertThat(products.describe()).containsEntry("probes_started", 3L).containsEntry("probes_succeeded", 0L);
        probesCloseTheBreaker();
    }

    @Test
    void aProbeInterruptedDuringItsCallIsNotRecordedAsAProductServiceFailure() {
        openThenWaitOut();
        mode.set(Mode.INTERRUPTED_IO);
        // past the bulkhead (thread not yet interrupted), the source interrupts it and fails
        for (String id : List.of("1", "2", "3")) {
            products.lookup(id);
            assertThat(Thread.interrupted()).isTrue();
        }

        assertThat(products.describe())
                .as("no verdict in the half-open window")
                .containsEntry("failed_calls", 0)
                .containsEntry("product_failures", 5L);
        probesCloseTheBreaker();
    }
}
