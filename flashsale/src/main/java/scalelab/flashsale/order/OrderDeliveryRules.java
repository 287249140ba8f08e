package scalelab.flashsale.order;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.messaging.Delivery;

/**
 * What a consumer of the order queue does when processing an order failed — the one rule the container workers
 * and the function's event source mapping share: retry with exponential backoff, and after the last allowed
 * delivery mark the order failed ({@link OrderProcessor#fail}) and move the message to the dead-letter queue.
 *
 * <p>A delivery can also end without being settled at all: its worker crashed or restarted, its channel closed.
 * The broker counts it all the same (RabbitMQ 3.10's quorum queues do), and would dead-letter the message by
 * itself once its limit is reached, leaving the order pending for ever. So the queue allows one delivery more
 * than these rules ({@code OrderMessages.PROCESSING}: {@code maxDeliveries + 1}), and a consumer first asks
 * {@link #isBeyondLast}: a message delivered more than {@code maxDeliveries} times is not processed again but
 * {@linkplain #giveUp given up} — the order marked failed, the message dead-lettered — by the consumer.
 *
 * @param maxDeliveries deliveries in which an order is processed; the queue must allow one more
 *     ({@code QueueSpec.maxDeliveries() == maxDeliveries + 1}). Default {@value #DEFAULT_MAX_DELIVERIES} (the
 *     issue's "after 5 deliveries").
 * @param firstBackoff the wait before the 2nd delivery; each later one doubles it. Default {@link
 *     #DEFAULT_FIRST_BACKOFF}.
 * @param maxBackoff the longest wait between deliveries. Default {@link #DEFAULT_MAX_BACKOFF}.
 */
public record OrderDeliveryRules(int maxDeliveries, Duration firstBackoff, Duration maxBackoff) {
    private static final Logger log = LoggerFactory.getLogger(OrderDeliveryRules.class);

    /** Deliveries, default most per order. */
    public static final int DEFAULT_MAX_DELIVERIES = 5;

    /** Default backoff before the first redelivery. */
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(100);

    /** Default cap on the backoff. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

    public OrderDeliveryRules {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxDeliveries < 1)
            throw new IllegalArgumentException("maxDeliveries must be at least 1 but was " + maxDeliveries);
        if (firstBackoff.isNegative())
            throw new IllegalArgumentException("firstBackoff must not be negative but was " + firstBackoff);
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least firstBackoff but was " + maxBackoff);
        }
    }

    public static OrderDeliveryRules defaults() {
        return new OrderDeliveryRules(DEFAULT_MAX_DELIVERIES, DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** The wait before the next delivery after delivery number {@code deliveryCount} failed. */
    public Duration backoff(int deliveryCount) {
        int doublings = Math.min(Math.max(deliveryCount - 1, 0), 30);
        Duration wait = firstBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** True on the last delivery in which the order is processed (and beyond it). */
    public boolean isLast(Delivery delivery) {
        return delivery.deliveryCount() >= maxDeliveries;
    }

    /**
     * True when the message was delivered more than {@code maxDeliveries} times, which happens only when earlier
     * deliveries ended without being settled (crashes, restarts): check it before processing, and {@link
     * #giveUp} instead.
     */
    public boolean isBeyondLast(Delivery delivery) {
        return delivery.deliveryCount() > maxDeliveries;
    }

    /**
     * Gives the order up: {@code processor.fail(order)} (an order already final stays as it is), then
     * dead-letter. If marking the order failed throws (the store is down), the message is dead-lettered all the
     * same, and the error logged: the order then stays non-final with its message in the DLQ, where it can be
     * replayed.
     */
    public void giveUp(Delivery delivery, Order order, OrderProcessor processor) {
        try {
            processor.fail(order);
        } catch (RuntimeException e) {
            log.error("order={} could not be marked failed; dead-lettering it anyway", order.orderId(), e);
        }
        delivery.deadLetter();
    }

    /**
     * Settles a delivery whose processing failed: retry after {@link #backoff}, or, on its last allowed delivery,
     * {@link #giveUp}.
     *
     * @return true if the message was dead-lettered
     */
    public boolean settleFailure(Delivery delivery, Order order, OrderProcessor processor) {
        if (!isLast(delivery)) {
            delivery.retry(backoff(delivery.deliveryCount()));
            return false;
        }
        giveUp(delivery, order, processor);
        return true;
    }
}
