package scalelab.cli;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.HttpServer;

/** Keeps services up until Ctrl-C or SIGTERM, then stops them gracefully and closes what they used. */
final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private Lifecycle() {}

    /** Blocks until the JVM is asked to stop; stops {@code servers} in order, then closes {@code resources}. */
    static void runUntilStopped(List<HttpServer> servers, AutoCloseable... resources) throws InterruptedException {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            servers.forEach(HttpServer::close); // each waits for its requests in flight
                            for (AutoCloseable resource : resources) {
                                try {
                                    resource.close();
                                } catch (Exception e) {
                                    log.warn("closing {} failed: {}", resource, e.toString());
                                }
                            }
                        },
                        "scalelab-shutdown"));
        for (HttpServer server : servers) {
            server.awaitStop();
        }
    }
}
