package scalelab.flashsale.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Lambda handler on sample SQS events shaped as AWS documents them (src/test/resources/sqs-event-*.json). */
class SqsOrderHandlerTest {
    private static final UUID FIRST = UUID.fromString("6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f");
    private static final UUID SECOND = UUID.fromString("8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d");
    private static final UUID THIRD = UUID.fromString("c3d2e1f0-a9b8-4c7d-b6e5-f4a3b2c1d0e9");

    /** What the Lambda Java runtime's serialiser does for us: property names matched without case. */
    private static final ObjectMapper EVENTS = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final FakeProcessor processor = new FakeProcessor();
    private final SqsOrderHandler handler = new SqsOrderHandler(processor);

    static SQSEvent event(String resource) throws IOException {
        try (InputStream in = SqsOrderHandlerTest.class.getResourceAsStream("/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return EVENTS.readValue(in, SQSEvent.class);
        }
    }

    private static String failedIds(SQSBatchResponse response) {
        return String.join(
                ",",
                response.getBatchItemFailures().stream()
                        .map(BatchItemFailure::getItemIdentifier)
                        .toList());
    }

    @Test
    void theSampleEventMapsEveryDocumentedField() throws Exception {
        SQSEvent event = event("sqs-event-orders.json");

        assertThat(event.getRecords()).hasSize(3);
        SQSMessage first = event.getRecords().getFirst();
        assertThat(first.getMessageId()).isEqualTo("059f36b4-87a3-44ab-83d2-661975830a7d");
        assertThat(first.getReceiptHandle()).startsWith("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a");
        assertThat(first.getBody()).startsWith("{\"order_id\":\"" + FIRST + "\"");
        assertThat(first.getAttributes())
                .containsEntry("ApproximateReceiveCount", "1")
                .containsEntry("SentTimestamp", "1795515330123");
        assertThat(first.getMessageAttributes().get("source").getStringValue()).isEqualTo("flashsale-api");
        assertThat(first.getMessageAttributes().get("source").getDataType()).isEqualTo("String");
        assertThat(first.getEventSource()).isEqualTo("aws:sqs");
        assertThat(first.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:order-processing");
        assertThat(first.getAwsRegion()).isEqualTo("us-east-1");
        for (SQSMessage record : event.getRecords()) { // the sample is self-consistent, as SQS's would be
            byte[] md5 =
                    MessageDigest.getInstance("MD5").digest(record.getBody().getBytes(StandardCharsets.UTF_8));
            assertThat(record.getMd5OfBody()).isEqualTo(HexFormat.of().formatHex(md5));
        }
    }

    @Test
    void aBatchOfGoodOrdersAllSucceedWithNoItemFailures() throws Exception {
        SQSBatchResponse response = handler.handleRequest(event("sqs-event-orders.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(processor.processed).containsExactly(FIRST, SECOND, THIRD);
    }

    @Test
    void theOrderBodyIsReadWithItsItemsAndPrices() throws Exception {
        handler.handleRequest(event("sqs-event-orders.json"), null);

        assertThat(processor.orders.get(1).customerId()).isEqualTo(2048);
        assertThat(processor.orders.get(1).total()).isEqualByComparingTo(new BigDecimal("262.50"));
    }

    @Test
    void aPoisonBodyIsTheOnlyItemFailureAndTheOthersSucceed() throws Exception {
        SQSBatchResponse response = handler.handleRequest(event("sqs-event-one-poison.json"), null);

        assertThat(failedIds(response)).isEqualTo("2e1424d4-f796-459a-8184-9c92662be6da");
        assertThat(processor.processed).containsExactly(FIRST, THIRD);
    }

    @Test
    void aRecordWhoseProcessingFailsIsTheOnlyItemFailure() throws Exception {
        processor.failing.add(THIRD);

        SQSBatchResponse response = handler.handleRequest(event("sqs-event-orders.json"), null);

        assertThat(failedIds(response)).isEqualTo("e5b0a1f2-3c4d-4e5f-8a9b-0c1d2e3f4a5b");
        assertThat(processor.processed).containsExactly(FIRST, SECOND);
    }

    @Test
    void anEmptyBatchSucceedsWithNoItemFailures() throws Exception {
        assertThat(handler.handleRequest(event("sqs-event-empty.json"), null).getBatchItemFailures())
                .isEmpty();
        assertThat(handler.handleRequest(new SQSEvent(), null).getBatchItemFailures())
                .isEmpty();
        assertThat(processor.processed).isEmpty();
    }

    @Test
    void theResponseSerialisesAsLambdaExpectsIt() throws Exception {
        processor.failing.add(FIRST);
        SQSBatchResponse response = handler.handleRequest(event("sqs-event-orders.json"), null);

        assertThat(new ObjectMapper().writeValueAsString(response))
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"059f36b4-87a3-44ab-83d2-661975830a7d\"}]}");
    }

    @Test
    void theNoArgumentConstructorNeedsTheDatabaseUrlAndAValidPaymentTime() {
        assertThatThrownBy(() -> SqsOrderProcessors.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SCALELAB_DB_URL is not set");
        assertThatThrownBy(() -> SqsOrderProcessors.fromEnvironment(
                        Map.of("SCALELAB_DB_URL", "jdbc:postgresql://db/test", "SCALELAB_PAYMENT_TIME", "soon")))
                .hasMessageContaining("SCALELAB_PAYMENT_TIME: not a duration");
        assertThat(SqsOrderProcessors.paymentTime(null)).isEqualTo(Duration.ofSeconds(3));
        assertThat(SqsOrderProcessors.paymentTime("250ms")).isEqualTo(Duration.ofMillis(250));
    }
}
