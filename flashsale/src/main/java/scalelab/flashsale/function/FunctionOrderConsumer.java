package scalelab.flashsale.function;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.ConsumerSpec;
import scalelab.core.messaging.Delivery;
import scalelab.core.messaging.Message;
import scalelab.core.messaging.Subscription;
import scalelab.flashsale.order.Order;
import scalelab.flashsale.order.OrderDeliveryRules;
import scalelab.flashsale.order.OrderMessages;
import scalelab.flashsale.order.OrderProcessor;
import scalelab.flashsale.order.ProcessOutcome;
import scalelab.flashsale.order.UnknownOrderException;
import scalelab.flashsale.worker.OrderConsumer;
import scalelab.flashsale.worker.ProcessingStats;

/**
 * The function's event source mapping (Lambda's SQS poller): consumes the order queue with as many concurrent
 * deliveries as the function's concurrency limit and invokes the {@link OrderFunction} under a {@link
 * FunctionRuntime} with each message.
 *
 * <ul>
 *   <li>Success: ack.
 *   <li>A body that is no order (poison): dead-lettered at once.
 *   <li>The function failed, or was throttled: retried with backoff; after the last allowed delivery the order is
 *       marked failed and the message dead-lettered — the same {@link OrderDeliveryRules} as the container
 *       workers. A throttled attempt uses up a delivery, as a throttled SQS message's receive count goes up.
 *   <li>A message delivered more often than the rules allow (earlier deliveries ended unsettled: crashes) is
 *       not invoked again: the order is marked failed and the message dead-lettered.
 * </ul>
 *
 * <p>Marking an order failed happens here, outside the function (as a DLQ handler would on AWS), with one
 * processor built from the same supplier the first time it is needed.
 */
public final class FunctionOrderConsumer implements OrderConsumer {
    private static final Logger log = LoggerFactory.getLogger(FunctionOrderConsumer.class);

    private final Broker broker;
    private final String queue;
    private final Supplier<? extends OrderProcessor> processors;
    private final FunctionRuntime<Message, ProcessOutcome> runtime;
    private final OrderDeliveryRules rules;
    private final ProcessingStats stats;
    private volatile Subscription subscription; // set by start()
    private OrderProcessor failing; // built on first need, guarded by this

    // Counters for /metrics, written by the delivery threads.
    private final LongAdder received = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    /**
     * A consumer whose function runs under a runtime with a background sweeper, with the default delivery rules
     * (5 deliveries; the queue must allow one more, as {@code OrderMessages.PROCESSING} does).
     *
     * @param processors the function's init builds its processor with this (once per cold start)
     */
    public FunctionOrderConsumer(
            Broker broker,
            String queue,
            Supplier<? extends OrderProcessor> processors,
            FunctionConfig config,
            ProcessingStats stats) {
        this(
                broker,
                queue,
                processors,
                FunctionRuntime.start("orders", config, OrderFunction.init(processors)),
                OrderDeliveryRules.defaults(),
                stats);
    }

    /** Full control: the runtime (e.g. on a manual ticker) and the delivery rules. */
    public FunctionOrderConsumer(
            Broker broker,
            String queue,
            Supplier<? extends OrderProcessor> processors,
            FunctionRuntime<Message, ProcessOutcome> runtime,
            OrderDeliveryRules rules,
            ProcessingStats stats) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.processors = Objects.requireNonNull(processors, "processors");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /** Starts consuming the (declared) queue, {@code concurrencyLimit} deliveries at a time. */
    @Override
    public synchronized void start() {
        if (subscription != null) throw new IllegalStateException("already started");
        int concurrency = runtime.config().concurrencyLimit();
        subscription = broker.consume(queue, ConsumerSpec.of(concurrency), this::handle);
        log.info("function consumer started: queue={} concurrency={} {}", queue, concurrency, runtime.config());
    }

