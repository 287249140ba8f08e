package scalelab.flashsale.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.ConsumerSpec;
import scalelab.core.messaging.DeliveryHandler;
import scalelab.core.messaging.Message;
import scalelab.core.messaging.QueueSpec;
import scalelab.core.messaging.Subscription;
import scalelab.flashsale.function.FakeDelivery.Outcome;
import scalelab.flashsale.order.Order;
import scalelab.flashsale.order.OrderDeliveryRules;
import scalelab.flashsale.order.OrderProcessor;
import scalelab.flashsale.order.ProcessOutcome;
import scalelab.flashsale.order.UnknownOrderException;
import scalelab.flashsale.worker.ProcessingStats;

class FunctionOrderConsumerTest {
    private final FakeProcessor processor = new FakeProcessor();
    private final CapturingBroker broker = new CapturingBroker();
    private final ProcessingStats stats = new ProcessingStats();

    /** The consumer's metrics and the shared processing counters it feeds, under one roof. */
    private java.util.Map<String, Object> metrics(FunctionOrderConsumer consumer) {
        var all = new java.util.LinkedHashMap<String, Object>(consumer.metrics());
        all.put("completed", stats.completedCount());
        all.put("retried", stats.retriedCount());
        all.put("poison", stats.poisonCount());
        all.put("failed", stats.failedCount());
        all.put("unknown_skipped", stats.unknownCount());
        return all;
    }

    private FunctionOrderConsumer consumer(FunctionConfig config, OrderProcessor processor) {
        var runtime = new FunctionRuntime<>("orders", config, OrderFunction.init(() -> processor), new ManualTicker());
        return new FunctionOrderConsumer(
                broker, "order-processing", () -> processor, runtime, OrderDeliveryRules.defaults(), stats);
    }

    private FunctionOrderConsumer consumer() {
        return consumer(FunctionConfig.defaults(), processor);
    }

    @Test
    void startConsumesTheQueueWithTheFunctionsConcurrencyLimit() {
        var config = new FunctionConfig(7, Duration.ofSeconds(60), 512, Duration.ZERO);
        try (var consumer = consumer(config, processor)) {
            consumer.start();
            assertThat(broker.queue.get()).isEqualTo("order-processing");
            assertThat(broker.spec.get()).isEqualTo(new ConsumerSpec(7, 7));
        }
        assertThat(broker.closed).isTrue();
    }

    @Test
    void aProcessedOrderIsAckedAfterTheFunctionRan() throws Exception {
        var consumer = consumer();
        Order order = TestOrders.pending();
        var delivery = new FakeDelivery(TestOrders.message(order), 1);

        consumer.handle(delivery);

        assertThat(delivery.outcome).isEqualTo(Outcome.ACKED);
        assertThat(processor.processed).containsExactly(order.orderId());
        assertThat(metrics(consumer))
                .containsEntry("function_deliveries", 1L)
                .containsEntry("completed", 1L)
                .containsEntry("function_invocations", 1L)
                .containsEntry("function_cold_starts", 1L);
    }

    @Test
    void aCopyOfAnOrderThatWasFinalAlreadyIsAckedButNotCountedCompletedAgain() throws Exception {
        var consumer = consumer();
        Order order = TestOrders.pending();
        processor.alreadyFinal.add(order.orderId());
        var delivery = new FakeDelivery(TestOrders.message(order), 2);

        consumer.handle(delivery);

        assertThat(delivery.outcome).isEqualTo(Outcome.ACKED);
        assertThat(processor.processed).containsExactly(order.orderId());
        assertThat(metrics(consumer)).containsEntry("function_invocations", 1L).containsEntry("completed", 0L);
    }

    @Test
    void anOrderTheStoreDoesNotKnowIsAckedAndSkippedNeverRetried() throws Exception {
        Order refused = TestOrders.pending();
        OrderProcessor unknown = new OrderProcessor() {
            @Override
            public ProcessOutcome process(Order order) {
                throw new UnknownOrderException(order.orderId());
            }

            @Override
            public void fail(Order order) {
                throw new AssertionError("an unknown order is never marked failed");
            }
        };
        var consumer = consumer(FunctionConfig.defaults(), unknown);
        var delivery = new FakeDelivery(TestOrders.message(refused), 1);

        consumer.handle(delivery);

        assertThat(delivery.outcome).isEqualTo(Outcome.ACKED);
        assertThat(metrics(consumer))
                .containsEntry("unknown_skipped", 1L)
                .containsEntry("completed", 0L)
                .containsEntry("retried", 0L);
    }

    @Test
    void aBodyThatIsNoOrderIsDeadLetteredAtOnce() throws Exception {
        var consumer = consumer();
        var delivery = new FakeDelivery(TestOrders.poison(), 1);

        consumer.handle(delivery);

        assertThat(delivery.outcome).isEqualTo(Outcome.DEAD_LETTERED);
        assertThat(processor.markedFailed).isEmpty();
        assertThat(metrics(consumer)).containsEntry("poison", 1L).containsEntry("function_dead_lettered", 1L);
    }

