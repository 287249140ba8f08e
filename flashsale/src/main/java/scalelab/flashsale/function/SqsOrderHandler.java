package scalelab.flashsale.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.flashsale.order.OrderProcessor;
import scalelab.flashsale.order.UnknownOrderException;

/**
 * The order function as a real AWS Lambda handler behind an SQS event source mapping (the queue subscribed to
 * the SNS {@code orders} topic with raw message delivery, so each record's body is one Order JSON).
 *
 * <p>It reports a <b>partial batch response</b>: every record whose body is no order, or whose processing threw,
 * is listed by its {@code messageId} in {@link SQSBatchResponse#getBatchItemFailures()}; SQS deletes the others
 * and makes only the listed ones visible again (after the visibility timeout), until the queue's redrive policy
 * moves them to the dead-letter queue after {@code maxReceiveCount} receives. The event source mapping must
 * have {@code FunctionResponseTypes: ["ReportBatchItemFailures"]}, or SQS ignores the list and retries the whole
 * batch. Records are processed one after another; processing is idempotent by order id, so a retried batch
 * never pays twice.
 *
 * <p>Deploy: handler {@code scalelab.flashsale.function.SqsOrderHandler::handleRequest}, Java 21 runtime.
 * Everything the constructor builds (mapper, processor, its database pool) is the function's INIT phase, paid
 * once per cold start and reused while the environment is warm.
 */
public final class SqsOrderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger log = LoggerFactory.getLogger(SqsOrderHandler.class);

    /** Environment variable: the PostgreSQL JDBC URL of the shared order store and payment ledger. */
    public static final String DB_URL_VARIABLE = "SCALELAB_DB_URL";

    /** Environment variable: how long one payment takes, e.g. {@code 3s} (default 3 s). */
    public static final String PAYMENT_TIME_VARIABLE = "SCALELAB_PAYMENT_TIME";

    /** Environment variable: the schema of the order and charge tables (default {@code flashsale}). */
    public static final String SCHEMA_VARIABLE = SqsOrderProcessors.SCHEMA_VARIABLE;

    private final OrderFunction function;

    /**
     * What Lambda calls: builds the processor from {@value #DB_URL_VARIABLE} and {@value #PAYMENT_TIME_VARIABLE}.
     *
     * @throws IllegalStateException a variable is missing or malformed
     */
    public SqsOrderHandler() {
        this(SqsOrderProcessors.fromEnvironment(System.getenv()));
    }

    /** A handler over the given processor (tests, or a custom wiring). */
    public SqsOrderHandler(OrderProcessor processor) {
        this.function = new OrderFunction(OrderFunction.newMapper(), Objects.requireNonNull(processor, "processor"));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSMessage record : records) {
            try {
                function.process(record.getBody() == null ? "" : record.getBody());
            } catch (UnknownOrderException e) {
                // its publish was refused (the client got a 503): never pay for it, and do not retry it
                log.info("message={} skipped: {}", record.getMessageId(), e.getMessage());
            } catch (PoisonOrderException e) {
                log.warn("message={} is no order: {}", record.getMessageId(), e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                log.warn(
                        "message={} failed (receive {}): {}",
                        record.getMessageId(),
                        receiveCount(record),
                        e.toString());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static String receiveCount(SQSMessage record) {
        Map<String, String> attributes = record.getAttributes();
        return attributes == null ? "?" : attributes.getOrDefault("ApproximateReceiveCount", "?");
    }
}
