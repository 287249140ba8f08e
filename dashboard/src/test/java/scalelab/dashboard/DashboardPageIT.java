package scalelab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.core.faults.FaultRoutes;
import scalelab.core.faults.Faults;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.testkit.Chromium;
import scalelab.testkit.HeadlessBrowser;

/**
 * The page in headless Chromium over services of kinds it does not know (an autoscaled search, a load balancer, as
 * issue 8 will register them): each gets a generic panel fed from its {@code /metrics}. Screenshot in {@code
 * dashboard/target/dashboard-page-it/}. Skipped without Chromium, failed under {@code CI=true}.
 */
class DashboardPageIT {
    static final Path SHOTS = Path.of("target", "dashboard-page-it").toAbsolutePath();

    @TempDir
    Path dir;

    /** Stands in for the search service's /metrics: its CPU block. */
    record Search(AtomicInteger utilization) implements Routes {
        @Override
        public void register(Router router) {}

        @Override
        public void describeMetrics(Map<String, Object> metrics) {
            var cpu = new LinkedHashMap<String, Object>();
            cpu.put("mode", "simulated");
            cpu.put("vcpu", 0.25);
            cpu.put("utilization_percent", utilization.addAndGet(7) % 100);
            metrics.put("searches", 12);
            metrics.put("cpu", cpu);
        }
    }

    /** Stands in for a load balancer's /metrics. */
    static final class Balancer implements Routes {
        @Override
        public void register(Router router) {}

        @Override
        public void describeMetrics(Map<String, Object> metrics) {
            metrics.put(
                    "balancer",
                    Map.of(
                            "policy",
                            "round-robin",
                            "healthy_targets",
                            2,
                            "targets",
                            List.of(Map.of("uri", "a"), Map.of("uri", "b"))));
        }
    }

    @Test
    void servicesOfUnknownKindsGetAGenericPanelFromTheirMetrics() throws Exception {
        Path chromium = Chromium.requireChromium();
        var faults = new Faults();
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Files.createDirectories(reports.resolve("kv-load-20260101-120000"));
        Files.writeString(reports.resolve("kv-load-20260101-120000/index.html"), "<html>kv</html>");
        try (var product = HttpServer.start(ServerConfig.loopback("product"), new FaultRoutes(faults, null));
                var search = HttpServer.start(ServerConfig.loopback("search"), new Search(new AtomicInteger()));
                var lb = HttpServer.start(ServerConfig.loopback("lb"), new Balancer());
                var dashboard = Dashboard.start(
                        new DashboardConfig(
                                List.of(
                                        ServiceTarget.of("product", product.uri()),
                                        ServiceTarget.of("search", search.uri()),
                                        ServiceTarget.of("lb", lb.uri())),
                                reports,
                                List.of("true"),
                                List.of("concurrency"),
                                Duration.ofMillis(500),
                                Duration.ofMinutes(1)),
                        ServerConfig.loopback("dashboard"));
                var browser = HeadlessBrowser.start(chromium, SHOTS, 1366, 768)) { // a laptop screen
            browser.navigate(dashboard.uri().toString());
            var await = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200));
            await.until(
                    () -> browser.eval("[...document.querySelectorAll('#services [data-field=health]')]"
                                    + ".filter(e => e.textContent === 'healthy').length")
                            .asInt(),
                    n -> n == 3);

            await.until(
                    () -> browser.eval("(document.querySelector('#extra-search') || {}).textContent || ''")
                            .asText(),
                    text -> text.contains("search (search)") && text.contains("cpu.utilization_percent"));
            assertThat(browser.eval("document.querySelectorAll('#extra-search .uplot canvas').length")
                            .asInt())
                    .isOne();
            assertThat(browser.eval("[...document.querySelectorAll('#extra-search .u-legend .u-label')]"
                                    + ".map(e => e.textContent).join(',')")
                            .asText())
                    .contains("cpu.utilization_percent");
            assertThat(browser.eval("document.querySelector('#extra-lb').textContent")
                            .asText())
                    .contains("lb (lb)", "balancer.healthy_targets", "balancer.policy", "round-robin");
            assertThat(browser.eval("document.querySelector('#faults-product') !== null")
                            .asBoolean())
                    .isTrue();

            // usable by keyboard, with labels: every field has a label, every button a name
            assertThat(browser.eval("[...document.querySelectorAll('input, select')].every(e => e.labels.length > 0)")
                            .asBoolean())
                    .isTrue();
            assertThat(browser.eval("[...document.querySelectorAll('button')].every(b => b.textContent.trim() !== '')")
                            .asBoolean())
                    .isTrue();
            await.until(
                    () -> browser.eval("document.querySelector('#reports').innerText")
                            .asText(),
                    t -> t.contains("kv-load-20260101-120000"));
            browser.eval("document.querySelector('#extra-search details').open = true;"
                    + "document.querySelector('#extra-lb details').open = true");
            browser.screenshot(SHOTS.resolve("extra-panels.png"));
        }
    }
}
