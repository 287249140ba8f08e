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
    private static final byte[] NOTHING = new byte[0];

    private final int id;
    private final HttpEngine.Connection connection;
    private final RequestSink recorder;
    private final RandomGenerator random;
    private final Map<String, Object> data = new HashMap<>();

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
     * status 0 with an empty body, as Locust does.
     */
    public Response call(Call call) {
        return send(call, System.nanoTime()).join();
    }

    /**
     * Sends a call; its latency counts from {@code intendedNanos} (a {@link System#nanoTime} value: the
     * send time in the closed model, the scheduled time in the open one). Never completes exceptionally.
     */
    CompletableFuture<Response> send(Call call, long intendedNanos) {
        var request = call.request(random);
        return connection.send(request).handle((response, error) -> {
            long end = System.nanoTime();
            if (error != null) {
                recorder.record(call.key(), intendedNanos, end, 0, describe(error));
                return new Response(0, NOTHING);
            }
            recorder.record(call.key(), intendedNanos, end, response.body().length, call.failure(response));
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
