package scalelab.flashsale.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import scalelab.flashsale.FlashSaleScenario;

class OutcomesTest {
    @Test
    void answersAreCountedBySecondAndKindWithTheLatencyOfTheSuccessfulOnesApart() {
        var o = new Outcomes(200, 10_000);
        o.record(10_100, 200, 1_000_000); // second 0: paid after 1 s
        o.record(10_900, 503, 30_000_000); // second 0: refused after 30 s
        o.record(12_500, 200, 3_000_000); // second 2
        o.record(12_600, 0, 40_000_000); // second 2: no answer (timeout)
        var seconds = o.perSecond();
        assertThat(seconds).hasSize(3);
        assertThat(seconds.get(0).requests()).isEqualTo(2);
        assertThat(seconds.get(0).ok()).isEqualTo(1);
        assertThat(seconds.get(0).rejected503()).isEqualTo(1);
        assertThat(seconds.get(1).requests()).isZero(); // an empty second is kept, as a zero
        assertThat(seconds.get(2).otherFailures()).isEqualTo(1);
        assertThat(seconds.get(2).atSeconds()).isEqualTo(3); // x = the second's end

        var total = o.total();
        assertThat(total.requests()).isEqualTo(4);
        assertThat(total.okShare()).isEqualTo(0.5);
        assertThat(total.share503()).isEqualTo(0.25);
        assertThat(total.maxMs()).isCloseTo(40_000, within(40.0));
        assertThat(total.okP99Ms()).isCloseTo(3_000, within(3.0)); // the refusals and timeouts are not in it
    }

    @Test
    void totalUntilCountsOnlyTheSecondsBeforeIt() {
        var o = new Outcomes(202, 0);
        o.record(500, 202, 1_000);
        o.record(1_500, 202, 1_000);
        o.record(2_500, 503, 1_000);
        assertThat(o.total(2_000).requests()).isEqualTo(2);
        assertThat(o.total().requests()).isEqualTo(3);
    }

    @Test
    void answersAfterCloseAreIgnored() {
        var o = new Outcomes(202, 0);
        o.record(100, 202, 1_000);
        o.close();
        o.record(200, 0, 5_000_000); // a request the load test cut off
        assertThat(o.total().requests()).isEqualTo(1);
        assertThat(o.lastAnswerMs()).isEqualTo(100);
    }

    @Test
    void scenarioOrdersPassTheApiValidation() {
        var random = new java.util.SplittableRandom(42);
        for (int i = 0; i < 200; i++) {
            String body = FlashSaleScenario.order(random);
            var order = scalelab.flashsale.order.OrderInput.parse(
                    scalelab.core.json.Json.read(body, com.fasterxml.jackson.databind.JsonNode.class));
            assertThat(order.items()).as(body).hasSizeBetween(1, 3);
            assertThat(body).matches("\\{\"customer_id\":\\d+,\"items\":\\[.*product_\\d+.*]}");
        }
    }
}
