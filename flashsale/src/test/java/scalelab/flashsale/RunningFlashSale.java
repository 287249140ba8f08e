package scalelab.flashsale;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.InProcessBroker;
import scalelab.flashsale.order.InMemoryOrderStore;
import scalelab.flashsale.order.OrderStore;
import scalelab.flashsale.payment.ChargeLedger;
import scalelab.flashsale.payment.InMemoryChargeLedger;
import scalelab.testkit.TestHttp;

/** A flash sale serving HTTP on a loopback port, over the given parts; tests call it as a client would. */
final class RunningFlashSale implements AutoCloseable {
    final FlashSale sale;
    final HttpServer server;
    final TestHttp http;

    private RunningFlashSale(FlashSale sale) {
        this.sale = sale;
        this.server = HttpServer.start(
                ServerConfig.loopback("flashsale"), sale.routes().toArray(Routes[]::new));
        this.http = TestHttp.of(server.uri());
    }

    /** Serves a flash sale opened elsewhere (e.g. {@link FlashSale#open} on RabbitMQ); closing stops both. */
    static RunningFlashSale serve(FlashSale sale) {
        try {
            return new RunningFlashSale(sale);
        } catch (RuntimeException e) {
            sale.close();
            throw e;
        }
    }

    static RunningFlashSale start(FlashSaleConfig config, Broker broker, OrderStore store, ChargeLedger ledger) {
        return new RunningFlashSale(FlashSale.assemble(config, broker, store, ledger));
    }

    static RunningFlashSale start(FlashSaleConfig config, Broker broker) {
        return start(config, broker, new InMemoryOrderStore(), new InMemoryChargeLedger());
    }

    static RunningFlashSale start(FlashSaleConfig config) {
        return start(config, new InProcessBroker());
    }

    HttpResponse<String> placeSync(String body) {
        return http.post("/orders/sync", body);
    }

    HttpResponse<String> placeAsync(String body) {
        return http.post("/orders/async", body);
    }

    JsonNode metrics() {
        return json(http.get("/metrics"));
    }

    /** The order's status as GET /orders/{id} answers it. */
    String status(String orderId) {
        return json(http.get("/orders/" + orderId)).path("status").asText();
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    @Override
    public void close() {
        server.close();
        sale.close();
    }
}