    /** Handles one delivery; it always settles it. */
    void handle(Delivery delivery) throws InterruptedException {
        received.increment();
        Message message = delivery.message();
        if (rules.isBeyondLast(delivery)) {
            giveUp(delivery);
            return;
        }
        try {
            ProcessOutcome outcome = runtime.invoke(message);
            delivery.ack();
            if (outcome == ProcessOutcome.COMPLETED) {
                stats.completed(); // only the invocation that completed it: not a copy of a final order
            }
            return;
        } catch (FunctionThrottledException e) {
            throttled.increment();
            log.debug("order={} throttled (delivery {})", message.id(), delivery.deliveryCount());
        } catch (FunctionInvocationException e) {
            if (e.getCause() instanceof PoisonOrderException) {
                deadLetterPoison(delivery, e.getCause());
                return;
            }
            if (e.getCause() instanceof UnknownOrderException) {
                stats.unknown(); // its publish was refused: the client got a 503, never pay for it
                log.info("order={} skipped: not in the store (its publish was refused)", message.id());
                delivery.ack();
                return;
            }
            failedAttempts.increment();
            log.debug("order={} failed (delivery {}): {}", message.id(), delivery.deliveryCount(), e.getMessage());
        }
        Order order;
        try {
            order = OrderMessages.fromMessage(message);
        } catch (IllegalArgumentException e) { // only seen here when the function never ran (throttled)
            deadLetterPoison(delivery, e);
            return;
        }
        boolean last = rules.isLast(delivery);
        if (rules.settleFailure(delivery, order, last ? failingProcessor() : null)) {
            deadLettered.increment();
            stats.failed();
            log.warn(
                    "order={} failed after {} deliveries: marked failed, dead-lettered",
                    order.orderId(),
                    delivery.deliveryCount());
        } else {
            stats.retried();
        }
    }

    /**
     * A message delivered more than the rules allow: its earlier deliveries ended unsettled (the process
     * crashed or restarted). Not invoked again: the order is marked failed and the message dead-lettered.
     */
    private void giveUp(Delivery delivery) {
        Order order;
        try {
            order = OrderMessages.fromMessage(delivery.message());
        } catch (IllegalArgumentException e) {
            deadLetterPoison(delivery, e);
            return;
        }
        rules.giveUp(delivery, order, failingProcessor());
        deadLettered.increment();
        stats.failed();
        log.warn(
                "order={} delivered {} times, its earlier deliveries unsettled (crashes): marked failed,"
                        + " dead-lettered",
                order.orderId(),
                delivery.deliveryCount());
    }

    private void deadLetterPoison(Delivery delivery, Throwable why) {
        stats.poison();
        deadLettered.increment();
        delivery.deadLetter();
        log.warn("message={} is no order, dead-lettered: {}", delivery.message().id(), why.getMessage());
    }

    private synchronized OrderProcessor failingProcessor() {
        if (failing == null) failing = processors.get();
        return failing;
    }

    public FunctionStats functionStats() {
        return runtime.stats();
    }

    @Override
    public int inFlight() {
        Subscription current = subscription;
        return current == null ? 0 : current.inFlight();
    }

    /** The function's concurrency limit: the most orders it processes at once. */
    @Override
    public int workers() {
        return runtime.config().concurrencyLimit();
    }

    @Override
    public String describe() {
        return "a function (concurrency limit " + workers() + ", "
                + runtime.config().memoryMb() + " MB), queue " + queue + " on " + broker.describe();
    }

    /**
     * Counters for /metrics, snake_case: the consumer's own, then the function's ({@code function_*}). Completed,
     * retried, poison and failed orders are in the shared {@link ProcessingStats}.
     */
    public Map<String, Object> metrics() {
        var out = new LinkedHashMap<String, Object>();
        out.put("function_deliveries", received.sum());
        out.put("function_failed_attempts", failedAttempts.sum());
        out.put("function_throttled_deliveries", throttled.sum());
        out.put("function_dead_lettered", deadLettered.sum());
        FunctionStats f = runtime.stats();
        out.put("function_invocations", f.invocations());
        out.put("function_errors", f.errors());
        out.put("function_throttles", f.throttles());
        out.put("function_cold_starts", f.coldStarts());
        out.put("function_init_failures", f.initFailures());
        out.put("function_concurrent_executions", f.concurrentExecutions());
        out.put("function_peak_concurrent_executions", f.peakConcurrentExecutions());
        out.put("function_environments_alive", f.environmentsAlive());
        out.put("function_environments_reclaimed", f.environmentsReclaimed());
        out.put("function_init_total_ms", f.initTotalMillis());
        out.put("function_init_p50_ms", f.initP50Millis());
        out.put("function_init_max_ms", f.initMaxMillis());
        out.put("function_extra_init_total_ms", f.extraInitTotalMillis());
        out.put("function_cold_invocation_p50_ms", f.coldInvocationP50Millis());
        out.put("function_warm_invocation_p50_ms", f.warmInvocationP50Millis());
        out.put("function_billed_duration_ms", f.billedDurationMillis());
        out.put("function_billed_init_ms", f.billedInitMillis());
        out.put("function_billed_gb_seconds", f.billedGbSeconds());
        out.put("function_memory_mb", runtime.config().memoryMb());
        out.put("function_concurrency_limit", runtime.config().concurrencyLimit());
        return out;
    }

    /** Stops consuming (unsettled deliveries go back to the queue) and reclaims the function's environments. */
    @Override
    public synchronized void close() {
        Subscription current = subscription;
        subscription = null;
        if (current != null) current.close();
        runtime.close();
    }
}
