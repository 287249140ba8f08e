package scalelab.flashsale.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import scalelab.core.json.Json;

/** The arithmetic, checked against values computed by hand from the us-east-1 prices. */
class CostModelTest {
    private static final Duration THREE_SECONDS = Duration.ofSeconds(3);
    private final CostModel model = new CostModel(CostPrices.usEast1());

    @Test
    void aMillionOrdersAMonthOnTwoSmallTasksAgainstOneInvocationPerOrder() {
        CostEstimate estimate = model.estimate(CostInputs.defaults(1_000_000, THREE_SECONDS));

        // A 0.25 vCPU / 0.5 GB task: 730 h x (0.25 x 0.04048 + 0.5 x 0.004445) = $9.010025 a month.
        // Peak 1e6 / 2,628,000 s x 10 = 3.8 orders/s; one task does 100 / 3 s = 33.3/s: the minimum 2 tasks.
        var containers = estimate.containers();
        assertThat(containers.tasks()).isEqualTo(2);
        assertThat(containers.ordersPerSecondPerTask()).isCloseTo(33.333, within(0.001));
        assertThat(containers.peakOrdersPerSecond()).isCloseTo(3.8052, within(0.0001));
        assertThat(containers.computeMonthly()).isCloseTo(18.02005, within(1e-9));
        // 1 SNS publish at $0.50/M + 3 SQS requests at $0.40/M per order.
        assertThat(containers.messagingMonthly()).isCloseTo(1.70, within(1e-9));
        assertThat(containers.totalMonthly()).isCloseTo(19.72005, within(1e-9));

        // 3 s + 10 ms = 3010 ms billed at 0.5 GB: 1.505 GB-s per order, 1,505,000 GB-s.
        // 1% cold starts x 1 s INIT x 0.5 GB = 5,000 GB-s. 1,510,000 x $0.0000166667 = $25.166717.
        var functions = estimate.functions();
        assertThat(functions.billedMillisPerInvocation()).isEqualTo(3010);
        assertThat(functions.invokeGbSeconds()).isCloseTo(1_505_000, within(1e-6));
        assertThat(functions.initGbSeconds()).isCloseTo(5_000, within(1e-6));
        assertThat(functions.requestMonthly()).isCloseTo(0.20, within(1e-9));
        assertThat(functions.durationMonthly()).isCloseTo(25.166717, within(1e-9));
        assertThat(functions.messagingMonthly()).isCloseTo(1.70, within(1e-9));
        assertThat(functions.totalMonthly()).isCloseTo(27.066717, within(1e-9));
        // The wait alone: 1e6 x 3 s x 0.5 GB x $0.0000166667 = $25.00005 of the $25.17.
        assertThat(functions.paymentWaitMonthly()).isCloseTo(25.00005, within(1e-9));
        assertThat(estimate.cheaper()).isEqualTo("containers");
    }

    @Test
    void theBreakEvenIsWhereTheBilledWaitingPassesTwoTasks() {
        // Per order the function costs (3.010 s + 1% x 1 s INIT) x 0.5 GB x 0.0000166667 + 0.0000002
        // = $0.000025366717; two tasks cost $18.02005: 18.02005 / 0.000025366717 = 710,381.6 -> 710,382.
        CostEstimate estimate = model.estimate(CostInputs.defaults(1_000_000, THREE_SECONDS));

        assertThat(estimate.breakEvenOrdersPerMonth()).isEqualTo(710_382L);
        var below = model.estimate(CostInputs.defaults(710_381, THREE_SECONDS));
        assertThat(below.cheaper()).isEqualTo("functions");
        var at = model.estimate(CostInputs.defaults(710_382, THREE_SECONDS));
        assertThat(at.functions().totalMonthly())
                .isGreaterThanOrEqualTo(at.containers().totalMonthly());
    }

    @Test
    void atAHundredMillionOrdersContainersScaleByTasksWhileFunctionsScaleByEveryOrdersWait() {
        CostEstimate estimate = model.estimate(CostInputs.defaults(100_000_000, THREE_SECONDS));

        // Peak 380.5 orders/s / 33.3 per task = 11.4 -> 12 tasks: 12 x 9.010025 = $108.1203 + $170 messaging.
        assertThat(estimate.containers().tasks()).isEqualTo(12);
        assertThat(estimate.containers().totalMonthly()).isCloseTo(278.1203, within(1e-6));
        // 151,000,000 GB-s x $0.0000166667 + $20 requests + $170 messaging.
        assertThat(estimate.functions().totalMonthly()).isCloseTo(2706.6717, within(1e-6));
    }

