package scalelab.flashsale.function;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import scalelab.core.messaging.Message;
import scalelab.flashsale.order.Order;
import scalelab.flashsale.order.OrderProcessor;
import scalelab.flashsale.order.ProcessOutcome;

/**
 * The order function's handler: reads the Order JSON of one message with its own Jackson mapper and hands it to
 * its own {@link OrderProcessor}. Both are built by {@link #init}, i.e. once per cold start, as a Lambda builds
 * its clients outside the handler method; that is the real work a cold start measures. A processor that is
 * {@link AutoCloseable} is closed with the environment.
 */
public final class OrderFunction implements FunctionHandler<Message, ProcessOutcome>, AutoCloseable {
    private final ObjectMapper mapper;
    private final OrderProcessor processor;

    OrderFunction(ObjectMapper mapper, OrderProcessor processor) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.processor = Objects.requireNonNull(processor, "processor");
    }

    /** The function's init: a new mapper (module registration, class loading) and a processor from {@code processors}. */
    public static Supplier<FunctionHandler<Message, ProcessOutcome>> init(
            Supplier<? extends OrderProcessor> processors) {
        Objects.requireNonNull(processors, "processors");
        return () -> new OrderFunction(newMapper(), processors.get());
    }

    /** The mapper a function builds for itself: the same settings as core's Json (unknown fields ignored). */
    static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    /**
     * Processes the order in the message body.
     *
     * @return whether this invocation completed the order
     * @throws PoisonOrderException the body is no order
     * @throws Exception the processor's transient failure
     */
    @Override
    public ProcessOutcome handle(Message message) throws Exception {
        return process(new String(message.body(), StandardCharsets.UTF_8));
    }

    /** Reads and processes one Order JSON body; tells whether this call completed the order. */
    ProcessOutcome process(String body) throws Exception {
        return processor.process(read(body));
    }

    /**
     * Reads an Order JSON body.
     *
     * @throws PoisonOrderException malformed JSON, or no {@code order_id}, or no items
     */
    Order read(String body) throws PoisonOrderException {
        return read(mapper, body);
    }

    static Order read(ObjectMapper mapper, String body) throws PoisonOrderException {
        Order order;
        try {
            order = mapper.readValue(body, Order.class);
        } catch (IOException | RuntimeException e) {
            throw new PoisonOrderException("not an order: " + e.getMessage(), e);
        }
        if (order == null || order.orderId() == null || order.items().isEmpty()) {
            throw new PoisonOrderException("not an order: no order_id or no items", null);
        }
        return order;
    }

    OrderProcessor processor() {
        return processor;
    }

    @Override
    public void close() throws Exception {
        if (processor instanceof AutoCloseable closeable) closeable.close();
    }
}
