package scalelab.core.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Broker} contract, one test per behaviour its Javadoc and {@link Delivery}'s promise. Every adapter
 * test extends it. Names are unique per test, so a real broker's leftovers cannot interfere.
 */
public abstract class BrokerContract {
    protected static final Duration TIMEOUT = Duration.ofSeconds(5);

    protected Broker broker;
    private final List<QueueSpec> declared = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final String prefix = "contract-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    /** A new broker of the adapter under test. */
    protected abstract Broker openBroker();

    /** Removes what a test declared (the queue, its dead-letter queue, the topic); nothing by default. */
    protected void delete(QueueSpec queue) {}

    @BeforeEach
    void openTheBroker() {
        broker = openBroker();
    }

    @AfterEach
    void closeTheBroker() {
        subscriptions.forEach(Subscription::close);
        try {
            declared.forEach(this::delete);
        } finally {
            broker.close();
        }
    }

    protected final QueueSpec declare(String topic, String queue, int maxDeliveries) {
        var spec = new QueueSpec(prefix + topic, prefix + queue, maxDeliveries);
        declared.add(spec);
        broker.declare(spec);
        return spec;
    }

    protected final Subscription consume(String queue, ConsumerSpec spec, DeliveryHandler handler) {
        Subscription subscription = broker.consume(queue, spec, handler);
        subscriptions.add(subscription);
        return subscription;
    }

    protected final void publish(QueueSpec spec, String id) {
        broker.publish(spec.topic(), new Message(id, ("body of " + id).getBytes(UTF_8)), TIMEOUT);
    }

    /** A handler that keeps each delivery, unsettled, for the test to look at and settle. */
    protected static DeliveryHandler keepIn(BlockingQueue<Delivery> deliveries) {
        return deliveries::add;
    }

    protected static Delivery next(BlockingQueue<Delivery> deliveries) throws InterruptedException {
        Delivery delivery = deliveries.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(delivery).as("a delivery within %s", TIMEOUT).isNotNull();
        return delivery;
    }

    @Test
    void aMessageFansOutToEveryQueueOfItsTopic() throws Exception {
        QueueSpec billing = declare("orders", "billing", 3);
        QueueSpec shipping = declare("orders", "shipping", 3);
        publish(billing, "order-1");

        var billed = new LinkedBlockingQueue<Delivery>();
        var shipped = new LinkedBlockingQueue<Delivery>();
        consume(billing.queue(), ConsumerSpec.of(1), keepIn(billed));
        consume(shipping.queue(), ConsumerSpec.of(1), keepIn(shipped));

        assertThat(next(billed).message().id()).isEqualTo("order-1");
        assertThat(next(shipped).message().id()).isEqualTo("order-1");
    }

    @Test
    void anAckedMessageLeavesTheQueueForGood() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        publish(spec, "m-1");
        var deliveries = new LinkedBlockingQueue<Delivery>();
        Subscription subscription = consume(spec.queue(), ConsumerSpec.of(1), keepIn(deliveries));

        next(deliveries).ack();
        await().atMost(TIMEOUT).until(() -> subscription.inFlight() == 0);
        subscription.close(); // an unacked message would now go back to the queue

