package scalelab.flashsale.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import scalelab.core.json.Json;
import scalelab.core.messaging.Message;
import scalelab.flashsale.order.OrderMessages;

/** A body is poison for the workers exactly when it is for the function: they read orders by one rule. */
class PoisonBodiesTest {
    private static final String ORDER = Json.write(TestOrders.pending());

    static Stream<String> poisonBodies() {
        return Stream.of(
                "not json {",
                ORDER + "xyz", // trailing content
                ORDER + " {}", // a second value
                ORDER.replaceFirst("\\{", "{\"order_id\":\"" + java.util.UUID.randomUUID() + "\","), // a key twice
                ORDER.replaceFirst("\"status\":\"pending\",", ""), // no status
                ORDER.replaceFirst(",\"created_at\":\"[^\"]*\"", ""), // no created_at
                ORDER.replaceFirst("\"items\":\\[", "\"items\":[null,"), // a null item
                ORDER.replaceFirst(",\"price\":9.99", ""), // an item without a price
                ORDER.replaceFirst("\"items\":\\[.*\\]", "\"items\":[]"), // no items
                "{\"order_id\":null}",
                "null");
    }

    @ParameterizedTest
    @MethodSource("poisonBodies")
    void aBodyTheWorkersRefuseIsPoisonForTheFunctionToo(String body) {
        var message = new Message("m-1", body.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> OrderMessages.fromMessage(message))
                .as("workers")
                .isInstanceOf(IllegalArgumentException.class);

        var function = new OrderFunction(OrderFunction.newMapper(), new FakeProcessor());
        assertThatThrownBy(() -> function.handle(message)).as("function").isInstanceOf(PoisonOrderException.class);

        var record = new SQSEvent.SQSMessage();
        record.setMessageId("m-1");
        record.setBody(body);
        var event = new SQSEvent();
        event.setRecords(List.of(record));
        var response = new SqsOrderHandler(new FakeProcessor()).handleRequest(event, null);
        assertThat(response.getBatchItemFailures()).as("lambda handler").hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("poisonBodies")
    void thePoisonBodiesAreBuiltFromAValidOrder(String body) {
        assertThat(OrderMessages.fromMessage(new Message("ok", ORDER.getBytes(StandardCharsets.UTF_8))))
                .isNotNull();
        assertThat(body).isNotEqualTo(ORDER);
    }
}
