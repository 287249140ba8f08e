package scalelab.loadgen;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import scalelab.loadgen.http.HttpEngine;
import scalelab.loadgen.http.Response;

/**
 * One simulated user's side of the conversation: its connection, its own random numbers, and a place to
 * keep what it learned (an id created in {@code onStart}, say). Code tasks call {@link #call}; every
 * request, from code or not, is timed and recorded here.
 */
public final class Session {
    private static final Response FAILED = new Response(0, new byte[0]);
    private static final java.util.concurrent.Executor LATER =
            CompletableFuture.delayedExecutor(10, java.util.concurrent.TimeUnit.MILLISECONDS);

    private final int id;
    private final HttpEngine.Connection connection;
    private final RequestSink recorder;
    private final RandomGenerator random;
    private final Map<String, Object> data = new HashMap<>();
    private long firstCallFrom;

    Session(int id, HttpEngine.Connection connection, RequestSink recorder, long seed) {
        this.id = id;
        this.connection = connection;
        this.recorder = recorder;
        this.random = new SplittableRandom(seed);
    }

    /** This user's number, from 1 in spawn order. */
    public int id() {
        return id;
    }

    public RandomGenerator random() {
        return random;
    }

    /** This user's own state, kept between tasks. */
    public Map<String, Object> data() {
        return data;
    }

    /**
     * Makes a call and waits for it. A network error or timeout is recorded as a failure and answers
     * status 0 with an empty body, as Locust does. In the open model, the first call of a code task
     * counts its latency from the task's due time.
     */
    public Response call(Call call) {
        long from = firstCallFrom != 0 ? firstCallFrom : System.nanoTime();
        firstCallFrom = 0;
        return send(call, from).join();
    }

    /** The due time the next {@link #call} counts from (open model); 0 for its own send time. */
    void firstCallFrom(long nanos) {
        this.firstCallFrom = nanos;
    }

    /**
     * Sends a call; its latency counts from {@code intendedNanos} (a {@link System#nanoTime} value: the
     * send time in the closed model, the due time in the open one). Never throws and never completes
     * exceptionally: whatever goes wrong (a path function that throws, a check that throws, the
     * network) is recorded as a failed request.
     */
    CompletableFuture<Response> send(Call call, long intendedNanos) {
        CompletableFuture<Response> answer;
        try {
            answer = connection.send(call.request(random));
        } catch (RuntimeException e) {
            recorder.record(call.key(), intendedNanos, System.nanoTime(), 0, describe(e));
            // completed a little later, never inside this call: a user without think time would
            // otherwise recurse, and spin, on a request that cannot be built
            return CompletableFuture.supplyAsync(() -> FAILED, LATER);
        }
        return answer.handle((response, error) -> {
            long end = System.nanoTime();
            if (error != null) {
                recorder.record(call.key(), intendedNanos, end, 0, describe(error));
                return FAILED;
            }
            String failure;
            try {
                failure = call.failure(response);
            } catch (RuntimeException e) {
                failure = "check threw " + describe(e);
            }
            recorder.record(call.key(), intendedNanos, end, response.body().length, failure);
            return response;
        });
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    void close() {
        connection.close();
    }
}
