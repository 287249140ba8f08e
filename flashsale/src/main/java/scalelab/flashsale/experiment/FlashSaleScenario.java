package scalelab.flashsale.experiment;

import java.time.Duration;
import java.util.Locale;
import java.util.random.RandomGenerator;
import scalelab.loadgen.Call;
import scalelab.loadgen.Scenario;
import scalelab.loadgen.Task;
import scalelab.loadgen.UserType;
import scalelab.loadgen.WaitTime;

/**
 * The flash sale's buyers, as in the original course's Locust file: each user POSTs a random order (a {@code
 * customer_id} from 1 to {@value #CUSTOMERS}, 1 to 3 items of {@code product_1} .. {@code product_100}, quantity 1
 * to 5, a price with cents) to {@code /orders/sync} or {@code /orders/async}, then thinks between(0.1, 0.5) s.
 * {@code scalelab load --scenario flashsale-sync} (or {@code flashsale-async}) against a flash-sale service.
 *
 * <p>Only the phase's success status counts as success: 200 on the sync path (paid), 202 on the async one
 * (queued); a 503 is a failure in the load report, and the experiment counts it apart.
 */
public final class FlashSaleScenario {
    /** Customer ids drawn: 1 to this. */
    static final int CUSTOMERS = 10_000;

    /** Product ids drawn: product_1 to product_(this). */
    static final int PRODUCTS = 100;

    /** The think time of the original: between(0.1, 0.5) s. */
    static final WaitTime THINK_TIME = WaitTime.between(Duration.ofMillis(100), Duration.ofMillis(500));

    static final String SYNC_PATH = "/orders/sync";
    static final String ASYNC_PATH = "/orders/async";

    /** Told of every answer: when it arrived (epoch ms), its status (0: none) and its latency. */
    @FunctionalInterface
    interface Recorder {
        void record(long answeredAtMs, int status, long latencyMicros);
    }

    private FlashSaleScenario() {}

    /** Buyers of the synchronous API (success: 200). */
    public static Scenario sync() {
        return of(SYNC_PATH, 200, (at, status, micros) -> {});
    }

    /** Buyers of the asynchronous API (success: 202). */
    public static Scenario async() {
        return of(ASYNC_PATH, 202, (at, status, micros) -> {});
    }

    static Scenario of(String path, int okStatus, Recorder recorder) {
        var call = Call.post(path, FlashSaleScenario::randomOrder).name(path).expect(okStatus);
        var user = UserType.named("buyer").waitTime(THINK_TIME).task(Task.code(1, "POST " + path, session -> {
            long start = System.nanoTime();
            var response = session.call(call);
            recorder.record(System.currentTimeMillis(), response.status(), (System.nanoTime() - start) / 1000);
        }));
        return Scenario.named(
                        "flashsale-" + (path.equals(SYNC_PATH) ? "sync" : "async"),
                        "POST a random order (1-3 items) to " + path + ", think between(0.1, 0.5) s")
                .user(user);
    }

    /** A valid order body: customer, 1 to 3 items. */
    static String randomOrder(RandomGenerator random) {
        var json = new StringBuilder("{\"customer_id\":")
                .append(1 + random.nextInt(CUSTOMERS))
                .append(",\"items\":[");
        int items = 1 + random.nextInt(3);
        for (int i = 0; i < items; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"product_id\":\"product_")
                    .append(1 + random.nextInt(PRODUCTS))
                    .append("\",\"quantity\":")
                    .append(1 + random.nextInt(5))
                    .append(",\"price\":")
                    .append(String.format(Locale.ROOT, "%d.%02d", 1 + random.nextInt(99), random.nextInt(100)))
                    .append('}');
        }
        return json.append("]}").toString();
    }
}
