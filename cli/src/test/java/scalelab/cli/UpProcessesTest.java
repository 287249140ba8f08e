package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code scalelab up --processes}: the plan of child processes and the options (no process is started here). */
class UpProcessesTest {
    private static final ProcessPlan PLAN = new ProcessPlan("127.0.0.1", 9100, 2, 2, 1);

    @Test
    void everyRoleIsARealCommandLineOfTheProgram() {
        for (ProcessPlan.Role role : PLAN.roles()) {
            var parsed = Main.commandLine().parseArgs(role.args().toArray(String[]::new));
            assertThat(parsed.subcommand()).as(role.name()).isNotNull();
        }
    }

    @Test
    void servicesKeepTheEmbeddedPortsAndWorkersGetHealthPortsAfterThem() {
        List<ProcessPlan.Role> roles = PLAN.roles();
        assertThat(roles)
                .extracting(ProcessPlan.Role::name)
                .containsExactly(
                        "albums",
                        "kv",
                        "catalog",
                        "product",
                        "cart",
                        "flashsale",
                        "mapreduce",
                        "search",
                        "lb",
                        "flashsale-worker-1",
                        "flashsale-worker-2",
                        "mapper-1",
                        "mapper-2",
                        "reducer-1");
        assertThat(roles.subList(0, 9))
                .extracting(ProcessPlan.Role::port)
                .containsExactly(9100, 9101, 9102, 9103, 9104, 9105, 9106, 9107, 9108);
        assertThat(roles.subList(9, roles.size()))
                .allSatisfy(r -> assertThat(r.service()).isFalse())
                .extracting(ProcessPlan.Role::port)
                .containsExactly(9109, 9110, 9111, 9112, 9113);
        assertThat(new HashSet<>(roles.stream().map(ProcessPlan.Role::port).toList()))
                .hasSize(roles.size());
    }

    @Test
    void theCartCallsTheProductServiceAndTheFlashSaleApiLeavesPaymentToTheWorkers() {
        var byName = PLAN.roles().stream()
                .collect(java.util.stream.Collectors.toMap(ProcessPlan.Role::name, ProcessPlan.Role::args));
        assertThat(byName.get("cart")).containsSequence("--product-url", "http://127.0.0.1:9103");
        assertThat(byName.get("flashsale")).containsSequence("--workers", "0");
        assertThat(byName.get("flashsale-worker-1")).containsSequence("flashsale", "worker");
        assertThat(byName.get("lb")).containsSequence("--target", "http://127.0.0.1:9107");
    }

    @Test
    void noPasswordIsOnAChildsCommandLine() {
        for (ProcessPlan.Role role : PLAN.roles()) {
            assertThat(String.join(" ", role.args()))
                    .as(role.name())
                    .doesNotContain("amqp", "jdbc", "--broker", "--db");
        }
    }

    @Test
    void onEveryAddressTheUrlsUseLoopback() {
        assertThat(new ProcessPlan("0.0.0.0", 9100, 1, 1, 1).connectHost()).isEqualTo("127.0.0.1");
        assertThat(PLAN.connectHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void aBasePortWithTooFewPortsAboveItIsRefused() {
        assertThatThrownBy(() -> new ProcessPlan("127.0.0.1", 65_530, 2, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--base-port");
    }

    @Test
    void processOptionsWithoutProcessesAreAUsageError() {
        CliTest.Run run = CliTest.run("up", "--broker", "amqp://127.0.0.1:5672/");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--broker is only used with --processes");
    }

    @Test
    void processesNeedARabbitMqAndAPostgres() {
        CliTest.Run inProcess = CliTest.run("up", "--processes", "--broker", "in-process");
        assertThat(inProcess.exitCode()).isEqualTo(2);
        assertThat(inProcess.err()).contains("--processes needs a RabbitMQ");
        CliTest.Run memory = CliTest.run("up", "--processes", "--db", "memory");
        assertThat(memory.exitCode()).isEqualTo(2);
        assertThat(memory.err()).contains("--processes needs a PostgreSQL");
    }

    @Test
    void zeroWorkerProcessesIsAUsageError() {
        CliTest.Run run = CliTest.run("up", "--processes", "--mappers", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--mappers");
    }

    @Test
    void theDefaultsAreTheLocalServicesUnlessTheEnvironmentSaysOtherwise() {
        var spec =
                new CommandLine(new UpCommand()).setInterpolateVariables(false).getCommandSpec();
        assertThat(spec.findOption("--broker").defaultValue())
                .isEqualTo("${env:SCALELAB_BROKER_URL:-amqp://guest:guest@127.0.0.1:5672/%2F}");
        assertThat(spec.findOption("--db").defaultValue())
                .isEqualTo("${env:SCALELAB_DB_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}");
        assertThat(spec.findOption("--java-opts").defaultValue())
                .isEqualTo("${env:SCALELAB_PROCESS_JAVA_OPTS:--XX:+UseSerialGC -Xss512k -Xmx384m}");
    }
}
