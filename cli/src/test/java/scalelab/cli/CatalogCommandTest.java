package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import scalelab.catalog.remote.RemoteConfig;
import scalelab.cli.CliTest.Run;

/** {@code scalelab catalog} and its four services alone: help, usage errors, refused settings. */
class CatalogCommandTest {
    static final String[] URLS = {
        "--products-url", "http://127.0.0.1:8081",
        "--warehouse-url", "http://127.0.0.1:8083",
        "--payments-url", "http://127.0.0.1:8084"
    };

    @Test
    void catalogHelpListsTheFourServicesAndTheSecurityOptions() {
        Run run = CliTest.run("catalog", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Usage: scalelab catalog", "products", "carts", "warehouse", "payments")
                .contains("--api-key=KEY", "X-API-Key", "SCALELAB_API_KEY", "--jwt-secret=SECRET", "--port");
    }

    @Test
    void eachServiceExplainsItselfWithHelp() {
        for (String service : new String[] {"products", "carts", "warehouse", "payments"}) {
            Run run = CliTest.run("catalog", service, "--help");
            assertThat(run.exitCode()).as(service).isZero();
            assertThat(run.out()).contains("Usage: scalelab catalog " + service, "--port", "--api-key", "--jwt-secret");
        }
    }

    @Test
    void cartsHelpExplainsWhereTheOtherServicesAreAndTheTimeouts() {
        Run run = CliTest.run("catalog", "carts", "--help");
        assertThat(run.out())
                .contains("--products-url=URL", "--warehouse-url=URL", "--payments-url=URL")
                .contains("--timeout=DURATION", "default: 5s", "--connect-timeout=DURATION", "default: 2s");
        assertThat(CliTest.run("catalog", "payments", "--help").out()).contains("--carts-url=URL", "--timeout");
    }

    @Test
    void cartsWithoutTheProductsUrlIsAUsageError() {
        Run run = CliTest.run(
                "catalog",
                "carts",
                "--port",
                "0",
                "--warehouse-url",
                "http://127.0.0.1:8083",
                "--payments-url",
                "http://127.0.0.1:8084");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("Missing required option: '--products-url=URL'")
                .contains("Try 'scalelab catalog carts --help'.");
    }

    @Test
    void paymentsWithoutTheCartsUrlIsAUsageError() {
        Run run = CliTest.run("catalog", "payments", "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--carts-url=URL'");
    }

    @Test
    void malformedUrlOrTimeoutIsAUsageError() {
        Run badUrl = CliTest.run(
                "catalog",
                "carts",
                "--port",
                "0",
                "--products-url",
                "ftp://127.0.0.1",
                "--warehouse-url",
                "http://127.0.0.1:8083",
                "--payments-url",
                "http://127.0.0.1:8084");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).contains("Invalid value for option '--products-url'");

        String[] args = new String[URLS.length + 5];
        args[0] = "catalog";
        args[1] = "carts";
        args[2] = "--port";
        args[3] = "0";
        args[4] = "--timeout=soon";
        System.arraycopy(URLS, 0, args, 5, URLS.length);
        Run badTimeout = CliTest.run(args);
        assertThat(badTimeout.exitCode()).isEqualTo(2);
        assertThat(badTimeout.err()).contains("not a duration: 'soon'");
    }

    @Test
    void shortJwtSecretFailsWithExit1AndOneLineThatHidesIt() {
        Run run = CliTest.run("catalog", "--port", "0", "--jwt-secret", "too-short-secret");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip())
                .isEqualTo("scalelab: --jwt-secret must be at least 32 bytes for HS256 but was 16 bytes");
        Run service = CliTest.run("catalog", "products", "--port", "0", "--jwt-secret", "too-short-secret");
        assertThat(service.exitCode()).isEqualTo(1);
        assertThat(service.err()).doesNotContain("too-short-secret");
    }

    private static String[] carts(String... before) {
        var args = new java.util.ArrayList<String>(List.of("catalog"));
        args.addAll(List.of(before));
        args.addAll(List.of("carts", "--port", "0"));
        args.addAll(List.of(URLS));
        return args.toArray(String[]::new);
    }

    @Test
    @Timeout(30) // without the check the service would start and serve until stopped
    void optionsBeforeTheServiceNameAreAUsageErrorNotSilentlyDropped() {
        for (String[] before : List.of(
                new String[] {"--api-key", "K-secret-key"},
                new String[] {"--jwt-secret", "a-secret-of-at-least-thirty-two-bytes!"},
                new String[] {"--port", "9999"},
                new String[] {"--db", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"})) {
            Run run = CliTest.run(carts(before));
            assertThat(run.exitCode()).as(before[0]).isEqualTo(2);
            assertThat(run.err())
                    .as(before[0])
                    .contains("Options before 'carts'", before[0], "Put them after 'carts'")
                    .doesNotContain("K-secret-key", "a-secret-of-at-least");
        }
    }

    @Test
    @Timeout(30)
    void dbGivenToAServiceAloneIsAUsageErrorNotSilentlyIgnored() {
        Run run = CliTest.run(
                "catalog",
                "payments",
                "--port",
                "0",
                "--carts-url",
                "http://127.0.0.1:8082",
                "--db",
                "jdbc:postgresql://x/y");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--db is not supported by 'payments' alone", "in memory");
    }

    /** The default the help shows for {@code --timeout} of a service. */
    private static String defaultTimeoutOf(String service) {
        String help = CliTest.run("catalog", service, "--help").out();
        var matcher = java.util.regex.Pattern.compile("(?s)--timeout=DURATION[^(]*\\(default: (\\w+)")
                .matcher(help);
        assertThat(matcher.find()).as(help).isTrue();
        return matcher.group(1);
    }

    @Test
    void paymentsGivesUpOnCartsSoonerThanCartsGivesUpOnPayments() {
        assertThat(defaultTimeoutOf("payments")).isEqualTo("2s");
        assertThat(defaultTimeoutOf("carts")).isEqualTo("5s");
        assertThat(RemoteConfig.forCartsLookup().requestTimeout())
                .isLessThan(RemoteConfig.ofDefaults().requestTimeout());
    }
}
