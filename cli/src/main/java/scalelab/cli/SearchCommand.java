package scalelab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.core.http.HttpServer;
import scalelab.loadgen.Durations;
import scalelab.search.SearchConfig;
import scalelab.search.SearchService;

@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = {
            "Run the product search: 100,000 generated products, each query checks a fixed number of them.",
            "--cpu-budget 0.25 makes the instance behave like a 0.25-vCPU container: every request takes",
            "--service-time of a whole core on a simulated CPU of that budget (first come, first served), so it",
            "serves at most budget / service-time requests per second; busy / wall time is its CPU metric",
            "(/metrics cpu, /health cpu_percent). Without it the real CPU is used."
        },
        footer = {"", "Example:", "  curl -s 'localhost:8080/products/search?q=alpha'"})
final class SearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static final Logger log = LoggerFactory.getLogger(SearchCommand.class);

    @Mixin
    ServerOptions server;

    @Option(
            names = "--cpu-budget",
            paramLabel = "VCPU",
            defaultValue = "${env:SCALELAB_SEARCH_CPU_BUDGET:-0}",
            description = "Simulated CPU budget in vCPUs, e.g. 0.25; 0 = the real CPU (default: ${DEFAULT-VALUE},"
                    + " env SCALELAB_SEARCH_CPU_BUDGET).")
    double cpuBudget;

    @Option(
            names = "--service-time",
            paramLabel = "DURATION",
            defaultValue = "${env:SCALELAB_SEARCH_SERVICE_TIME:-1ms}",
            description = "Work per request on the simulated CPU, in a whole core's time (default: ${DEFAULT-VALUE},"
                    + " env SCALELAB_SEARCH_SERVICE_TIME).")
    String serviceTime;

    @Option(
            names = "--products-checked",
            paramLabel = "N",
            defaultValue = "${env:SCALELAB_SEARCH_PRODUCTS_CHECKED:-" + SearchService.DEFAULT_PRODUCTS_CHECKED + "}",
            description =
                    "Products each query checks (default: ${DEFAULT-VALUE}, env SCALELAB_SEARCH_PRODUCTS_CHECKED).")
    int productsChecked;

    @Option(names = "--exit-with-parent", hidden = true, description = "Exit when the parent process does.")
    boolean exitWithParent;

    @Override
    public Integer call() throws InterruptedException {
        SearchConfig config;
        try {
            config = new SearchConfig(productsChecked, cpuBudget, Durations.parse(serviceTime)); // checks the values
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    e.getMessage()
                            .replace("productsChecked", "--products-checked")
                            .replace("cpuBudget", "--cpu-budget")
                            .replace("serviceTime", "--service-time"));
        }
        var serverConfig = server.config("search"); // checks --port before anything starts
        if (exitWithParent) {
            ProcessHandle.current()
                    .parent()
                    .ifPresent(parent -> parent.onExit().thenRun(() -> {
                        log.warn("search: the parent process is gone; exiting");
                        System.exit(0); // runs the shutdown hook: a graceful stop
                    }));
        }
        log.info("search: {}", config.describe());
        HttpServer http = HttpServer.start(serverConfig, config.routes());
        Lifecycle.serve(List.of(http));
        return 0;
    }
}
