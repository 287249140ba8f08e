package scalelab.core.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import scalelab.core.http.ApiException;
import scalelab.core.http.Handler;

class FaultsTest {
    private final Faults faults = new Faults();
    private final Handler ok = exchange -> {};

    @Test
    void newFaultsInjectNothingAndCountNothing() {
        assertThat(faults.state()).isEqualTo(new FaultState(false, 0, 0, 0, 0));
        assertThat(faults.latency()).isEqualTo(Duration.ZERO);
    }

    @Test
    void latencyOutsideZeroToSixtySecondsIsRefusedAndLeftUnchanged() {
        faults.setLatencyMillis(250);
        assertThatThrownBy(() -> faults.setLatencyMillis(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency must be 0..60000 ms but was -1");
        assertThatThrownBy(() -> faults.setLatencyMillis(60_001)).isInstanceOf(IllegalArgumentException.class);
        assertThat(faults.latencyMillis()).isEqualTo(250);
        faults.setLatencyMillis(60_000);
        assertThat(faults.latencyMillis()).isEqualTo(60_000);
    }

    @Test
    void failureModeAnswers503WithoutRunningTheHandlerAndCountsAFailure() {
        var ran = new boolean[1];
        faults.setFailureMode(true);
        assertThatThrownBy(() -> faults.apply(exchange -> ran[0] = true).handle(null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("SERVICE_UNAVAILABLE");
                });
        assertThat(ran[0]).isFalse();
        assertThat(faults.state()).isEqualTo(new FaultState(true, 0, 1, 0, 1));
    }

    @Test
    void handledRequestsAndRefusedBadRequestsAreSuccessesOtherErrorsAreFailures() throws Exception {
        faults.apply(ok).handle(null);
        Handler refuses = exchange -> {
            throw ApiException.notFound("THING_NOT_FOUND", "no such thing");
        };
        assertThatThrownBy(() -> faults.apply(refuses).handle(null)).isInstanceOf(ApiException.class);
        Handler breaks = exchange -> {
            throw new IllegalStateException("bug");
        };
        assertThatThrownBy(() -> faults.apply(breaks).handle(null)).isInstanceOf(IllegalStateException.class);
        Handler unavailable = exchange -> {
            throw new ApiException(503, "DOWN", "down", null);
        };
        assertThatThrownBy(() -> faults.apply(unavailable).handle(null)).isInstanceOf(ApiException.class);

        assertThat(faults.state()).isEqualTo(new FaultState(false, 0, 4, 2, 2));
    }

    @Test
    void resetTurnsFailureModeOffLatencyToZeroAndCountersToZero() throws Exception {
        faults.setFailureMode(true);
        faults.setLatencyMillis(1);
        assertThatThrownBy(() -> faults.apply(ok).handle(null)).isInstanceOf(ApiException.class);
        faults.reset();
        assertThat(faults.state()).isEqualTo(new FaultState(false, 0, 0, 0, 0));
    }

    @Test
    void aWrappedRequestWaitsAtLeastTheInjectedLatency() throws Exception {
        faults.setLatencyMillis(150);
        long start = System.nanoTime();
        faults.apply(ok).handle(null);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(150);
        assertThat(faults.state().successes()).isEqualTo(1);
    }

    @Test
    void loweringTheLatencyReleasesTheRequestsAlreadyWaiting() {
        faults.setLatencyMillis(60_000);
        var waiting = CompletableFuture.runAsync(() -> {
            try {
                faults.apply(ok).handle(null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Awaitility.await()
                .during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(2))
                .until(() -> !waiting.isDone());
        faults.setLatencyMillis(0);
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(waiting::isDone);
        assertThat(waiting).isCompleted();
    }

    @Test
    void raisingTheLatencyHoldsTheRequestsAlreadyWaitingToTheNewOne() {
        faults.setLatencyMillis(500);
        var waiting = CompletableFuture.runAsync(() -> {
            try {
                faults.delay();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        faults.setLatencyMillis(60_000);
        Awaitility.await()
                .during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(2))
                .until(() -> !waiting.isDone());
        faults.reset();
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(waiting::isDone);
    }
}
