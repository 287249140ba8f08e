package scalelab.flashsale;

import java.time.Duration;
import java.util.random.RandomGenerator;
import scalelab.loadgen.Call;
import scalelab.loadgen.Scenario;
import scalelab.loadgen.UserType;
import scalelab.loadgen.WaitTime;

/**
 * The flash sale's load scenarios, as the original course's Locust file: buyers that place one random order
 * after another with between(0.1, 0.5) s of think time. {@code scalelab load --scenario flashsale-async}
 * posts to {@code /orders/async} (a success is 202 with the order {@code pending}); {@code
 * flashsale-sync} to {@code /orders/sync} (a success is 200 with the order {@code completed}: a 503
 * {@code PAYMENT_BUSY} counts as a failure, which is the point of the synchronous phase).
 *
 * <p>An order is {@code customer_id} 1 to {@value #CUSTOMERS} and 1 to 3 items, each {@code product_N} (N
 * 1 to {@value #PRODUCTS}), quantity 1 to 5 and a price from 10.00 to 100.00, all drawn per request from
 * the user's random generator (so a seeded run repeats its orders).
 */
public final class FlashSaleScenario {
    /** Customer ids drawn: 1 to this. */
    public static final int CUSTOMERS = 10_000;
    /** Product ids drawn: product_1 to product_this. */
    public static final int PRODUCTS = 100;
    /** Most items in one drawn order. */
    public static final int MAX_ITEMS = 3;

    /** The think time of the original: between(0.1, 0.5) s. */
    public static final WaitTime THINK_TIME = WaitTime.between(Duration.ofMillis(100), Duration.ofMillis(500));

    /** The asynchronous order endpoint. */
    public static final String ASYNC_PATH = "/orders/async";
    /** The synchronous order endpoint. */
    public static final String SYNC_PATH = "/orders/sync";

    private FlashSaleScenario() {}

    /** Buyers of the asynchronous API: {@code POST /orders/async}, 202 expected. */
    public static Scenario async() {
        return async(THINK_TIME);
    }

    /** Buyers of the asynchronous API with another think time. */
    public static Scenario async(WaitTime waitTime) {
        var user = UserType.named("flashsale-async-buyer").waitTime(waitTime).task(1, asyncOrder());
        return Scenario.named("flashsale-async", "random orders to POST " + ASYNC_PATH + " (202 expected)")
                .user(user);
    }

    /** Buyers of the synchronous API: {@code POST /orders/sync}, 200 expected (503 is a failure). */
    public static Scenario sync() {
        return sync(THINK_TIME);
    }

    /** Buyers of the synchronous API with another think time. */
    public static Scenario sync(WaitTime waitTime) {
        var user = UserType.named("flashsale-sync-buyer").waitTime(waitTime).task(1, syncOrder());
        return Scenario.named("flashsale-sync", "random orders to POST " + SYNC_PATH + " (200 expected)")
                .user(user);
    }

    /** {@code POST /orders/async} of a random order: 202 with the order pending. */
    public static Call asyncOrder() {
        return Call.post(ASYNC_PATH, FlashSaleScenario::order)
                .expect(202)
                .check(r -> r.text().contains("\"status\":\"pending\""), "the accepted order is not pending");
    }

    /** {@code POST /orders/sync} of a random order: 200 with the order completed. */
    public static Call syncOrder() {
        return Call.post(SYNC_PATH, FlashSaleScenario::order)
                .expect(200)
                .check(r -> r.text().contains("\"status\":\"completed\""), "the paid order is not completed");
    }

    /** A valid order body: a customer and 1 to {@value #MAX_ITEMS} items, drawn from {@code random}. */
    public static String order(RandomGenerator random) {
        var body = new StringBuilder(64 + 72 * MAX_ITEMS);
        body.append("{\"customer_id\":").append(1 + random.nextInt(CUSTOMERS)).append(",\"items\":[");
        int items = 1 + random.nextInt(MAX_ITEMS);
        for (int i = 0; i < items; i++) {
            int cents = 1000 + random.nextInt(9001); // 10.00 to 100.00
            body.append(i == 0 ? "" : ",")
                    .append("{\"product_id\":\"product_")
                    .append(1 + random.nextInt(PRODUCTS))
                    .append("\",\"quantity\":")
                    .append(1 + random.nextInt(5))
                    .append(",\"price\":")
                    .append(cents / 100)
                    .append('.')
                    .append(cents % 100 < 10 ? "0" : "")
                    .append(cents % 100)
                    .append('}');
        }
        return body.append("]}").toString();
    }
}
