package scalelab.flashsale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.core.messaging.InProcessBroker;
import scalelab.flashsale.order.InMemoryOrderStore;
import scalelab.flashsale.payment.InMemoryChargeLedger;
import scalelab.testkit.TestHttp;

/** The worker process's health server: health and metrics for the probes, never an order path. */
class WorkerRoutesTest {
    @Test
    void aWorkerAnswersHealthAndMetricsButTakesNoOrders() {
        try (var sale = FlashSale.assemble(
                        TestOrders.config(1, Duration.ofMillis(10)),
                        new InProcessBroker(),
                        new InMemoryOrderStore(),
                        new InMemoryChargeLedger());
                var server = HttpServer.start(
                        ServerConfig.loopback("flashsale-worker"),
                        FlashSaleApp.workerRoutes(sale).toArray(Routes[]::new))) {
            var http = TestHttp.of(server.uri());

            var health = http.get("/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(Json.read(health.body(), JsonNode.class)
                            .get("broker_reachable")
                            .asBoolean())
                    .isTrue();
            assertThat(Json.read(http.get("/metrics").body(), JsonNode.class).has("worker_completed"))
                    .isTrue();
            assertThat(http.post("/orders/async", TestOrders.twoItems()).statusCode())
                    .isEqualTo(404);
        }
    }
}
