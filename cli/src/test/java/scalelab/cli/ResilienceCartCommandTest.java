package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import scalelab.resilience.cart.FixedConfig;
import scalelab.resilience.cart.Variant;

/** {@code scalelab resilience cart}: help with every default, defaults equal to the library's, usage errors. */
class ResilienceCartCommandTest {
    private record Run(int exitCode, String out, String err) {}

    private static Run run(ResilienceCartCommand command, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        Run run = run(new ResilienceCartCommand(), "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().replaceAll("\\s+", " ")) // help wraps lines wherever it likes
                .contains("Usage: cart", "--port", "--product-url=URL", "SCALELAB_PRODUCT_URL")
                .contains("--variant=fixed|vulnerable", "default: fixed")
                .contains("--timeout=DURATION", "default: 500ms")
                .contains("--breaker-window=CALLS", "default: 10")
                .contains("--failure-rate=PERCENT", "default: 50")
                .contains("--slow-call=DURATION", "default: 300ms")
                .contains("--open-wait=DURATION", "default: 5s")
                .contains("--half-open-calls=CALLS", "default: 3")
                .contains("--bulkhead=CALLS", "default: 20")
                .contains("--cache-ttl=DURATION", "default: 5m");
    }

    @Test
    void theDefaultsAreTheLibrarysDefaults() {
        var command = new ResilienceCartCommand();
        new CommandLine(command).parseArgs("--product-url", "http://127.0.0.1:8081");
        assertThat(command.fixedConfig()).isEqualTo(FixedConfig.defaults());
        assertThat(command.variant()).isEqualTo(Variant.FIXED);
    }

    @Test
    void optionsBecomeTheFixedConfig() {
        var command = new ResilienceCartCommand();
        new CommandLine(command)
                .parseArgs(
                        "--product-url", "http://127.0.0.1:8081",
                        "--variant", "vulnerable",
                        "--timeout", "250ms",
                        "--open-wait", "10s",
                        "--bulkhead", "5");
        FixedConfig config = command.fixedConfig();
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.openWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.bulkheadCalls()).isEqualTo(5);
        assertThat(command.variant()).isEqualTo(Variant.VULNERABLE);
    }

    @Test
    void missingOrBadSettingsAreUsageErrors() {
        Run noUrl = run(new ResilienceCartCommand(), "--port", "0");
        assertThat(noUrl.exitCode()).isEqualTo(2);
        assertThat(noUrl.err()).contains("Missing required option: '--product-url=URL'");

        String url = "http://127.0.0.1:8081";
        assertThat(run(new ResilienceCartCommand(), "--product-url", "ftp://x", "--port", "0")
                        .err())
                .contains("is not an http://host:port URL");
        for (String withQuery : List.of("http://h:8081/?a=b", "http://h:8081#top", "http://h:8081/x?")) {
            Run query = run(new ResilienceCartCommand(), "--product-url", withQuery, "--port", "0");
            assertThat(query.exitCode()).as(withQuery).isEqualTo(2);
            assertThat(query.err()).contains("has a query or fragment");
        }
        assertThat(run(new ResilienceCartCommand(), "--product-url", url, "--variant", "both")
                        .err())
                .contains("variant must be fixed or vulnerable");
        assertThat(run(new ResilienceCartCommand(), "--product-url", url, "--timeout", "soon")
                        .err())
                .contains("--timeout: not a duration");
        Run badRate = run(new ResilienceCartCommand(), "--product-url", url, "--failure-rate", "150");
        assertThat(badRate.exitCode()).isEqualTo(2);
        assertThat(badRate.err()).contains("failureRatePercent must be in (0, 100] but was 150");
    }
}
