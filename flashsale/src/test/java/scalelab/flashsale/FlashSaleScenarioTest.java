package scalelab.flashsale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.core.json.Json;
import scalelab.flashsale.order.OrderInput;
import scalelab.loadgen.Key;
import scalelab.loadgen.LoadTest;
import scalelab.loadgen.RunData;
import scalelab.loadgen.Scenario;
import scalelab.loadgen.WaitTime;

/** The load scenarios against a running flash sale: every order they draw is valid and answered as expected. */
class FlashSaleScenarioTest {
    private RunningFlashSale running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    private RunData run(Scenario scenario) throws InterruptedException {
        return LoadTest.against(running.server.uri())
                .scenario(scenario)
                .users(4)
                .duration(Duration.ofSeconds(2))
                .seed(42)
                .run();
    }

    @Test
    void theAsyncScenarioPlacesOrdersThatAreAllAccepted() throws InterruptedException {
        running = RunningFlashSale.start(TestOrders.config(2, Duration.ZERO));
        RunData data = run(FlashSaleScenario.async(WaitTime.none()));

        long requests = data.stats().get(new Key("POST", "/orders/async")).requests();
        assertThat(data.total().failures()).as(data.failures().toString()).isZero();
        assertThat(requests).isPositive();
        assertThat(running.sale.orders().accepted()).isEqualTo(requests);
    }

    @Test
    void theSyncScenarioCountsA503AsAFailure() throws InterruptedException {
        // one payment at a time, 300 ms each, 100 ms sync timeout: four users cannot all be served
        running = RunningFlashSale.start(
                TestOrders.config(0, Duration.ofMillis(300)).withSync(Duration.ofMillis(100), 1));
        RunData data = run(FlashSaleScenario.sync(WaitTime.none()));

        var stat = data.stats().get(new Key("POST", "/orders/sync"));
        // answers still on their way when the run ended are not counted by the load test: <=, not ==
        assertThat(stat.requests() - stat.failures())
                .isPositive()
                .isLessThanOrEqualTo(running.sale.orders().syncCompleted());
        assertThat(stat.failures())
                .isPositive()
                .isLessThanOrEqualTo(running.sale.orders().syncRejected());
        assertThat(data.failures().keySet())
                .allSatisfy(f -> assertThat(f.error()).contains("503"));
    }

    @Test
    void drawnOrdersAreValidAndSpanOneToThreeItemsOfProductN() {
        var random = new SplittableRandom(7);
        var itemCounts = new java.util.TreeSet<Integer>();
        for (int i = 0; i < 500; i++) {
            String body = FlashSaleScenario.order(random);
            var order = OrderInput.parse(Json.read(body, JsonNode.class)); // a 400 would throw
            itemCounts.add(order.items().size());
            assertThat(order.customerId()).isBetween(1, FlashSaleScenario.CUSTOMERS);
            assertThat(order.items())
                    .allSatisfy(item -> assertThat(item.productId()).matches("product_([1-9][0-9]?|100)"));
        }
        assertThat(itemCounts).containsExactly(1, 2, 3);
    }

    @Test
    void theScenariosThinkBetweenATenthAndHalfASecond() {
        var random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(FlashSaleScenario.THINK_TIME.nanos(random, 0)).isBetween(100_000_000L, 500_000_000L);
        }
        assertThat(FlashSaleScenario.async().userTypes().get(0).waitTime()).isSameAs(FlashSaleScenario.THINK_TIME);
        assertThat(FlashSaleScenario.sync().userTypes().get(0).waitTime()).isSameAs(FlashSaleScenario.THINK_TIME);
    }
}
