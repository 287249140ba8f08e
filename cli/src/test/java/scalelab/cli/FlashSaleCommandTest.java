package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import scalelab.flashsale.FlashSaleConfig;
import scalelab.flashsale.Processor;

/**
 * {@code scalelab flashsale} and {@code scalelab flashsale worker}: help, defaults, usage errors (exit 2). Usage
 * errors are caught before anything starts; a case that started a service would fail by the timeout, not hang.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlashSaleCommandTest {
    private static final String AMQP = "amqp://guest:guest@127.0.0.1:5672/";
    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @Test
    void helpListsEveryOptionWithItsDefault() {
        CliTest.Run run = CliTest.run("flashsale", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().replaceAll("\\s+", " "))
                .contains("Usage: scalelab flashsale", "--port", "--broker=URL", "default: in-process")
                .contains("--db=URL", "--workers=N", "default: 10", "--prefetch=P")
                .contains("--payment-time=DURATION", "default: 3s")
                .contains("--sync-timeout=DURATION", "default: 30s")
                .contains("--sync-permits=N", "--processor=workers|function", "worker");
        CliTest.Run worker = CliTest.run("flashsale", "worker", "--help");
        assertThat(worker.exitCode()).isZero();
        assertThat(worker.out()).contains("Usage: scalelab flashsale worker", "--broker", "--db", "--workers");
    }

    @Test
    void helpTextIsNotWrappedMidSentenceAndTheWorkerSummaryIsASentence() {
        String help = CliTest.run("flashsale", "--help").out();
        assertThat(help).contains("(one payment at a\ntime by default;");
        assertThat(help).contains("worker  Run flash-sale order workers alone, beside an order API process.");
        String workerHelp = CliTest.run("flashsale", "worker", "--help").out();
        for (String text : List.of(help, workerHelp)) {
            assertThat(text.lines().filter(line -> !line.startsWith(" ")).filter(line -> line.length() > 80))
                    .as("description lines longer than the 80-column usage width (picocli re-wraps them)")
                    .isEmpty();
        }
    }

    @Test
    void theDefaultsAreTheLibrarysDefaults() {
        var command = new FlashSaleCommand();
        var cli = new CommandLine(command);
        cli.parseArgs("--broker", "in-process", "--db", "", "--db-schema", "flashsale", "--workers", "10");
        assertThat(command.config()).isEqualTo(FlashSaleConfig.defaults());
    }

    @Test
    void optionsBecomeTheConfig() {
        var command = new FlashSaleCommand();
        new CommandLine(command)
                .parseArgs(
                        "--broker", AMQP,
                        "--db", DB,
                        "--db-schema", "flashsale_b",
                        "--workers", "20",
                        "--prefetch", "40",
                        "--payment-time", "250ms",
                        "--sync-timeout", "1.5s",
                        "--sync-permits", "2",
                        "--processor", "function");
        FlashSaleConfig config = command.config();
        assertThat(config.brokerUrl()).isEqualTo(AMQP);
        assertThat(config.dbUrl()).isEqualTo(DB);
        assertThat(config.dbSchema()).isEqualTo("flashsale_b");
        assertThat(config.workers()).isEqualTo(20);
        assertThat(config.prefetch()).isEqualTo(40);
        assertThat(config.paymentTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.syncTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.syncPermits()).isEqualTo(2);
        assertThat(config.processor()).isEqualTo(Processor.FUNCTION);
    }

    @Test
    void badSettingsOfTheApiAreUsageErrors() {
        String[][] cases = {
            {"--broker", "http://127.0.0.1:5672", "is not in-process or an amqp://host:port URL"},
            {"--db", "postgres://x", "is not a jdbc:postgresql://host:port/database URL"},
            {"--workers", "-1", "workers must be >= 0 but was -1"},
            {"--db-schema", "Flash-Sale", "db schema must be lower-case letters, digits and underscores"},
            {"--prefetch", "5", "prefetch must be at least the workers (10) but was 5"},
            {"--payment-time", "soon", "--payment-time: not a duration"},
            {"--sync-timeout", "-1s", "--sync-timeout: a duration cannot be negative"},
            {"--sync-permits", "0", "sync permits must be >= 1 but was 0"},
            {"--processor", "lambda", "processor must be workers or function but was lambda"}
        };
        for (String[] c : cases) {
            CliTest.Run run = CliTest.run("flashsale", "--port", "0", c[0], c[1]);
            assertThat(run.exitCode()).as(c[0] + " " + c[1]).isEqualTo(2);
            assertThat(run.err()).as(c[0] + " " + c[1]).contains(c[2]).contains("Try 'scalelab flashsale --help'.");
        }
    }

    @Test
    void theWorkerProcessNeedsARealBrokerAndTheSharedDatabase() {
        String[][] cases = {
            {"a worker process needs --broker amqp://", "--db", DB},
            {"a worker process needs --broker amqp://", "--broker", "in-process", "--db", DB},
            // --db "" explicitly: CI exports SCALELAB_DB_URL, the option's default
            {"a worker process needs --db jdbc:postgresql://", "--broker", AMQP, "--db", ""},
            {"--workers must be >= 1 but was 0", "--broker", AMQP, "--db", DB, "--workers", "0"},
            {
                "prefetch must be at least the workers (4) but was 2",
                "--broker",
                AMQP,
                "--db",
                DB,
                "--workers",
                "4",
                "--prefetch",
                "2"
            },
            {"--payment-time: not a duration", "--broker", AMQP, "--db", DB, "--payment-time", "3 seconds"}
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 1];
            args[0] = "flashsale";
            args[1] = "worker";
            System.arraycopy(c, 1, args, 2, c.length - 1);
            CliTest.Run run = CliTest.run(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err())
                    .as(String.join(" ", args))
                    .contains(c[0])
                    .contains("Try 'scalelab flashsale worker --help'.");
        }
    }
}
