package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.testkit.FreePorts;
import scalelab.testkit.RealServices;
import scalelab.testkit.TestHttp;

/** The ./scalelab launcher and the built jar, run as a user runs them (after `package`). */
class LauncherIT {
    static final Path LAUNCHER = Path.of("..", "scalelab").toAbsolutePath().normalize();
    static final String JDK17_BIN = "/usr/lib/jvm/java-17-openjdk-amd64/bin";

    static ProcessBuilder launcher(String... args) {
        var command = new ArrayList<String>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command);
        pb.environment().put("SCALELAB_SKIP_BUILD", "true"); // the jar was just built by this build
        return pb;
    }

    static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Reads the process's output into {@code lines} as it comes, until it ends. */
    static Thread collectLines(Process p, List<String> lines) {
        return Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    @Test
    void runsOnAJdk21EvenWhenTheJavaOnPathIs17() throws Exception {
        var pb = launcher("--version").redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        Assumptions.assumeTrue(
                Files.isDirectory(Path.of(JDK17_BIN)), "no JDK 17 at " + JDK17_BIN + " to put first on PATH");
        pb.environment().put("PATH", JDK17_BIN + ":/usr/bin:/bin");
        Process p = pb.start();
        String out = output(p);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("scalelab ").containsPattern("JVM: (2[1-9]|[3-9][0-9])");
    }

    @Test
    void upServesTheAlbumsAndStopsCleanlyOnSigterm() throws Exception {
        int port = FreePorts.range(10); // nine services from --base-port on, then the dashboard
        int dashboardPort = port + 9;
        Process p = launcher(
                        "up",
                        "--host",
                        "127.0.0.1",
                        "--base-port",
                        Integer.toString(port),
                        "--dashboard-port",
                        Integer.toString(dashboardPort))
                .redirectErrorStream(true)
                .start();
        var lines = new CopyOnWriteArrayList<String>();
        Thread reader = collectLines(p, lines);
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> lines.stream().anyMatch(l -> l.startsWith("scalelab is up")));
            assertThat(lines).anyMatch(l -> l.matches("albums\\s+http://127\\.0\\.0\\.1:" + port));
            var http = TestHttp.of(URI.create("http://127.0.0.1:" + port));
            assertThat(http.get("/albums/1").body()).contains("Blue Train");
            assertThat(lines).anyMatch(l -> l.matches("kv\\s+http://127\\.0\\.0\\.1:" + (port + 1)));
            var kv = TestHttp.of(URI.create("http://127.0.0.1:" + (port + 1)));
            assertThat(kv.get("/get?key=absent").body()).isEqualTo("{\"value\":\"\"}");
            assertThat(lines).anyMatch(l -> l.matches("product\\s+http://127\\.0\\.0\\.1:" + (port + 3)));
            var product = TestHttp.of(URI.create("http://127.0.0.1:" + (port + 3)));
            assertThat(product.get("/products/1").body()).contains("Laptop");
            assertThat(lines).anyMatch(l -> l.matches("cart\\s+http://127\\.0\\.0\\.1:" + (port + 4)));
            var cart = TestHttp.of(URI.create("http://127.0.0.1:" + (port + 4)));
            assertThat(cart.get("/fixed/metrics").body()).contains("\"circuit_breaker_state\":\"CLOSED\"");
            assertThat(lines).anyMatch(l -> l.matches("flashsale\\s+http://127\\.0\\.0\\.1:" + (port + 5)));
            var flashsale = TestHttp.of(URI.create("http://127.0.0.1:" + (port + 5)));
            assertThat(flashsale.get("/health").body()).contains("\"broker\":\"in-process\"", "\"workers\":10");

            // SIGTERM to the launcher's PID, which exec made the JVM's. (Process.destroy() would also close
            // our end of the pipe, losing the lines written while stopping.)
            p.toHandle().destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
            assertThat(lines).anyMatch(l -> l.contains("albums stopped")).anyMatch(l -> l.contains("kv stopped"));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aLoadRunStoppedBySignalStillWritesEveryReport(@TempDir Path out) throws Exception {
        try (var kv = scalelab.core.http.HttpServer.start(
                scalelab.core.http.ServerConfig.loopback("kv"),
                new scalelab.kv.KvRoutes(new scalelab.kv.KvStore(1_000)))) {
            Process p = launcher(
                            "load",
                            "--host",
                            kv.uri().toString(),
                            "-u",
                            "2",
                            "-t",
                            "5m",
                            "--get",
                            "/get?key=a",
                            "--out",
                            out.toString())
                    .redirectErrorStream(true)
                    .start();
            var lines = new CopyOnWriteArrayList<String>();
            Thread reader = collectLines(p, lines);
            try {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> lines.stream().anyMatch(l -> l.contains("users 2/2")));
                p.toHandle().destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                reader.join(5_000);
                assertThat(lines).anyMatch(l -> l.startsWith("done: ")).anyMatch(l -> l.startsWith("report: "));
                for (String file :
                        List.of("stats.csv", "stats_history.csv", "failures.csv", "summary.json", "index.html")) {
                    assertThat(out.resolve(file)).exists();
                }
                assertThat(Files.readString(out.resolve("summary.json"))).doesNotContain("\"requests\":0,");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void sharedStateExperimentWritesItsReport(@TempDir Path out) throws Exception {
        String db = RealServices.postgresUrl();
        Process p = launcher("experiment", "shared-state", "--db", db, "--out", out.toString())
                .redirectErrorStream(true)
                .start();
        String console = output(p);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(console).isZero();
        assertThat(console).contains("they DISAGREE", "they agree", "Finding:");
        assertThat(out.resolve("index.html")).exists();
        assertThat(out.resolve("data.json")).exists();
    }
}
