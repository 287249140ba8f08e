package scalelab.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waits on an engine's futures in tests: never longer than {@link #WAIT}, so a hang fails instead. */
final class Await {
    /** Longest a test waits for a future that should complete. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private Await() {}

    /** The answer the future completes with. */
    static Response answer(CompletableFuture<Response> future) {
        return assertThat(future).succeedsWithin(WAIT).actual();
    }

    /** What the future fails with (the cause, unwrapped). */
    static Throwable failure(CompletableFuture<?> future) {
        return assertThat(future)
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .actual()
                .getCause();
    }
}
