package scalelab.dashboard;

import java.net.URI;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;

/**
 * The dashboard: one web page that shows every watched service live and runs the experiments.
 *
 * <pre>{@code
 * var config = DashboardConfig.of(
 *         List.of(ServiceTarget.of("cart", URI.create("http://127.0.0.1:8085"))),
 *         Path.of("reports"),
 *         List.of(javaBinary, "-cp", classPath, "scalelab.cli.Main"),
 *         List.of("concurrency", "circuit-breaker"));
 * try (Dashboard dashboard = Dashboard.start(config, ServerConfig.of("dashboard", 8080))) {
 *     dashboard.server().awaitStop();
 * }
 * }</pre>
 *
 * <p>It knows the services only through their {@code /health} and {@code /metrics}, which it reads server-side
 * every {@link DashboardConfig#pollInterval()}; the page polls the dashboard's own JSON API. Closing it stops the
 * polling, an experiment under way, and the server.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

    private final ServicePoller poller;
    private final ExperimentRunner experiments;
    private final HttpServer server;

    private Dashboard(ServicePoller poller, ExperimentRunner experiments, HttpServer server) {
        this.poller = poller;
        this.experiments = experiments;
        this.server = server;
    }

    /** Starts polling and serving; the page is at {@link #uri()}. */
    public static Dashboard start(DashboardConfig config, ServerConfig serverConfig) {
        var poller = new ServicePoller(config.services(), config.pollInterval(), Clock.systemUTC());
        var experiments = new ExperimentRunner(
                config.experimentCommand(),
                config.experimentNames(),
                config.reportsDir(),
                config.experimentTimeout(),
                Clock.systemUTC());
        var routes = new DashboardRoutes(poller, experiments, new ReportFiles(config.reportsDir()));
        HttpServer server;
        try {
            server = HttpServer.start(serverConfig, routes);
        } catch (RuntimeException e) {
            poller.close();
            throw e;
        }
        poller.start();
        log.info(
                "dashboard: watching {} service(s), {} experiment(s), reports in {}",
                config.services().size(),
                config.experimentNames().size(),
                config.reportsDir());
        return new Dashboard(poller, experiments, server);
    }

    /** The page: {@code http://host:port/}. */
    public URI uri() {
        return server.uri().resolve("/");
    }

    public HttpServer server() {
        return server;
    }

    /** Polls every service once more now and returns when done (tests, and a page that wants fresh figures). */
    public void pollNow() throws InterruptedException {
        poller.pollOnce();
    }

    @Override
    public void close() {
        server.close();
        experiments.close();
        poller.close();
    }
}
