package scalelab.flashsale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static scalelab.flashsale.RunningFlashSale.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scalelab.flashsale.order.OrderDeliveryRules;
import scalelab.testkit.RabbitVhost;
import scalelab.testkit.TcpProxy;

/**
 * Orders whose every delivery is cut mid-payment on the real RabbitMQ (the worker's connection dies, as when a
 * worker crashes or restarts): RabbitMQ 3.10 counts each such return as a delivery, so the queue would
 * dead-letter the message by itself; the flash sale must still mark the order failed. Its own throwaway vhost;
 * orders in memory.
 */
class CrashLoopIT {
    /** Longer than the test: every delivery is still paying when its connection is cut. */
    private static final Duration PAYMENT_TIME = Duration.ofSeconds(90);

    private RabbitVhost vhost;
    private TcpProxy proxy;
    private RunningFlashSale running;

    @BeforeEach
    void isolate() {
        vhost = RabbitVhost.create();
        URI rabbit = URI.create(vhost.url());
        proxy = TcpProxy.to(rabbit.getHost(), rabbit.getPort() < 0 ? 5672 : rabbit.getPort());
    }

    @AfterEach
    void cleanUp() {
        if (running != null) {
            running.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (vhost != null) {
            vhost.close();
        }
    }

    @Test
    void anOrderWhoseDeliveriesAreAllCutMidPaymentEndsFailedWithItsMessageInTheDeadLetterQueue() {
        URI rabbit = URI.create(vhost.url());
        String viaProxy = rabbit.getScheme() + "://" + rabbit.getRawUserInfo() + "@" + proxy.host() + ":" + proxy.port()
                + rabbit.getRawPath();
        // each cut leaves its deliveries' handlers waiting out their payment, each holding a worker: 5 x 2 + 2 needed
        var config = FlashSaleConfig.defaults()
                .withStorage(viaProxy, "")
                .withWorkers(20, 20)
                .withPaymentTime(PAYMENT_TIME)
                .withPublishTimeout(Duration.ofSeconds(2));
        running = RunningFlashSale.serve(FlashSale.open(config));
        int orders = 2;
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= orders; i++) {
            HttpResponse<String> response = running.placeAsync(TestOrders.forCustomer(i));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            ids.add(json(response).at("/order/order_id").asText());
        }

        for (int cut = 1; cut <= OrderDeliveryRules.DEFAULT_MAX_DELIVERIES; cut++) {
            long inPayment = (long) cut * orders;
            var gateway = running.sale.gateway();
            // delivery 1 claims the payment and pays; each later one finds that live claim (the cut handler
            // still holds it) and waits on it: either way, it is inside the payment when its connection is cut
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .alias("delivery " + cut + " of each order is in its payment")
                    .until(() -> gateway.paymentsStarted() + gateway.waitedForAnotherPayer() == inPayment);
            proxy.cut(); // mid-payment: the deliveries go back to the queue unacked, each counted
            proxy.restore(); // the connection recovers, the consumer with it
        }

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(ids)
                        .allSatisfy(id -> assertThat(running.status(id)).isEqualTo("failed")));
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> assertThat(running.metrics().path("dead_lettered").asLong())
                                .isEqualTo(orders));
        JsonNode metrics = running.metrics();
        assertThat(metrics.get("store_pending").asLong()).isZero();
        assertThat(metrics.get("store_processing").asLong()).isZero();
        assertThat(metrics.get("store_failed").asLong()).isEqualTo(orders);
        assertThat(metrics.get("queue_depth").asLong()).isZero();
        assertThat(metrics.get("charges").asLong())
                .as("no cut payment finished")
                .isZero();
        assertThat(running.sale.gateway().paymentsStarted())
                .as("one payment per order: the redeliveries waited on its claim, the one beyond the last gave up")
                .isEqualTo(orders);
        assertThat(running.sale.gateway().waitedForAnotherPayer())
                .isEqualTo((long) (OrderDeliveryRules.DEFAULT_MAX_DELIVERIES - 1) * orders);
    }
}
