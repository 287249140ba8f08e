package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import scalelab.cli.CliTest.Run;

/** {@code scalelab resilience ...} as a user types it. */
class ResilienceCommandTest {

    @Test
    void resilienceHelpListsTheProductService() {
        Run run = CliTest.run("resilience", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: scalelab resilience", "product");
    }

    @Test
    void productHelpShowsThePortTheAdminTokenAndTheAdminEndpoints() {
        Run run = CliTest.run("resilience", "product", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Usage: scalelab resilience product", "--port", "--admin-token", "SCALELAB_ADMIN_TOKEN")
                .contains("/fail/on", "/latency?ms=N");
    }

    @Test
    void theTopLevelHelpListsResilience() {
        assertThat(CliTest.run("--help").out()).contains("resilience");
    }

    @Test
    void resilienceWithoutASubcommandIsAUsageError() {
        Run run = CliTest.run("resilience");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required subcommand", "Try 'scalelab resilience --help'.");
    }

    @Test
    void aBadPortIsAUsageErrorWithExit2() {
        Run run = CliTest.run("resilience", "product", "--port", "eighty");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid value for option '--port'");
    }
}