    @Test
    void theFreeTierIsSubtractedOnlyWhenAskedFor() {
        CostInputs in = CostInputs.defaults(1_000_000, THREE_SECONDS);
        CostInputs free = new CostInputs(
                in.ordersPerMonth(),
                in.paymentTime(),
                in.taskVcpu(),
                in.taskMemoryGb(),
                in.ordersPerTask(),
                in.minTasks(),
                in.peakFactor(),
                in.peakOrdersPerSecond(),
                in.lambdaMemoryMb(),
                in.functionOverhead(),
                in.coldStartFraction(),
                in.initDuration(),
                true,
                in.sqsRequestsPerOrder(),
                in.snsPublishesPerOrder());

        var functions = model.estimate(free).functions();

        // 1,510,000 - 400,000 = 1,110,000 GB-s x $0.0000166667 = $18.500037; the 1M requests are free.
        assertThat(functions.durationMonthly()).isCloseTo(18.500037, within(1e-9));
        assertThat(functions.requestMonthly()).isZero();
    }

    @Test
    void eachInvocationIsBilledRoundedUpToAWholeMillisecond() {
        CostInputs in = CostInputs.defaults(1_000, Duration.ofMillis(2_999).plusNanos(1));
        CostInputs noOverhead = new CostInputs(
                in.ordersPerMonth(),
                in.paymentTime(),
                in.taskVcpu(),
                in.taskMemoryGb(),
                in.ordersPerTask(),
                in.minTasks(),
                in.peakFactor(),
                0,
                1024,
                Duration.ZERO,
                0,
                in.initDuration(),
                false,
                0,
                0);

        var functions = model.estimate(noOverhead).functions();

        assertThat(functions.billedMillisPerInvocation()).isEqualTo(3000);
        assertThat(functions.invokeGbSeconds()).isCloseTo(3_000, within(1e-9)); // 1000 x 3 s x 1 GB
        assertThat(functions.initGbSeconds()).isZero();
    }

    @Test
    void aGivenPeakRateSizesTheContainersWhateverTheVolume() {
        CostInputs in = CostInputs.defaults(1_000, THREE_SECONDS);
        CostInputs peak100 = new CostInputs(
                in.ordersPerMonth(),
                in.paymentTime(),
                in.taskVcpu(),
                in.taskMemoryGb(),
                in.ordersPerTask(),
                in.minTasks(),
                in.peakFactor(),
                100,
                in.lambdaMemoryMb(),
                in.functionOverhead(),
                in.coldStartFraction(),
                in.initDuration(),
                false,
                in.sqsRequestsPerOrder(),
                in.snsPublishesPerOrder());

        CostEstimate estimate = model.estimate(peak100);

        assertThat(estimate.containers().tasks()).isEqualTo(3); // 100 / 33.3 = 3.0
        // 3 tasks = $27.030075; / $0.000025366717 per order = 1,065,572.5 -> 1,065,573.
        assertThat(estimate.breakEvenOrdersPerMonth()).isEqualTo(1_065_573L);
    }

    @Test
    void functionsThatBarelyWaitStayCheaperAtEveryVolume() {
        CostInputs in = CostInputs.defaults(1_000_000, Duration.ofMillis(10));
        CostInputs oneAtATime = new CostInputs(
                in.ordersPerMonth(),
                in.paymentTime(),
                in.taskVcpu(),
                in.taskMemoryGb(),
                1,
                in.minTasks(),
                100,
                0,
                in.lambdaMemoryMb(),
                in.functionOverhead(),
                in.coldStartFraction(),
                in.initDuration(),
                false,
                in.sqsRequestsPerOrder(),
                in.snsPublishesPerOrder());

        // A task covers 100 orders/s / peak 100 = 2.628M orders a month for $9.01; the function charges
        // 2.628M x $0.00000038 = $1.00 for them: it never catches up.
        CostEstimate estimate = model.estimate(oneAtATime);

        assertThat(estimate.breakEvenOrdersPerMonth()).isNull();
        assertThat(estimate.cheaper()).isEqualTo("functions");
    }

    @Test
    void theEstimateSerialisesInSnakeCaseWithItsAssumptions() {
        String json = Json.write(model.estimate(CostInputs.defaults(1_000_000, THREE_SECONDS)));

        assertThat(json)
                .contains("\"break_even_orders_per_month\":710382")
                .contains("\"prices_as_of\":\"2026-06\"")
                .contains("\"fargate_vcpu_hour\":0.04048")
                .contains("\"payment_time_ms\":3000.0")
                .contains("\"billed_millis_per_invocation\":3010")
                .contains("payment WAIT is billed");
    }

    @Test
    void badInputsNameTheBadValue() {
        assertThatThrownBy(() -> CostInputs.defaults(0, THREE_SECONDS))
                .hasMessage("ordersPerMonth must be at least 1 but was 0");
        assertThatThrownBy(() -> CostInputs.defaults(1, Duration.ZERO))
                .hasMessage("paymentTime must be positive but was PT0S");
        assertThatThrownBy(() -> new CostPrices(0.04048, -1, 0.2, 0.0000166667, 0.4, 0.5))
                .hasMessage("fargateGbHour must be positive but was -1.0");
    }
}
