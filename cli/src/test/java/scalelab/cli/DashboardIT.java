package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import scalelab.testkit.Chromium;
import scalelab.testkit.FreePorts;
import scalelab.testkit.HeadlessBrowser;
import scalelab.testkit.TestHttp;

/**
 * The dashboard of {@code ./scalelab up}, seen in headless Chromium as a user sees it: every service healthy, a
 * fault button that opens the cart's breaker, an experiment that ends with a link to its report. Screenshots are
 * left in {@code cli/target/dashboard-it/}. Skipped without Chromium, failed under {@code CI=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    static final Path SHOTS = Path.of("target", "dashboard-it").toAbsolutePath();
    static final List<String> SERVICES =
            List.of("albums", "kv", "catalog", "product", "cart", "flashsale", "mapreduce", "search", "lb");

    static Process up;
    static HeadlessBrowser browser;
    static URI dashboard;
    static final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path chromium = Chromium.requireChromium();
        Files.createDirectories(SHOTS);
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "dashboard-it-");
        int basePort = FreePorts.range(SERVICES.size() + 1); // the services, then the dashboard
        int dashboardPort = basePort + SERVICES.size();
        var pb = LauncherIT.launcher(
                        "up",
                        "--host",
                        "127.0.0.1",
                        "--base-port",
                        Integer.toString(basePort),
                        "--dashboard-port",
                        Integer.toString(dashboardPort))
                .directory(work.toFile()) // its reports/ go there
                .redirectErrorStream(true);
        up = pb.start();
        LauncherIT.collectLines(up, lines);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> lines.stream().anyMatch(l -> l.startsWith("dashboard: ")) || !up.isAlive());
        assertThat(up.isAlive()).as(String.join("\n", lines)).isTrue();
        dashboard = URI.create("http://127.0.0.1:" + dashboardPort + "/");
        assertThat(lines).contains("dashboard: " + dashboard + " (every service live, faults, experiments, reports)");
        browser = HeadlessBrowser.start(chromium, SHOTS, 1440, 900);
        browser.navigate(dashboard.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (up != null) {
            up.toHandle().destroy(); // SIGTERM: the services and the dashboard stop gracefully
            if (!up.waitFor(20, TimeUnit.SECONDS)) {
                up.descendants().forEach(ProcessHandle::destroyForcibly);
                up.destroyForcibly();
            }
        }
    }

    static ConditionFactory await(int seconds) {
        return Awaitility.await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(200));
    }

    static String text(String selector) throws Exception {
        return browser.eval("(document.querySelector('" + selector + "') || {}).textContent || ''")
                .asText();
    }

    @Test
    @Order(1)
    void thePageShowsEveryServiceHealthy() throws Exception {
        await(20)
                .until(
                        () -> browser.eval("[...document.querySelectorAll('#services tbody tr')]"
                                        + ".map(r => r.dataset.service + '=' + r.querySelector('[data-field=health]').textContent)"
                                        + ".join(',')")
                                .asText(),
                        rows -> SERVICES.stream().allMatch(s -> rows.contains(s + "=healthy")));
        assertThat(text("#status")).contains(SERVICES.size() + " of " + SERVICES.size() + " services healthy");
        // the live charts are drawn by uPlot, from the jar
        assertThat(browser.eval("document.querySelectorAll('.uplot canvas').length")
                        .asInt())
                .isGreaterThanOrEqualTo(4);
        assertThat(browser.eval("document.querySelector('#services a').href").asText())
                .startsWith("http://127.0.0.1:");
        browser.screenshot(SHOTS.resolve("1-services-healthy.png"));
    }

    @Test
    @Order(2)
    void aFaultButtonOpensTheCartsBreakerOnThePageAndClearingItClosesIt() throws Exception {
        await(20).until(() -> text("#failure-mode-product"), "off"::equals);
        browser.pressEnterOn("#fault-on-product"); // by keyboard
        await(10).until(() -> text("#failure-mode-product"), "on"::equals);
        await(10).until(() -> text("#service-product [data-field=health]"), "unhealthy"::equals);

        // the cart's breaker needs calls to judge: the panel's button sends 20 add-to-cart requests
        browser.pressEnterOn("#traffic-cart");
        await(10).until(() -> text("#breaker-cart"), "OPEN"::equals);
        browser.screenshot(SHOTS.resolve("2-breaker-open.png"));

        browser.pressEnterOn("#fault-off-product");
        await(10).until(() -> text("#failure-mode-product"), "off"::equals);
        await(10).until(() -> text("#service-product [data-field=health]"), "healthy"::equals);
        // after its open-state wait (5 s) the breaker lets trial calls through; a few good ones close it
        await(20).until(() -> text("#breaker-cart"), state -> !state.equals("OPEN"));
        await(20)
                .until(
                        () -> {
                            if (!text("#breaker-cart").equals("CLOSED")) {
                                browser.pressEnterOn("#traffic-cart");
                            }
                            return text("#breaker-cart");
                        },
                        "CLOSED"::equals);
        browser.screenshot(SHOTS.resolve("3-breaker-closed-again.png"));
    }

    @Test
    @Order(3)
    void anExperimentStartedFromThePageEndsWithALinkToItsReport() throws Exception {
        assertThat(browser.eval("[...document.querySelectorAll('#experiment-name option')].map(o => o.value).join(',')")
                        .asText())
                .contains("response-times", "concurrency", "circuit-breaker");
        browser.eval("document.querySelector('#experiment-name').value = 'response-times'");
        assertThat(browser.eval("document.querySelector('#experiment-quick').checked")
                        .asBoolean())
                .isTrue();
        browser.pressEnterOn("#experiment-start");
        await(30).until(() -> text("#experiment-log"), log -> log.contains("response-times: 1 user"));
        browser.screenshot(SHOTS.resolve("4-experiment-running.png"));

        await(60).until(() -> text("#experiment-status"), s -> !s.contains("running") && !s.contains("started"));
        assertThat(text("#experiment-status")).contains("response-times --quick: succeeded (exit code 0)");
        String report = browser.eval("document.querySelector('#experiment-report-link').getAttribute('href')")
                .asText();
        assertThat(report).matches("/reports/response-times-\\d{8}-\\d{6}(-\\d+)?/index\\.html");
        await(10).until(() -> text("#reports"), list -> list.contains(report.split("/")[2]));
        browser.screenshot(SHOTS.resolve("5-experiment-done.png"));

        var page = TestHttp.of(dashboard).get(report);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Response time histogram");
        browser.navigate(dashboard.resolve(report).toString());
        assertThat(browser.eval("document.body.innerText").asText()).contains("Response time histogram");
        browser.screenshot(SHOTS.resolve("6-report.png"));
    }
}
