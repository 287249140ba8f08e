package scalelab.flashsale.worker;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.ConsumerSpec;
import scalelab.core.messaging.Delivery;
import scalelab.core.messaging.QueueSpec;
import scalelab.core.messaging.Subscription;
import scalelab.flashsale.order.Order;
import scalelab.flashsale.order.OrderDeliveryRules;
import scalelab.flashsale.order.OrderMessages;
import scalelab.flashsale.order.OrderProcessor;
import scalelab.flashsale.order.ProcessOutcome;
import scalelab.flashsale.order.UnknownOrderException;

/**
 * The worker pool: N handlers (virtual threads) on the {@code order-processing} queue, with a prefetch. For
 * each delivery: parse the order (a message that is no order is poison: dead-lettered at once), process it
 * ({@link OrderProcessor}: pay, record the final status), then ack. A failure is settled by the {@link
 * OrderDeliveryRules} the function variant shares: retried with exponential backoff; when the last allowed
 * delivery fails, the order is marked failed and the message dead-lettered. A message delivered once more than
 * the rules allow (its earlier deliveries ended unsettled: workers crashed) is given up the same way, unprocessed.
 * Acking after the work means a worker killed mid-payment loses nothing: the message is delivered again,
 * and the processor's idempotency means it is paid once.
 */
public final class OrderWorkers implements OrderConsumer {
    private static final Logger log = LoggerFactory.getLogger(OrderWorkers.class);

    private final Broker broker;
    private final QueueSpec queue;
    private final ConsumerSpec consumer;
    private final OrderProcessor processor;
    private final ProcessingStats stats;
    private final OrderDeliveryRules rules;
    private volatile Subscription subscription; // set by start, cleared by close

    public OrderWorkers(
            Broker broker,
            QueueSpec queue,
            ConsumerSpec consumer,
            OrderProcessor processor,
            ProcessingStats stats,
            OrderDeliveryRules rules) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.processor = Objects.requireNonNull(processor, "processor");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.rules = Objects.requireNonNull(rules, "rules");
        if (queue.maxDeliveries() != rules.maxDeliveries() + 1) {
            throw new IllegalArgumentException("the queue's maxDeliveries (" + queue.maxDeliveries()
                    + ") must be the rules' (" + rules.maxDeliveries() + ") + 1: the extra delivery lets a worker"
                    + " mark failed an order whose earlier deliveries ended unsettled (crashes)");
        }
    }

    /** Workers on {@link OrderMessages#PROCESSING} with the default delivery rules. */
    public static OrderWorkers of(
            Broker broker, ConsumerSpec consumer, OrderProcessor processor, ProcessingStats stats) {
        return new OrderWorkers(
                broker, OrderMessages.PROCESSING, consumer, processor, stats, OrderDeliveryRules.defaults());
    }

    @Override
    public synchronized void start() {
        if (subscription != null) {
            throw new IllegalStateException("already started");
        }
        broker.declare(queue);
        subscription = broker.consume(queue.queue(), consumer, this::handle);
        log.info("order workers started: {}", describe());
    }

    void handle(Delivery delivery) {
        Order order;
        try {
            order = OrderMessages.fromMessage(delivery.message());
        } catch (IllegalArgumentException e) {
            stats.poison();
            log.warn("poison message={} dead-lettered: {}", delivery.message().id(), e.getMessage());
            delivery.deadLetter();
            return;
        }
        if (rules.isBeyondLast(delivery)) {
            rules.giveUp(delivery, order, processor);
            stats.failed();
            log.error(
                    "order={} delivered {} times, its earlier deliveries unsettled (crashes): marked failed,"
                            + " dead-lettered",
                    order.orderId(),
                    delivery.deliveryCount());
            return;
        }
        try {
            ProcessOutcome outcome = processor.process(order);
            delivery.ack();
            if (outcome == ProcessOutcome.COMPLETED) {
                stats.completed(); // only the call that completed it: a redelivered copy is not counted again
            }
        } catch (UnknownOrderException e) {
            stats.unknown();
            log.info("order={} skipped: not in the store (its publish was refused)", order.orderId());
            delivery.ack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the message goes back to the queue unsettled
            delivery.retry(Duration.ZERO);
        } catch (Exception e) {
            failed(delivery, order, e);
        }
    }

    private void failed(Delivery delivery, Order order, Exception e) {
        int count = delivery.deliveryCount();
        if (rules.settleFailure(delivery, order, processor)) {
            stats.failed();
            log.error("order={} failed after {} deliveries, dead-lettered: {}", order.orderId(), count, e.toString());
        } else {
            stats.retried();
            log.warn(
                    "order={} delivery={} failed, retrying in {} ms: {}",
                    order.orderId(),
                    count,
                    rules.backoff(count).toMillis(),
                    e.toString());
        }
    }

    @Override
    public int inFlight() {
        Subscription current = subscription;
        return current == null ? 0 : current.inFlight();
    }

    @Override
    public int workers() {
        return consumer.concurrency();
    }

    @Override
    public String describe() {
        return consumer.concurrency() + " workers, prefetch " + consumer.prefetch() + ", queue " + queue.queue()
                + " on " + broker.describe();
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
            log.info("order workers stopped: {}", describe());
        }
    }
}
