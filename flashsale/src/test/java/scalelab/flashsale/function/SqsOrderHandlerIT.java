package scalelab.flashsale.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import scalelab.core.json.Json;
import scalelab.flashsale.TestDatabase;
import scalelab.flashsale.order.Order;
import scalelab.flashsale.order.OrderItem;
import scalelab.flashsale.order.OrderProcessor;
import scalelab.flashsale.order.OrderStatus;
import scalelab.flashsale.order.PostgresOrderStore;
import scalelab.flashsale.payment.PostgresChargeLedger;
import scalelab.testkit.RealServices;

/** The Lambda handler wired as Lambda builds it (from its environment) over the real PostgreSQL. */
class SqsOrderHandlerIT {
    private static SQSEvent.SQSMessage record(String messageId, String body) {
        var record = new SQSEvent.SQSMessage();
        record.setMessageId(messageId);
        record.setBody(body);
        record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        return record;
    }

    private static Order pending(int customer) {
        return new Order(
                UUID.randomUUID(),
                customer,
                OrderStatus.PENDING,
                List.of(new OrderItem("product_" + customer, 1, new BigDecimal("9.99"))),
                Instant.parse("2026-11-24T12:00:00Z"));
    }

    @Test
    void theHandlerBuiltFromItsEnvironmentPaysQueuedOrdersOnceAndSkipsUnknownOnes() throws Exception {
        try (var test = TestDatabase.create()) {
            var store = new PostgresOrderStore(test.db);
            Order first = pending(1);
            Order second = pending(2);
            store.add(first);
            store.add(second);
            Order refused = pending(3); // never stored: its publish was refused
            OrderProcessor processor = SqsOrderProcessors.fromEnvironment(Map.of(
                    "SCALELAB_DB_URL", RealServices.postgresUrl(),
                    "SCALELAB_PAYMENT_TIME", "10ms",
                    "SCALELAB_FLASHSALE_SCHEMA", test.schema()));
            var handler = new SqsOrderHandler(processor);
            var event = new SQSEvent();
            event.setRecords(List.of(
                    record("m-1", Json.write(first)),
                    record("m-2", Json.write(second)),
                    record("m-3", Json.write(refused)),
                    record("m-1-again", Json.write(first)))); // a redelivery in the same batch

            var response = handler.handleRequest(event, null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(store.find(first.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.COMPLETED);
            assertThat(store.find(second.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.COMPLETED);
            assertThat(store.find(refused.orderId())).isEmpty();
            assertThat(new PostgresChargeLedger(test.db).count()).isEqualTo(2);
        }
    }
}
