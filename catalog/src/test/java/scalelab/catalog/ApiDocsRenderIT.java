package scalelab.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.testkit.Chromium;

/** {@code /docs} as a real browser draws it: Swagger UI runs from the jar and lists every operation. */
class ApiDocsRenderIT {

    @Test
    void chromiumShowsEveryOperationOfTheDocument() throws Exception {
        Path chromium = Chromium.requireChromium();
        Path work = Files.createTempDirectory("scalelab-docs-");
        try (var server = HttpServer.start(
                ServerConfig.loopback("catalog"), Catalog.inMemory().routes().toArray(Routes[]::new))) {
            Process process = new ProcessBuilder(List.of(
                            chromium.toString(),
                            "--headless",
                            "--no-sandbox", // CI runs as root, where Chromium's sandbox refuses to start
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--no-first-run",
                            "--user-data-dir=" + work.resolve("profile"),
                            "--virtual-time-budget=10000", // time for the scripts to fetch and draw the document
                            "--dump-dom",
                            server.uri() + "/docs"))
                    .redirectError(work.resolve("chromium.log").toFile())
                    .start();
            String dom;
            try {
                dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(Chromium.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .as("Chromium finished")
                        .isTrue();
            } finally {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            assertThat(dom).contains("scalelab catalog", "opblock");
            for (String path : List.of(
                    "/products/{productId}/details",
                    "/shopping-carts/{id}/checkout",
                    "/warehouse/release",
                    "/payments/checkout",
                    "/orders/{orderId}")) {
                assertThat(dom).as(path).contains("data-path=\"" + path + "\"");
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
