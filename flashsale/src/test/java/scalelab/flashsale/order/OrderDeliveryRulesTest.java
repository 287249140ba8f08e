package scalelab.flashsale.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import scalelab.core.messaging.Delivery;
import scalelab.core.messaging.Message;

class OrderDeliveryRulesTest {
    private final OrderDeliveryRules rules = OrderDeliveryRules.defaults();
    private final Order order = new Order(
            UUID.randomUUID(),
            1,
            OrderStatus.PENDING,
            List.of(new OrderItem("product_1", 1, BigDecimal.ONE)),
            Instant.EPOCH);
    private final List<String> settled = new ArrayList<>();

    private Delivery delivery(int count) {
        return new Delivery() {
            @Override
            public Message message() {
                return new Message("m", new byte[0]);
            }

            @Override
            public int deliveryCount() {
                return count;
            }

            @Override
            public void ack() {
                settled.add("ack");
            }

            @Override
            public void retry(Duration backoff) {
                settled.add("retry " + backoff.toMillis());
            }

            @Override
            public void deadLetter() {
                settled.add("dead-letter");
            }
        };
    }

    @Test
    void theBackoffDoublesFromTheFirstAndStopsAtTheCap() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 40).stream().map(rules::backoff).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L);
    }

    @Test
    void beforeTheLastDeliveryAFailureIsRetried() {
        var processor = new RecordingProcessor();
        assertThat(rules.settleFailure(delivery(4), order, processor)).isFalse();
        assertThat(settled).containsExactly("retry 800");
        assertThat(processor.failed).isEmpty();
    }

    @Test
    void onTheLastDeliveryTheOrderIsMarkedFailedThenDeadLettered() {
        var processor = new RecordingProcessor();
        assertThat(rules.settleFailure(delivery(5), order, processor)).isTrue();
        assertThat(processor.failed).containsExactly(order.orderId());
        assertThat(settled).containsExactly("dead-letter");
    }

    @Test
    void aStoreThatCannotMarkTheOrderFailedStillLetsTheMessageGoToTheDeadLetterQueue() {
        var processor = new RecordingProcessor() {
            @Override
            public void fail(Order order) {
                throw new IllegalStateException("store down");
            }
        };
        assertThat(rules.settleFailure(delivery(5), order, processor)).isTrue();
        assertThat(settled).containsExactly("dead-letter");
    }

    @Test
    void onlyADeliveryPastTheLastIsBeyondIt() {
        assertThat(rules.isBeyondLast(delivery(5))).isFalse();
        assertThat(rules.isBeyondLast(delivery(6))).isTrue();
    }

    @Test
    void givingUpMarksTheOrderFailedThenDeadLetters() {
        var processor = new RecordingProcessor();
        rules.giveUp(delivery(6), order, processor);
        assertThat(processor.failed).containsExactly(order.orderId());
        assertThat(settled).containsExactly("dead-letter");
    }

    @Test
    void theProcessingQueueAllowsOneDeliveryMoreThanTheRules() {
        assertThat(OrderMessages.PROCESSING.maxDeliveries()).isEqualTo(rules.maxDeliveries() + 1);
    }

    @Test
    void badRulesNameTheBadValue() {
        assertThatThrownBy(() -> new OrderDeliveryRules(0, Duration.ZERO, Duration.ZERO))
                .hasMessage("maxDeliveries must be at least 1 but was 0");
        assertThatThrownBy(() -> new OrderDeliveryRules(5, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("maxBackoff must be at least firstBackoff but was PT1S");
    }

    private static class RecordingProcessor implements OrderProcessor {
        final List<UUID> failed = new ArrayList<>();

        @Override
        public ProcessOutcome process(Order order) {
            return ProcessOutcome.COMPLETED;
        }

        @Override
        public void fail(Order order) {
            failed.add(order.orderId());
        }
    }
}
