package scalelab.scaling.autoscale;

import java.util.Map;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;

/** A stand-in service for the supervisor's tests, run as a child JVM: {@code --host H --port P}; exits with its parent. */
public final class FakeInstanceMain {
    private FakeInstanceMain() {}

    public static void main(String[] args) throws InterruptedException {
        String host = args[1];
        int port = Integer.parseInt(args[3]);
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
        Routes routes = router -> router.get("/metrics-cpu", ex -> ex.json(200, Map.of("ok", true)));
        HttpServer server =
                HttpServer.start(new ServerConfig("fake", host, port, 1024, java.time.Duration.ZERO), routes);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitStop();
    }
}