        await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> broker.depth(spec.queue()) == 0);
        assertThat(broker.depth(spec.deadLetterQueue())).isZero();
    }

    @Test
    void retryRedeliversAfterTheBackoffWithDeliveryCountTwo() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        publish(spec, "m-1");
        var deliveries = new LinkedBlockingQueue<Delivery>();
        consume(spec.queue(), ConsumerSpec.of(1), keepIn(deliveries));

        Delivery first = next(deliveries);
        assertThat(first.deliveryCount()).isEqualTo(1);
        long retriedAt = System.nanoTime();
        first.retry(Duration.ofMillis(400));
        Delivery second = next(deliveries);
        long waitedMillis = (System.nanoTime() - retriedAt) / 1_000_000;

        assertThat(second.message().id()).isEqualTo("m-1");
        assertThat(second.deliveryCount()).isEqualTo(2);
        assertThat(waitedMillis).isGreaterThanOrEqualTo(400);
        second.ack();
    }

    @Test
    void aMessageIsDeadLetteredAfterMaxDeliveriesWithoutAnAck() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        publish(spec, "poison");
        List<Integer> counts = new CopyOnWriteArrayList<>();
        consume(spec.queue(), ConsumerSpec.of(1), delivery -> {
            counts.add(delivery.deliveryCount());
            delivery.retry(Duration.ZERO);
        });

        await().atMost(TIMEOUT).until(() -> broker.depth(spec.deadLetterQueue()) == 1);
        assertThat(counts).containsExactly(1, 2, 3);
        assertThat(broker.depth(spec.queue())).isZero();

        var dead = new LinkedBlockingQueue<Delivery>();
        consume(spec.deadLetterQueue(), ConsumerSpec.of(1), keepIn(dead));
        Delivery fromDlq = next(dead);
        assertThat(fromDlq.message().id()).isEqualTo("poison");
        assertThat(new String(fromDlq.message().body(), UTF_8)).isEqualTo("body of poison");
        assertThat(fromDlq.deliveryCount())
                .as("the dead-letter queue counts its own deliveries")
                .isEqualTo(1);
        fromDlq.ack();
        await().atMost(TIMEOUT).until(() -> broker.depth(spec.deadLetterQueue()) == 0);
    }

    @Test
    void deadLetterMovesTheMessageToTheDeadLetterQueueAtOnce() throws Exception {
        QueueSpec spec = declare("t", "q", 5);
        publish(spec, "poison");
        var deliveries = new LinkedBlockingQueue<Delivery>();
        consume(spec.queue(), ConsumerSpec.of(1), keepIn(deliveries));

        next(deliveries).deadLetter();

        await().atMost(TIMEOUT).until(() -> broker.depth(spec.deadLetterQueue()) == 1);
        assertThat(broker.depth(spec.queue())).isZero();
        assertThat(deliveries).isEmpty();
    }

    @Test
    void aHandlerThatThrowsGetsTheDeliveryRetriedAtOnce() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        publish(spec, "m-1");
        List<Integer> counts = new CopyOnWriteArrayList<>();
        consume(spec.queue(), ConsumerSpec.of(1), delivery -> {
            counts.add(delivery.deliveryCount());
            if (delivery.deliveryCount() == 1) {
                throw new IllegalStateException("a handler bug, on purpose");
            }
            delivery.ack();
        });

        await().atMost(TIMEOUT).until(() -> counts.size() == 2);
        assertThat(counts).containsExactly(1, 2);
        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> counts.size() == 2);
        assertThat(broker.depth(spec.deadLetterQueue())).isZero();
    }

    @Test
    void noMoreHandlersRunAtOnceThanTheConcurrency() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        for (int i = 0; i < 24; i++) {
            publish(spec, "m-" + i);
        }
        var running = new AtomicInteger();
        var maxRunning = new AtomicInteger();
        var handled = ConcurrentHashMap.<String>newKeySet();
        consume(spec.queue(), new ConsumerSpec(3, 8), delivery -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(30); // the work: long enough for handlers to overlap
            } finally {
                running.decrementAndGet();
            }
            handled.add(delivery.message().id());
            delivery.ack();
        });

        await().atMost(TIMEOUT).until(() -> handled.size() == 24);
        assertThat(maxRunning.get()).isEqualTo(3);
    }

    @Test
    void noMoreDeliveriesAreUnsettledThanThePrefetch() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        for (int i = 0; i < 10; i++) {
            publish(spec, "m-" + i);
        }
        var deliveries = new LinkedBlockingQueue<Delivery>();
        Subscription subscription = consume(spec.queue(), new ConsumerSpec(1, 3), keepIn(deliveries));

        await().atMost(TIMEOUT).until(() -> deliveries.size() == 3 && broker.depth(spec.queue()) == 7);
        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> deliveries.size() == 3);
        assertThat(subscription.inFlight()).isEqualTo(3);

        deliveries.take().ack();
        await().atMost(TIMEOUT).until(() -> deliveries.size() == 3 && broker.depth(spec.queue()) == 6);
        assertThat(subscription.inFlight()).isEqualTo(3);
    }

    @Test
    void unsettledDeliveriesGoToTheNextConsumerWhenASubscriptionCloses() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        publish(spec, "m-1");
        var first = new LinkedBlockingQueue<Delivery>();
        Subscription crashing = consume(spec.queue(), ConsumerSpec.of(1), keepIn(first));
        assertThat(next(first).deliveryCount()).isEqualTo(1);

        crashing.close();
        var second = new LinkedBlockingQueue<Delivery>();
        consume(spec.queue(), ConsumerSpec.of(1), keepIn(second));

        Delivery again = next(second);
        assertThat(again.message().id()).isEqualTo("m-1");
        assertThat(again.deliveryCount()).isEqualTo(2);
        again.ack();
    }

    @Test
    void aClosedSubscriptionIsForgottenByTheBroker() {
        QueueSpec spec = declare("t", "q", 3);
        int before = openSubscriptions(broker);
        Subscription subscription = consume(spec.queue(), ConsumerSpec.of(1), Delivery::ack);
        assertThat(openSubscriptions(broker)).isEqualTo(before + 1);

        subscription.close();
        subscription.close(); // twice changes nothing

        assertThat(openSubscriptions(broker)).isEqualTo(before);
    }

    /** The subscriptions the adapter keeps (to close them with itself). */
    private static int openSubscriptions(Broker broker) {
        return switch (broker) {
            case InProcessBroker memory -> memory.openSubscriptions();
            case RabbitBroker rabbit -> rabbit.openSubscriptions();
            default -> throw new IllegalArgumentException("unknown adapter " + broker);
        };
    }

    @Test
    void aMessageWaitingOutARetryBackoffReturnsAtOnceAndOnlyOnceWhenItsSubscriptionCloses() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        publish(spec, "m-1");
        var first = new LinkedBlockingQueue<Delivery>();
        Subscription crashing = consume(spec.queue(), ConsumerSpec.of(1), keepIn(first));
        next(first).retry(Duration.ofSeconds(1));

        long closedAt = System.nanoTime();
        crashing.close(); // a crash during the backoff
        var second = new LinkedBlockingQueue<Delivery>();
        consume(spec.queue(), ConsumerSpec.of(1), keepIn(second));

        Delivery again = next(second);
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofMillis(900));
        assertThat(again.deliveryCount()).isEqualTo(2);
        // the backoff's end must not put a second copy in the queue
        await().during(Duration.ofMillis(1500))
                .atMost(TIMEOUT)
                .until(() -> second.isEmpty() && broker.depth(spec.queue()) == 0);
        again.ack();
    }

    @Test
    void depthCountsReadyMessagesButNotUnsettledOnes() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        assertThat(broker.depth(spec.queue())).isZero();
        for (int i = 0; i < 3; i++) {
            publish(spec, "m-" + i);
        }
        await().atMost(TIMEOUT).until(() -> broker.depth(spec.queue()) == 3);

        var deliveries = new LinkedBlockingQueue<Delivery>();
        consume(spec.queue(), ConsumerSpec.of(1), keepIn(deliveries));
        next(deliveries);
        await().atMost(TIMEOUT).until(() -> broker.depth(spec.queue()) == 2);
    }

    @Test
    void purgeRemovesTheReadyMessagesButNotAnUnsettledOne() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        var deliveries = new LinkedBlockingQueue<Delivery>();
        publish(spec, "m-0");
        var sub = consume(spec.queue(), ConsumerSpec.of(1), keepIn(deliveries));
        Delivery held = next(deliveries);
        for (int i = 1; i <= 3; i++) {
            publish(spec, "m-" + i);
        }
        await().atMost(TIMEOUT).until(() -> broker.depth(spec.queue()) == 3);

        assertThat(broker.purge(spec.queue())).isEqualTo(3);
        assertThat(broker.depth(spec.queue())).isZero();
        sub.close(); // the held delivery was not settled: it comes back
        await().atMost(TIMEOUT).until(() -> broker.depth(spec.queue()) == 1);
        assertThat(held.message().id()).isEqualTo("m-0");
    }

    @Test
    void declaringAQueueAgainChangesNothing() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        broker.declare(spec);
        publish(spec, "m-1");

        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> broker.depth(spec.queue()) == 1);
        assertThat(broker.depth(spec.deadLetterQueue())).isZero();
    }

    @Test
    void aMessagePublishedToATopicWithoutQueuesIsDropped() {
        var lonely = new QueueSpec(prefix + "lonely", prefix + "late", 3);
        broker.publish(lonely.topic(), new Message("m-1", new byte[0]), TIMEOUT);

        QueueSpec late = declare("lonely", "late", 3);
        publish(late, "m-2");

        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> broker.depth(late.queue()) == 1);
    }

    @Test
    void idHeadersAndBodyArriveAsPublished() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        byte[] body = "{\"order\":\"é-42\"}".getBytes(UTF_8);
        var headers = Map.of("content-type", "application/json", "trace-id", "abc123");
        broker.publish(spec.topic(), new Message("order-42", body, headers), TIMEOUT);

        var deliveries = new LinkedBlockingQueue<Delivery>();
        consume(spec.queue(), ConsumerSpec.of(1), keepIn(deliveries));
        Message received = next(deliveries).message();

        assertThat(received.id()).isEqualTo("order-42");
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.headers()).isEqualTo(headers);
    }

    @Test
    void consumingOrMeasuringAnUndeclaredQueueIsRefused() {
        String missing = prefix + "never-declared";
        assertThatThrownBy(() -> broker.depth(missing)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> broker.consume(missing, ConsumerSpec.of(1), Delivery::ack))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publishingAfterCloseThrowsBrokerUnavailable() {
        QueueSpec spec = declare("t", "q", 3);
        broker.close();

        assertThatThrownBy(() -> publish(spec, "m-1")).isInstanceOf(BrokerUnavailableException.class);
    }
}
