package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scalelab program run in-process, as `scalelab ARGS`: exit codes and one-line errors. */
class CliTest {
    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpExitsZeroAndListsTheCommands() {
        Run run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: scalelab", "up", "albums", "kv", "experiment");
    }

    @Test
    void everyCommandExplainsItselfWithHelp() {
        for (String[] args : new String[][] {
            {"albums", "--help"},
            {"kv", "--help"},
            {"up", "--help"},
            {"experiment", "--help"},
            {"experiment", "shared-state", "--help"}
        }) {
            Run run = run(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).contains("Usage: scalelab " + args[0]);
        }
    }

    @Test
    void noHelpTextHasAnUnescapedPercentSign() {
        // picocli formats descriptions with String.format: a bare % prints a warning instead of the text
        var pending = new java.util.ArrayDeque<picocli.CommandLine>(List.of(CliModel.raw())); // ${...} not expanded
        while (!pending.isEmpty()) {
            var command = pending.pop();
            var spec = command.getCommandSpec();
            var texts =
                    new java.util.ArrayList<String>(List.of(spec.usageMessage().description()));
            texts.addAll(List.of(spec.usageMessage().footer()));
            spec.options().forEach(option -> texts.addAll(List.of(option.description())));
            for (String text : texts) {
                assertThat(text.replace("%%", "").replace("%n", ""))
                        .as(spec.qualifiedName() + ": " + text)
                        .doesNotContain("%");
            }
            pending.addAll(command.getSubcommands().values());
        }
    }

    @Test
    void badSearchBalancerAndUpValuesAreUsageErrorsNamingTheOption() {
        for (String[] args : new String[][] {
            {"search", "--cpu-budget", "-1"},
            {"search", "--products-checked", "0"},
            {"search", "--port", "70000"},
            {"scaling", "lb", "--target", "http://127.0.0.1:99999"},
            {"scaling", "lb", "--target", "http://127.0.0.1:9001/path"},
            {"scaling", "lb", "--target", "http://user@127.0.0.1:9001"},
            {"scaling", "up", "--lb", "ftp://x"},
            {"up", "--base-port", "70000"},
        }) {
            Run run = run(args);
            assertThat(run.exitCode())
                    .as(String.join(" ", args) + ": " + run.err())
                    .isEqualTo(2);
            assertThat(run.err())
                    .as(String.join(" ", args))
                    .containsAnyOf(
                            "--cpu-budget", "--products-checked", "--port", "a target is", "--lb:", "--base-port")
                    .doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void versionExitsZero() {
        Run run = run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("scalelab ");
    }

    @Test
    void unknownCommandIsAUsageErrorWithExit2() {
        Run run = run("frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("scalelab: Unmatched argument").contains("Try 'scalelab --help'.");
    }

    @Test
    void unknownExperimentIsAUsageError() {
        Run run = run("experiment", "no-such-experiment");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Try 'scalelab experiment --help'.");
    }

    @Test
    void missingSubcommandIsAUsageError() {
        Run run = run("experiment");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required subcommand");
    }

    @Test
    void badOptionValueIsAUsageErrorWithExit2() {
        Run run = run("albums", "--port", "eighty");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid value for option '--port'").contains("Try 'scalelab albums --help'.");
    }

    @Test
    void invalidSettingFailsWithExit1AndOneLine() {
        Run run = run("albums", "--max-albums", "0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("scalelab: --max-albums must be >= 1 but was 0");
    }

    @Test
    void invalidKvSettingFailsWithExit1AndOneLine() {
        Run run = run("kv", "--max-keys", "0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("scalelab: maxKeys must be >= 1 but was 0");
    }

    @Test
    void unreachableDatabaseFailsWithExit1AndNoStackTrace() {
        Run run =
                run("albums", "--port", "0", "--db", "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hush");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err())
                .startsWith("scalelab: cannot connect to PostgreSQL at")
                .doesNotContain("hush", "\tat ");
    }

    @Test
    void portInUseFailsWithExit1AndOneLine() throws Exception {
        try (var taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Run run = run("albums", "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).startsWith("scalelab: ").doesNotContain("\tat ");
        }
    }
}