    @Test
    void aFailedAttemptIsRetriedWithAGrowingBackoff() throws Exception {
        var consumer = consumer();
        Order order = TestOrders.pending();
        processor.failing.add(order.orderId());

        var first = new FakeDelivery(TestOrders.message(order), 1);
        consumer.handle(first);
        var third = new FakeDelivery(TestOrders.message(order), 3);
        consumer.handle(third);

        assertThat(first.outcome).isEqualTo(Outcome.RETRIED);
        assertThat(first.backoff).isEqualTo(Duration.ofMillis(100));
        assertThat(third.backoff).isEqualTo(Duration.ofMillis(400));
        assertThat(processor.markedFailed).isEmpty();
        assertThat(metrics(consumer))
                .containsEntry("function_failed_attempts", 2L)
                .containsEntry("retried", 2L)
                .containsEntry("function_errors", 2L)
                .containsEntry("function_cold_starts", 1L); // the failing environment stayed warm
    }

    @Test
    void onItsLastDeliveryAFailingOrderIsMarkedFailedThenDeadLettered() throws Exception {
        var consumer = consumer();
        Order order = TestOrders.pending();
        processor.failing.add(order.orderId());
        var last = new FakeDelivery(TestOrders.message(order), OrderDeliveryRules.DEFAULT_MAX_DELIVERIES);

        consumer.handle(last);

        assertThat(last.outcome).isEqualTo(Outcome.DEAD_LETTERED);
        assertThat(processor.markedFailed).containsExactly(order.orderId());
        assertThat(metrics(consumer))
                .containsEntry("function_dead_lettered", 1L)
                .containsEntry("retried", 0L);
    }

    @Test
    void aDeliveryBeyondTheLastMarksTheOrderFailedAndDeadLettersItWithoutInvokingTheFunction() throws Exception {
        var consumer = consumer();
        Order order = TestOrders.pending();
        // its five deliveries ended unsettled (the process crashed each time): the queue allows one more
        var beyond = new FakeDelivery(TestOrders.message(order), OrderDeliveryRules.DEFAULT_MAX_DELIVERIES + 1);

        consumer.handle(beyond);

        assertThat(beyond.outcome).isEqualTo(Outcome.DEAD_LETTERED);
        assertThat(processor.markedFailed).containsExactly(order.orderId());
        assertThat(processor.processed).isEmpty();
        assertThat(metrics(consumer))
                .containsEntry("function_invocations", 0L)
                .containsEntry("function_dead_lettered", 1L)
                .containsEntry("failed", 1L);
    }

    @Test
    void aThrottledInvocationIsRetriedAndUsesUpADelivery() throws Exception {
        var hold = new CountDownLatch(1);
        Order slow = TestOrders.pending();
        OrderProcessor blocking = new OrderProcessor() {
            @Override
            public ProcessOutcome process(Order order) throws Exception {
                if (order.orderId().equals(slow.orderId())) hold.await();
                return ProcessOutcome.COMPLETED;
            }

            @Override
            public void fail(Order order) {}
        };
        var config = new FunctionConfig(1, Duration.ofSeconds(60), 512, Duration.ZERO, Duration.ZERO);
        var consumer = consumer(config, blocking);
        var busy = new FakeDelivery(TestOrders.message(slow), 1);
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                consumer.handle(busy);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(5))
                .until(() -> consumer.functionStats().concurrentExecutions() == 1);

        var throttled = new FakeDelivery(TestOrders.message(TestOrders.pending()), 1);
        consumer.handle(throttled);
        hold.countDown();
        first.join();

        assertThat(throttled.outcome).isEqualTo(Outcome.RETRIED);
        assertThat(busy.outcome).isEqualTo(Outcome.ACKED);
        assertThat(metrics(consumer))
                .containsEntry("function_throttled_deliveries", 1L)
                .containsEntry("function_throttles", 1L)
                .containsEntry("completed", 1L);
    }

    @Test
    void theFunctionBuildsItsOwnProcessorPerColdStartWhileMarkingFailedUsesOneMore() throws Exception {
        var built = new java.util.concurrent.atomic.AtomicInteger();
        var runtime = new FunctionRuntime<>(
                "orders",
                FunctionConfig.defaults(),
                OrderFunction.init(() -> {
                    built.incrementAndGet();
                    return processor;
                }),
                new ManualTicker());
        var consumer = new FunctionOrderConsumer(
                broker,
                "order-processing",
                () -> {
                    built.incrementAndGet();
                    return processor;
                },
                runtime,
                OrderDeliveryRules.defaults(),
                stats);
        Order bad = TestOrders.pending();
        processor.failing.add(bad.orderId());

        consumer.handle(new FakeDelivery(TestOrders.message(TestOrders.pending()), 1));
        consumer.handle(new FakeDelivery(TestOrders.message(bad), 5));
        consumer.handle(new FakeDelivery(TestOrders.message(bad), 5));

        assertThat(built).hasValue(2); // one cold start, one processor for fail()
    }

    /** Records what was consumed; delivers nothing. */
    private static final class CapturingBroker implements Broker {
        final AtomicReference<String> queue = new AtomicReference<>();
        final AtomicReference<ConsumerSpec> spec = new AtomicReference<>();
        volatile boolean closed;

        @Override
        public void declare(QueueSpec queue) {}

        @Override
        public void publish(String topic, Message message, Duration timeout) {}

        @Override
        public Subscription consume(String queue, ConsumerSpec consumer, DeliveryHandler handler) {
            this.queue.set(queue);
            this.spec.set(consumer);
            return new Subscription() {
                @Override
                public int inFlight() {
                    return 0;
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }

        @Override
        public long depth(String queue) {
            return 0;
        }

        @Override
        public long purge(String queue) {
            return 0;
        }

        @Override
        public String describe() {
            return "capturing";
        }

        @Override
        public void close() {}
    }
}
