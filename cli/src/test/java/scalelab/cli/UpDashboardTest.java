package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What `scalelab up` hands its dashboard: the experiments it may start and how to start them. */
class UpDashboardTest {
    @Test
    void theDashboardMayStartEveryExperimentOfTheCli() {
        var up = Main.commandLine().getSubcommands().get("up");
        var experiments = Main.commandLine().getSubcommands().get("experiment").getSubcommands();
        assertThat(UpDashboard.experimentNames(up))
                .containsExactlyElementsOf(experiments.keySet())
                .contains("response-times", "concurrency", "circuit-breaker");
    }

    @Test
    void experimentsRunAsThisSameProgramInAChildJvm() {
        var command = UpDashboard.experimentCommand();
        assertThat(command.getFirst()).endsWith("java");
        assertThat(command.subList(command.size() - 3, command.size()))
                .containsExactly("-cp", System.getProperty("java.class.path"), "scalelab.cli.Main");
    }

    @Test
    void upHelpShowsTheDashboardPort() {
        var run = CliTest.run("up", "--help");
        assertThat(run.out()).contains("--dashboard-port", "default: 8080");
    }
}
