package scalelab.cli;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.HttpServer;

/** Keeps services up until Ctrl-C or SIGTERM, then stops them gracefully and closes what they used. */
final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private Lifecycle() {}

    /**
     * Arranges for Ctrl-C / SIGTERM to stop {@code servers} in order (each waits for its requests in
     * flight), then close {@code resources}. Call it before announcing that the services are up, so a
     * signal that follows the announcement always stops them gracefully.
     */
    static void stopOnShutdown(List<HttpServer> servers, AutoCloseable... resources) {
        Runnable stop = () -> {
            servers.forEach(HttpServer::close);
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    log.warn("closing {} failed: {}", resource, e.toString());
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "scalelab-shutdown"));
    }

    /** {@link #stopOnShutdown}, then {@link #awaitStop}: for a command with nothing to announce in between. */
    static void serve(List<HttpServer> servers, AutoCloseable... resources) throws InterruptedException {
        stopOnShutdown(servers, resources);
        awaitStop(servers);
    }

    /** Blocks until every server has stopped. */
    static void awaitStop(List<HttpServer> servers) throws InterruptedException {
        for (HttpServer server : servers) {
            server.awaitStop();
        }
    }
}
