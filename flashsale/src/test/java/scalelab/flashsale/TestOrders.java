package scalelab.flashsale;

import java.time.Duration;

/** Small factories for order bodies and configs. */
final class TestOrders {
    private TestOrders() {}

    /** A valid order body: customer 42, two items, total 2 x 9.99 + 1 x 100 = 119.98. */
    static String twoItems() {
        return "{\"customer_id\":42,\"items\":[{\"product_id\":\"product_12\",\"quantity\":2,\"price\":9.99},"
                + "{\"product_id\":\"product_7\",\"quantity\":1,\"price\":100}]}";
    }

    static String forCustomer(int customerId) {
        return "{\"customer_id\":" + customerId + ",\"items\":[{\"product_id\":\"p" + customerId
                + "\",\"quantity\":1,\"price\":5.25}]}";
    }

    /** In-process broker, memory, the given workers, short payments, a short sync timeout. */
    static FlashSaleConfig config(int workers, Duration paymentTime) {
        return FlashSaleConfig.defaults()
                .withWorkers(workers, workers)
                .withPaymentTime(paymentTime)
                .withSync(Duration.ofSeconds(5), 1)
                .withPublishTimeout(Duration.ofSeconds(1));
    }
}
