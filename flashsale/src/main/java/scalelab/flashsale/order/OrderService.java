package scalelab.flashsale.order;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.BrokerUnavailableException;
import scalelab.flashsale.order.OrderInput.NewOrder;
import scalelab.flashsale.payment.PaymentGate;
import scalelab.flashsale.payment.PaymentGateway;

/**
 * Takes orders, the two ways of the flash sale.
 *
 * <ul>
 *   <li>{@link #placeSync}: record the order, wait for a turn at the {@link PaymentGate} (at most the sync
 *       timeout), pay, complete. The caller waits for all of it; under load it waits in line, then gets
 *       {@link PaymentBusyException}, and the order is removed (it was never accepted).
 *   <li>{@link #placeAsync}: record the order as pending and publish it to the {@code orders} topic; return
 *       once the broker confirmed it. A publish the broker refused or did not confirm removes the order
 *       again ({@link QueueUnavailableException}) unless a worker already took it, which proves it landed.
 * </ul>
 */
public final class OrderService {
    private static final Logger log = LoggerFactory.getLogger(OrderService.class);

    /** Default longest wait of a synchronous order for its turn at the payment gate: 30 s. */
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(30);
    /** Default longest wait for the broker's confirm of an asynchronous order: 5 s. */
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    private final OrderStore store;
    private final PaymentGate gate;
    private final PaymentGateway gateway;
    private final Broker broker;
    private final Duration syncTimeout;
    private final Duration publishTimeout;
    private final Clock clock;
    // counters of this API process, written by the place* methods
    private final LongAdder accepted = new LongAdder();
    private final LongAdder asyncRejected = new LongAdder();
    private final LongAdder syncCompleted = new LongAdder();
    private final LongAdder syncRejected = new LongAdder();
    private final LongAdder syncFailed = new LongAdder();

    public OrderService(
            OrderStore store,
            PaymentGate gate,
            PaymentGateway gateway,
            Broker broker,
            Duration syncTimeout,
            Duration publishTimeout,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.broker = Objects.requireNonNull(broker, "broker");
        if (syncTimeout.isNegative() || publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("syncTimeout must be >= 0 and publishTimeout > 0 but were " + syncTimeout
                    + " and " + publishTimeout);
        }
        this.syncTimeout = syncTimeout;
        this.publishTimeout = publishTimeout;
        this.clock = clock;
    }

    /**
     * Records, pays and completes the order, in the caller's thread.
     *
     * @return the completed order
     * @throws PaymentBusyException when no payment could start within the sync timeout (the order is removed)
     * @throws InterruptedException when interrupted while waiting or paying (the order is marked failed)
     */
    public Order placeSync(NewOrder request) throws InterruptedException {
        Order order = newOrder(request);
        store.add(order);
        boolean admitted;
        try {
            admitted = gate.tryEnter(syncTimeout);
        } catch (InterruptedException e) {
            store.removeIfPending(order.orderId());
            throw e;
        }
        if (!admitted) {
            store.removeIfPending(order.orderId());
            syncRejected.increment();
            Duration retryAfter = gateway.paymentTime()
                    .multipliedBy(Math.max(1, gate.waiting()))
                    .dividedBy(gate.permits());
            throw new PaymentBusyException(syncTimeout, retryAfter);
        }
        try {
            store.moveTo(order.orderId(), OrderStatus.PROCESSING);
            gateway.pay(order.orderId(), order.total());
            Order done = store.moveTo(order.orderId(), OrderStatus.COMPLETED).orElseThrow();
            syncCompleted.increment();
            return done;
        } catch (InterruptedException | RuntimeException e) {
            syncFailed.increment();
            failQuietly(order.orderId());
            throw e;
        } finally {
            gate.exit();
        }
    }

    /**
     * Records the order as pending and queues it.
     *
     * @return the pending order, once the broker confirmed it
     * @throws QueueUnavailableException when it could not be queued (the order is removed: not accepted)
     */
    public Order placeAsync(NewOrder request) {
        Order order = newOrder(request);
        store.add(order);
        try {
            broker.publish(OrderMessages.TOPIC, OrderMessages.toMessage(order), publishTimeout);
        } catch (BrokerUnavailableException e) {
            if (store.removeIfPending(order.orderId())) {
                asyncRejected.increment();
                log.warn("order={} not queued: {}", order.orderId(), e.getMessage());
                throw new QueueUnavailableException("the order could not be queued: " + e.getMessage(), e);
            }
            // a worker has taken it already: the unconfirmed message did land, the order is accepted
            log.info("order={} publish unconfirmed but already taken by a worker: accepted", order.orderId());
        }
        accepted.increment();
        return order;
    }

    public Optional<Order> find(UUID orderId) {
        return store.find(orderId);
    }

    private Order newOrder(NewOrder request) {
        return new Order(
                UUID.randomUUID(),
                request.customerId(),
                OrderStatus.PENDING,
                request.items(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    private void failQuietly(UUID orderId) {
        try {
            store.moveTo(orderId, OrderStatus.FAILED);
        } catch (RuntimeException e) {
            log.warn("order={} cannot be marked failed: {}", orderId, e.getMessage());
        }
    }

    /** Asynchronous orders answered 202 by this process. */
    public long accepted() {
        return accepted.sum();
    }

    /** Asynchronous orders answered 503: not queued, not kept. */
    public long asyncRejected() {
        return asyncRejected.sum();
    }

    /** Synchronous orders paid and completed. */
    public long syncCompleted() {
        return syncCompleted.sum();
    }

    /** Synchronous orders refused because no payment could start within the sync timeout. */
    public long syncRejected() {
        return syncRejected.sum();
    }

    /** Synchronous orders whose payment failed (the store or ledger failed, or the server stopped). */
    public long syncFailed() {
        return syncFailed.sum();
    }

    public OrderStore store() {
        return store;
    }

    public PaymentGate gate() {
        return gate;
    }

    public Duration syncTimeout() {
        return syncTimeout;
    }
}
