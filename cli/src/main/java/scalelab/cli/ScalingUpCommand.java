package scalelab.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.core.http.HttpServer;
import scalelab.loadgen.Durations;
import scalelab.scaling.autoscale.Autoscaler;
import scalelab.scaling.autoscale.CpuReader;
import scalelab.scaling.autoscale.ScalingPolicy;
import scalelab.scaling.autoscale.Supervisor;
import scalelab.scaling.lb.LoadBalancer;
import scalelab.scaling.lb.LoadBalancerRoutes;
import scalelab.scaling.lb.RemoteBalancer;
import scalelab.scaling.lb.TargetRegistry;
import scalelab.scaling.lb.TargetUri;

@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Run a service as an autoscaled group: instances are child processes (scalelab search on 127.0.0.1,",
            "--cpu-budget each), kept at the desired count (a dead one is replaced), registered with a load",
            "balancer (this process's on --port, or another's admin API with --lb URL), and scaled by target",
            "tracking on their average CPU: desired = ceil(current x cpu / target), no change within",
            "--tolerance (10%%) of the target, scale-out at most once per --cooldown-out, scale-in only",
            "--cooldown-in after any activity.",
            "Every scaling activity is logged (stderr)."
        },
        footer = {
            "",
            "Example:",
            "  scalelab scaling up --service search --min 2 --max 4 --target-cpu 70 --cooldown-out 300s --cooldown-in 300s"
        })
final class ScalingUpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Mixin
    LbOptions lbOptions;

    @Option(names = "--service", defaultValue = "search", description = "The service to scale: search (the only one).")
    String service;

    @Option(names = "--min", defaultValue = "2", description = "Fewest instances (default: ${DEFAULT-VALUE}).")
    int min;

    @Option(names = "--max", defaultValue = "4", description = "Most instances (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(
            names = "--target-cpu",
            defaultValue = "70",
            paramLabel = "PERCENT",
            description = "Average CPU to hold, in percent of each instance's budget (default: ${DEFAULT-VALUE}).")
    double targetCpu;

    @Option(
            names = "--tolerance",
            defaultValue = "0.1",
            description = "No change within this fraction of the target (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(
            names = "--cooldown-out",
            defaultValue = "300s",
            description = "Time after a scale-out before the next (default: ${DEFAULT-VALUE}).")
    String cooldownOut;

    @Option(
            names = "--cooldown-in",
            defaultValue = "300s",
            description = "Time after any scaling activity before a scale-in (default: ${DEFAULT-VALUE}).")
    String cooldownIn;

    @Option(
            names = "--evaluation-period",
            defaultValue = "10s",
            description = "Time between two autoscaler evaluations (default: ${DEFAULT-VALUE}).")
    String evaluationPeriod;

    @Option(
            names = "--cpu-budget",
            defaultValue = "0.25",
            paramLabel = "VCPU",
            description = "Each instance's simulated CPU budget; 0 = the real CPU (default: ${DEFAULT-VALUE}).")
    double cpuBudget;

    @Option(
            names = "--lb",
            paramLabel = "URL",
            description = "Register with this balancer's admin API instead (http://host:port of `scalelab scaling"
                    + " lb`); a registration that fails is tried again every second.")
    String remoteLb;

    @Option(names = "--instance-logs", paramLabel = "DIR", description = "Write each instance's output here.")
    Path instanceLogs;

    @Override
    public Integer call() throws Exception {
        if (!service.equals("search")) {
            throw new ParameterException(spec.commandLine(), "unknown service '" + service + "': only search scales");
        }
        ScalingPolicy policy;
        Duration period;
        URI remoteUri = null;
        try {
            policy = new ScalingPolicy(
                    min, max, targetCpu, tolerance, Durations.parse(cooldownOut), Durations.parse(cooldownIn));
            period = Durations.parse(evaluationPeriod);
            if (cpuBudget < 0 || cpuBudget > 64) {
                throw new IllegalArgumentException("--cpu-budget must be 0..64 but was " + cpuBudget);
            }
            if (remoteLb != null) {
                try {
                    remoteUri = TargetUri.parse(remoteLb);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "--lb: " + e.getMessage().replace("a target is", "the balancer's address is"));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Clock clock = Clock.systemUTC();
        LoadBalancer lb = null;
        HttpServer http = null;
        TargetRegistry registry;
        if (remoteUri != null) {
            registry = new RemoteBalancer(remoteUri, Duration.ofSeconds(2));
        } else {
            lb = LoadBalancer.start(lbOptions.config(), clock);
            http = HttpServer.start(server.config("lb"), new LoadBalancerRoutes(lb));
            registry = lb;
        }
        var supervisor = new Supervisor(
                        SearchInstances.launcher(cpuBudget, instanceLogs), registry, min, Duration.ofSeconds(5), clock)
                .start(Duration.ofSeconds(1));
        var autoscaler = new Autoscaler(policy, supervisor, CpuReader.http(Duration.ofSeconds(2)), clock).start(period);
        // shutdown order: stop scaling, stop the instances, then the balancer
        var servers = http == null ? List.<HttpServer>of() : List.of(http);
        var resources = new java.util.ArrayList<AutoCloseable>(List.of(autoscaler, supervisor));
        if (lb != null) {
            resources.add(() -> servers.forEach(HttpServer::close));
            resources.add(lb);
        }
        Lifecycle.stopOnShutdown(List.of(), resources.toArray(AutoCloseable[]::new));
        if (http != null) {
            spec.commandLine().getOut().println("balancer " + http.uri() + "; " + policy.describe());
            spec.commandLine().getOut().flush();
            Lifecycle.awaitStop(servers);
        } else {
            spec.commandLine().getOut().println("registering with " + remoteLb + "; " + policy.describe());
            spec.commandLine().getOut().flush();
            new java.util.concurrent.CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook stops everything
        }
        return 0;
    }
}
