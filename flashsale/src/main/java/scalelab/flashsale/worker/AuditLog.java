package scalelab.flashsale.worker;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.ConsumerSpec;
import scalelab.core.messaging.Delivery;
import scalelab.core.messaging.Subscription;
import scalelab.flashsale.order.OrderMessages;

/**
 * The second subscriber of the {@code orders} topic, on its own queue {@code order-audit}: it sees every
 * published order (the fan-out), counts them and keeps the ids of the last {@code keep}. It reads only the
 * message id, so nothing it receives is poison.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    /** Default number of recent order ids kept. */
    public static final int DEFAULT_KEEP = 20;

    private final Broker broker;
    private final int keep;
    private final LongAdder audited = new LongAdder();
    private final Deque<String> recent = new ArrayDeque<>(); // guarded by itself
    private volatile Subscription subscription;

    public AuditLog(Broker broker, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1 but was " + keep);
        }
        this.broker = broker;
        this.keep = keep;
    }

    /** Declares {@code order-audit} on the topic and consumes it. */
    public synchronized AuditLog start() {
        broker.declare(OrderMessages.AUDIT);
        subscription = broker.consume(OrderMessages.AUDIT_QUEUE, ConsumerSpec.of(1), this::handle);
        log.info("audit log started on queue {} ({})", OrderMessages.AUDIT_QUEUE, broker.describe());
        return this;
    }

    private void handle(Delivery delivery) {
        synchronized (recent) {
            recent.addLast(delivery.message().id());
            if (recent.size() > keep) {
                recent.removeFirst();
            }
        }
        audited.increment();
        delivery.ack();
    }

    /** Orders the audit log has seen. */
    public long audited() {
        return audited.sum();
    }

    /** The ids of the last orders seen, oldest first. */
    public List<String> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }
}
