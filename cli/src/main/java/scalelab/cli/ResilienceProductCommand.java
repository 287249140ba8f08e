package scalelab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.resilience.product.ProductApp;

@Command(
        name = "product",
        mixinStandardHelpOptions = true,
        description = {
            "Run the product service (GET /products, /products/{id}) with failure injection:",
            "POST /fail/on, /fail/off (/crash, /recover), /latency?ms=N (0..60000), /reset.",
            "Product answers wait the injected latency; /health, /metrics and the admin endpoints never do."
        },
        footer = {
            "",
            "Example:",
            "  curl -s localhost:8080/products/1",
            "  curl -s -X POST 'localhost:8080/latency?ms=5000' -H \"X-Admin-Token: $SCALELAB_ADMIN_TOKEN\""
        })
final class ResilienceProductCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ResilienceProductCommand.class);

    @Mixin
    ServerOptions server;

    @Option(
            names = "--admin-token",
            paramLabel = "TOKEN",
            defaultValue = "${env:SCALELAB_ADMIN_TOKEN:-}",
            description = "Token the failure-injection endpoints require in X-Admin-Token (or Authorization: Bearer)"
                    + " (env SCALELAB_ADMIN_TOKEN; prefer it, a flag shows in the process list)."
                    + " Without it they are open to anyone.")
    String adminToken;

    @Override
    public Integer call() throws InterruptedException {
        var config = server.config("product");
        log.info(
                "product config: host={} port={} admin={}",
                config.host(),
                config.port(),
                adminToken.isBlank() ? "open" : "token"); // never the token itself
        HttpServer http = HttpServer.start(config, ProductApp.routes(adminToken).toArray(Routes[]::new));
        Lifecycle.serve(List.of(http));
        return 0;
    }
}
