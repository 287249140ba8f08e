package scalelab.flashsale.experiment;

import scalelab.flashsale.FlashSaleScenario;
import scalelab.loadgen.Call;
import scalelab.loadgen.Scenario;
import scalelab.loadgen.Task;
import scalelab.loadgen.UserType;
import scalelab.loadgen.http.Response;

/**
 * The experiment's buyers: {@link FlashSaleScenario}'s random orders and think time, each answer also handed to
 * a {@link Recorder} (the experiment counts 503s apart and per second). Only the phase's success status is a
 * success in the load report: 200 on the sync path, 202 on the async one.
 */
final class RecordingBuyers {
    /** Receives every answer: when it came, its status, and its latency. */
    @FunctionalInterface
    interface Recorder {
        void record(long answeredAtMs, int status, long latencyMicros);
    }

    private RecordingBuyers() {}

    /**
     * The answer's status, except a 503 {@code SHUTTING_DOWN}: that is a request still waiting (at the payment gate)
     * when its phase ended and the service stopped, counted as cut (status 0) rather than as a refused order.
     */
    static int status(Response response) {
        return response.status() == 503 && response.text().contains("\"SHUTTING_DOWN\"") ? 0 : response.status();
    }

    static Scenario of(String path, int okStatus, Recorder recorder) {
        var call = Call.post(path, FlashSaleScenario::order).name(path).expect(okStatus);
        var user = UserType.named("buyer")
                .waitTime(FlashSaleScenario.THINK_TIME)
                .task(Task.code(1, "POST " + path, session -> {
                    long start = System.nanoTime();
                    var response = session.call(call);
                    recorder.record(System.currentTimeMillis(), status(response), (System.nanoTime() - start) / 1000);
                }));
        return Scenario.named(
                        "flashsale-" + (path.equals(FlashSaleScenario.SYNC_PATH) ? "sync" : "async"),
                        "POST a random order (1-3 items) to " + path + ", think between(0.1, 0.5) s")
                .user(user);
    }
}
