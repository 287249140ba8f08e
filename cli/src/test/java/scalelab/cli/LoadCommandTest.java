package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.kv.KvRoutes;
import scalelab.kv.KvStore;

/** `scalelab load` as a user runs it, against a kv server in this JVM. */
class LoadCommandTest {
    private static HttpServer kv;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        kv = HttpServer.start(ServerConfig.loopback("kv"), new KvRoutes(new KvStore(KvStore.DEFAULT_MAX_KEYS)));
    }

    @AfterAll
    static void stop() {
        kv.close();
    }

    private CliTest.Run load(String... args) {
        var all = new java.util.ArrayList<>(
                java.util.List.of("load", "--host", kv.uri().toString()));
        all.addAll(java.util.List.of(args));
        return CliTest.run(all.toArray(String[]::new));
    }

    @Test
    void inlineRequestsRunAndWriteEveryReport() throws Exception {
        Path body = dir.resolve("body.json");
        Files.writeString(body, "{\"key\":\"test:3\",\"value\":\"x\"}");
        var run = load(
                "-u",
                "4",
                "-r",
                "8",
                "-t",
                "2s",
                "--get",
                "/get?key=test:3",
                "--post",
                "/post:@" + body + ":1",
                "--threshold",
                "errors<1%",
                "--out",
                dir.resolve("out").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Type", "/get?key=test", "/post", "Aggregated", "users 4/4", "done: ", "report: ");
        for (String file : new String[] {
            "stats.csv", "stats_history.csv", "failures.csv", "summary.json", "index.html", "samples.csv"
        }) {
            assertThat(dir.resolve("out").resolve(file)).exists();
        }
    }

    @Test
    void helpListsEveryScenario() {
        var run = CliTest.run("load", "--help");
        assertThat(run.exitCode()).isZero();
        String help = run.out().replaceAll("\\s+", " ");
        for (String name : Scenarios.NAMES.split(", ")) {
            assertThat(help).as(name).containsPattern("Scenarios \\(--scenario\\):.*\\b" + name + "\\b");
        }
    }

    @Test
    void aBreachedThresholdExitsOneWithItsReason() {
        var run = load(
                "-u",
                "2",
                "-t",
                "1s",
                "--scenario",
                "kv",
                "--wait",
                "0",
                "--threshold",
                "rps>10000000",
                "--out",
                dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip())
                .startsWith("scalelab: threshold breached: rps>10000000 (measured ")
                .doesNotContain("\n");
    }

    @Test
    void openModelRunsAtTheGivenRate() throws Exception {
        var run = load("-u", "2", "-t", "2s", "--rate", "100/s", "--get", "/get?key=a", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        var summary = scalelab.core.json.Json.mapper().readTree(Files.readString(dir.resolve("summary.json")));
        assertThat(summary.get("requests").asLong()).isBetween(195L, 205L);
        assertThat(summary.at("/parameters/model").asText()).isEqualTo("open");
    }

    @Test
    void mergeCombinesTwoRuns() {
        assertThat(load(
                                "-u",
                                "2",
                                "-t",
                                "1s",
                                "--get",
                                "/get?key=a",
                                "--out",
                                dir.resolve("a").toString())
                        .exitCode())
                .isZero();
        assertThat(load(
                                "-u",
                                "2",
                                "-t",
                                "1s",
                                "--get",
                                "/get?key=a",
                                "--out",
                                dir.resolve("b").toString())
                        .exitCode())
                .isZero();
        var run = CliTest.run(
                "load",
                "merge",
                dir.resolve("a").toString(),
                dir.resolve("b").toString(),
                "--out",
                dir.resolve("m").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("merged 2 reports: ");
        assertThat(dir.resolve("m").resolve("index.html")).exists();
    }

    @Test
    void badInputGetsAOneLineAnswer() {
        assertThat(CliTest.run("load", "-t", "1s", "--get", "/").err())
                .contains("Missing required option: '--host=URL'");
        var noRequests = load("-t", "1s");
        assertThat(noRequests.exitCode()).isEqualTo(2); // a usage error, unlike a breached threshold (1)
        assertThat(noRequests.err())
                .startsWith("scalelab: give requests with --get/--post, or a --scenario")
                .contains("Try 'scalelab load --help'.");
        assertThat(load("-t", "soon", "--get", "/").exitCode()).isEqualTo(2);
        assertThat(CliTest.run("load", "--host", "https://127.0.0.1:1", "--get", "/")
                        .err())
                .contains("use --client standard for https");
        assertThat(CliTest.run("load", "--host", kv.uri() + "/api", "--get", "/")
                        .err())
                .contains("without a path");
        assertThat(load("-r", "5", "--rate", "10/s", "--get", "/").err())
                .contains("--spawn-rate has no meaning with --rate");
        assertThat(load("--timeout", "0", "--get", "/").err()).contains("at least 1 ms");
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(load("-t", "soon", "--get", "/").err()).contains("not a duration: 'soon'");
        assertThat(load("--client", "turbo", "--get", "/").err()).contains("unknown client 'turbo'");
        assertThat(load("--rate", "fast", "--get", "/").err()).contains("--rate needs a positive number");
        assertThat(load("--scenario", "nope").err())
                .contains(
                        "unknown scenario 'nope': choose one of albums, catalog, flashsale-async, flashsale-sync, kv");
        assertThat(load("--threshold", "p99=1", "--get", "/").err()).contains("cannot read threshold");
        assertThat(CliTest.run("load", "--host", "127.0.0.1:8082", "--get", "/").err())
                .contains("Invalid value for option '--host'");
        assertThat(CliTest.run("load", "--host", "localhost", "--get", "/").err())
                .contains("--host needs a URL");
        assertThat(CliTest.run("load", "merge", dir.toString()).err()).contains("not a scalelab load report");
    }

    @Test
    void loadAndExperimentsExplainThemselves() {
        for (String[] args : new String[][] {
            {"load", "--help"},
            {"load", "merge", "--help"},
            {"experiment", "response-times", "--help"},
            {"experiment", "kv-load", "--help"}
        }) {
            var run = CliTest.run(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).contains("Usage: scalelab " + args[0]);
        }
        assertThat(CliTest.run("load", "--help").out())
                .contains("--rate", "--threshold", "--client", "--scenario", "Locust");
    }
}
