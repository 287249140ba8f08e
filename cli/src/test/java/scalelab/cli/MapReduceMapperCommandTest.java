package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code scalelab mapreduce mapper --task-delay}: documented, and a bad value is a usage error on one line. */
class MapReduceMapperCommandTest {
    private static final String RABBIT = "amqp://guest:guest@127.0.0.1:5672/";

    @Test
    void theTaskDelayIsDocumentedWithWhatItIsFor() {
        CliTest.Run run = CliTest.run("mapreduce", "mapper", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().replaceAll("\\s+", " "))
                .contains("--task-delay=DURATION", "default: 0", "tasks queue up and move between mappers", "kill a")
                .contains("mapper mid-task in a demo or test");
    }

    @Test
    void aTaskDelayThatIsNotADurationIsAUsageError() {
        for (String bad : new String[] {"soon", "-2s", "2"}) {
            CliTest.Run run = CliTest.run("mapreduce", "mapper", "--broker", RABBIT, "--task-delay", bad);

            assertThat(run.exitCode()).as(bad).isEqualTo(2);
            assertThat(run.err()).as(bad).startsWith("scalelab: --task-delay: ").doesNotContain("\tat ");
        }
    }
}
