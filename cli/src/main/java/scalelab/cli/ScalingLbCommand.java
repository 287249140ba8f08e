package scalelab.cli;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.core.http.HttpServer;
import scalelab.scaling.lb.LbConfig;
import scalelab.scaling.lb.LoadBalancer;
import scalelab.scaling.lb.LoadBalancerRoutes;
import scalelab.scaling.lb.TargetUri;

@Command(
        name = "lb",
        mixinStandardHelpOptions = true,
        description = {
            "Run the load balancer in front of the given targets: round robin or least outstanding requests,",
            "active health checks, passive ejection on connection failures, one retry of an idempotent request",
            "on another target, draining on removal. Admin API: GET/POST/DELETE /lb/targets."
        },
        footer = {
            "",
            "Example:",
            "  scalelab scaling lb --port 8080 --target http://127.0.0.1:9001 --target http://127.0.0.1:9002",
            "  curl -s -X POST localhost:8080/lb/targets -H 'Content-Type: application/json' \\",
            "       -d '{\"url\":\"http://127.0.0.1:9003\"}'"
        })
final class ScalingLbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Mixin
    LbOptions lbOptions;

    @Option(names = "--target", paramLabel = "URL", arity = "1..*", description = "A target, http://host:port.")
    List<String> targets = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        LbConfig config;
        var uris = new ArrayList<URI>();
        try {
            config = lbOptions.config();
            for (String t : targets) {
                uris.add(TargetUri.parse(t));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        var lb = LoadBalancer.start(config, Clock.systemUTC());
        uris.forEach(lb::add);
        HttpServer http;
        try {
            http = HttpServer.start(server.config("lb"), new LoadBalancerRoutes(lb));
        } catch (RuntimeException e) {
            lb.close();
            throw e;
        }
        Lifecycle.serve(List.of(http), lb);
        return 0;
    }
}
