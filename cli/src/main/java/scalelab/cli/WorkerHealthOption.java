package scalelab.cli;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;

/**
 * The health server of a worker process, which serves no API: {@code /health}, {@code /metrics} and {@code
 * /prometheus} on {@code --health-port}, for the probes of Compose, Kubernetes or {@code scalelab up --processes}.
 */
final class WorkerHealthOption {
    private static final Logger log = LoggerFactory.getLogger(WorkerHealthOption.class);

    @Option(
            names = "--health-port",
            defaultValue = "${env:SCALELAB_HEALTH_PORT:-0}",
            paramLabel = "PORT",
            description = "Serve /health, /metrics and /prometheus on this port, for probes; 0 = none"
                    + " (default: ${DEFAULT-VALUE}, env SCALELAB_HEALTH_PORT).")
    int healthPort;

    @Option(
            names = "--health-host",
            defaultValue = "${env:SCALELAB_HOST:-0.0.0.0}",
            paramLabel = "HOST",
            description = "Address of the health server (default: ${DEFAULT-VALUE}, env SCALELAB_HOST).")
    String healthHost;

    /** The health server over {@code routes}, or null when {@code --health-port} is 0. */
    HttpServer start(String name, List<Routes> routes) {
        if (healthPort == 0) {
            return null;
        }
        HttpServer server =
                HttpServer.start(ServerConfig.of(name, healthPort).withHost(healthHost), routes.toArray(Routes[]::new));
        log.info("{} health on {}/health", name, server.uri());
        return server;
    }
}
