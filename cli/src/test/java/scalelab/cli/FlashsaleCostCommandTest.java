package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import scalelab.core.json.Json;
import scalelab.flashsale.cost.CostInputs;
import scalelab.flashsale.cost.CostPrices;

/** {@code scalelab flashsale cost}: the table, the JSON, the defaults, and usage errors (exit 2). */
class FlashsaleCostCommandTest {
    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = new CommandLine(new FlashsaleCostCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsBothMonthlyCostsTheBreakEvenAndTheAssumptions() {
        Run run = run("--orders-per-month", "1000000", "--payment-time", "3s");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("as of 2026-06")
                .contains("1,000,000 orders/month, payment 3.0 s")
                .containsPattern("compute\\s+18\\.02\\s+25\\.17")
                .containsPattern("total\\s+19\\.72\\s+27\\.07")
                .contains("2 task(s) of 0.25 vCPU / 0.5 GB")
                .contains("1,000,000 invocations x 3010 ms billed at 512 MB")
                .contains("waiting for the payment: 25.00 USD")
                .contains("cheaper at this volume: containers")
                .contains("break-even: 710,382 orders/month")
                .contains("the payment WAIT is billed");
    }

    @Test
    void priceAndSizeFlagsOverrideTheDefaults() throws Exception {
        Run run = run(
                "--orders-per-month",
                "1000000",
                "--lambda-gb-second",
                "0.00001",
                "--lambda-memory",
                "1024",
                "--fargate-vcpu-hour",
                "0.05",
                "--peak-rate",
                "100",
                "--free-tier",
                "--json");

        assertThat(run.exitCode()).isZero();
        JsonNode json = Json.mapper().readTree(run.out());
        assertThat(json.at("/prices/lambda_gb_second").asDouble()).isEqualTo(0.00001);
        assertThat(json.at("/inputs/lambda_memory_mb").asInt()).isEqualTo(1024);
        assertThat(json.at("/inputs/lambda_free_tier").asBoolean()).isTrue();
        assertThat(json.at("/containers/tasks").asInt()).isEqualTo(3); // 100/s at 33.3/s per task
        // (3.010 s x 1e6 + 1% x 1 s x 1e6) x 1 GB = 3,020,000 GB-s - 400,000 free = 2,620,000 x $0.00001.
        assertThat(json.at("/functions/duration_monthly").asDouble())
                .isCloseTo(26.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.at("/break_even_orders_per_month").isNumber()).isTrue();
    }

    @Test
    void theDefaultsAreTheModelsDefaults() {
        var command = new FlashsaleCostCommand();
        new CommandLine(command).parseArgs("--orders-per-month", "5");
        assertThat(command.inputs()).isEqualTo(CostInputs.defaults(5, java.time.Duration.ofSeconds(3)));
        assertThat(command.prices()).isEqualTo(CostPrices.usEast1());
    }

    @Test
    void zeroNegativeOrMissingValuesAreUsageErrors() {
        Run missing = run("--payment-time", "3s");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--orders-per-month=N'");

        List<List<String>> bad = List.of(
                List.of("--orders-per-month", "0"),
                List.of("--orders-per-month", "-5"),
                List.of("--orders-per-month", "10", "--payment-time", "0"),
                List.of("--orders-per-month", "10", "--payment-time", "-1s"),
                List.of("--orders-per-month", "10", "--payment-time", "soon"),
                List.of("--orders-per-month", "10", "--task-vcpu", "0"),
                List.of("--orders-per-month", "10", "--orders-per-task", "-1"),
                List.of("--orders-per-month", "10", "--min-tasks", "0"),
                List.of("--orders-per-month", "10", "--peak-factor", "0"),
                List.of("--orders-per-month", "10", "--peak-rate", "0"),
                List.of("--orders-per-month", "10", "--lambda-memory", "0"),
                List.of("--orders-per-month", "10", "--cold-start-fraction", "-0.1"),
                List.of("--orders-per-month", "10", "--lambda-gb-second", "0"),
                List.of("--orders-per-month", "10", "--fargate-gb-hour", "-0.004"),
                List.of("--orders-per-month", "ten"));
        for (List<String> args : bad) {
            Run run = run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.out()).as(String.join(" ", args)).isEmpty();
        }
        assertThat(run("--orders-per-month", "0").err()).contains("ordersPerMonth must be at least 1 but was 0");
        assertThat(run("--orders-per-month", "1", "--payment-time", "0").err())
                .contains("paymentTime must be positive but was PT0S");
        assertThat(run("--orders-per-month", "1", "--payment-time", "-1s").err())
                .contains("--payment-time: a duration cannot be negative");
        assertThat(run("--orders-per-month", "1", "--peak-rate", "0").err())
                .contains("--peak-rate must be positive but was 0.0");
    }

    @Test
    void helpExplainsTheOptionsWithTheirDefaults() {
        Run run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().replaceAll("\\s+", " "))
                .contains("Usage: cost", "--orders-per-month=N", "--payment-time=DURATION", "default: 3s")
                .contains("--orders-per-task=N", "default: 100")
                .contains("--lambda-memory=MB", "default: 512")
                .contains("--fargate-vcpu-hour=USD", "default: 0.04048")
                .contains("payment WAIT");
    }
}
