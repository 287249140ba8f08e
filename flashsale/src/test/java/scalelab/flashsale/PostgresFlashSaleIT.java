package scalelab.flashsale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static scalelab.flashsale.RunningFlashSale.json;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.core.messaging.InProcessBroker;
import scalelab.flashsale.order.PostgresOrderStore;
import scalelab.flashsale.payment.PostgresChargeLedger;

/** The asynchronous path with orders and charges in the real PostgreSQL (the broker in process). */
class PostgresFlashSaleIT {
    private TestDatabase database;
    private RunningFlashSale running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void everyAcceptedOrderEndsCompletedAndIsPaidOnce() {
        database = TestDatabase.create();
        running = RunningFlashSale.start(
                TestOrders.config(10, Duration.ofMillis(20)),
                new InProcessBroker(),
                new PostgresOrderStore(database.db),
                new PostgresChargeLedger(database.db));
        for (int i = 1; i <= 50; i++) {
            assertThat(running.placeAsync(TestOrders.forCustomer(i)).statusCode())
                    .isEqualTo(202);
        }
        String sync = json(running.placeSync(TestOrders.twoItems()))
                .at("/order/status")
                .asText();
        assertThat(sync).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> running.metrics().get("store_completed").asLong() == 51); // 50 async + 1 sync
        var metrics = running.metrics();
        assertThat(metrics.get("accepted").asLong()).isEqualTo(50);
        assertThat(metrics.get("worker_completed").asLong()).isEqualTo(50);
        assertThat(metrics.get("charges_recorded").asLong()).isEqualTo(51);
        assertThat(metrics.get("payment_attempts_recorded").asLong())
                .as("none paid twice")
                .isEqualTo(51);
        assertThat(metrics.get("store_pending").asLong()).isZero();
    }
}
