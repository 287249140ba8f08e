package scalelab.flashsale.order;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.flashsale.payment.PaymentGateway;

/**
 * The processing of one queued order, shared by the workers and the function variant: skip it if it is
 * final; mark it processing; pay idempotently (the {@link PaymentGateway} charges an order at most once);
 * mark it completed. Calling it again for the same order, at any point of a previous call, pays nothing twice.
 */
public final class PayingOrderProcessor implements OrderProcessor {
    private static final Logger log = LoggerFactory.getLogger(PayingOrderProcessor.class);

    private final OrderStore store;
    private final PaymentGateway gateway;

    public PayingOrderProcessor(OrderStore store, PaymentGateway gateway) {
        this.store = Objects.requireNonNull(store, "store");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    /**
     * @return {@link ProcessOutcome#COMPLETED} when this call moved the order to completed
     * @throws UnknownOrderException when the store does not know the order (its publish was refused): do not retry
     * @throws InterruptedException when interrupted during the payment: nothing was charged
     */
    @Override
    public ProcessOutcome process(Order order) throws InterruptedException {
        Order current = store.find(order.orderId()).orElseThrow(() -> new UnknownOrderException(order.orderId()));
        if (current.status().isFinal()) {
            return ProcessOutcome.ALREADY_FINAL;
        }
        Order processing = store.moveTo(order.orderId(), OrderStatus.PROCESSING)
                .orElseThrow(() -> new UnknownOrderException(order.orderId()));
        if (processing.status().isFinal()) {
            return ProcessOutcome.ALREADY_FINAL;
        }
        var outcome = gateway.pay(order.orderId(), current.total());
        log.debug("order={} payment={}", order.orderId(), outcome);
        if (store.finish(order.orderId(), OrderStatus.COMPLETED)) {
            return ProcessOutcome.COMPLETED;
        }
        store.find(order.orderId()).orElseThrow(() -> new UnknownOrderException(order.orderId()));
        return ProcessOutcome.ALREADY_FINAL;
    }

    @Override
    public void fail(Order order) {
        store.moveTo(order.orderId(), OrderStatus.FAILED);
    }
}
