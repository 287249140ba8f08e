package scalelab.flashsale.function;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import scalelab.core.messaging.Message;
import scalelab.flashsale.order.Order;
import scalelab.flashsale.order.OrderMessages;
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

    /** The mapper a function builds for itself: a copy of core's Json ({@link OrderMessages#newMapper()}). */
    static ObjectMapper newMapper() {
        return OrderMessages.newMapper();
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
     * Reads an Order JSON body by the workers' rule, {@link OrderMessages#read}.
     *
     * @throws PoisonOrderException the body is no order by that rule
     */
    Order read(String body) throws PoisonOrderException {
        return read(mapper, body);
    }

    static Order read(ObjectMapper mapper, String body) throws PoisonOrderException {
        try {
            return OrderMessages.read(mapper, "(function event)", body);
        } catch (IllegalArgumentException e) {
            throw new PoisonOrderException(e.getMessage(), e);
        }
    }

    OrderProcessor processor() {
        return processor;
    }

    @Override
    public void close() throws Exception {
        if (processor instanceof AutoCloseable closeable) closeable.close();
    }
}
