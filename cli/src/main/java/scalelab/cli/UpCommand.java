package scalelab.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.albums.AlbumRoutes;
import scalelab.albums.AlbumService;
import scalelab.albums.InMemoryAlbumStore;
import scalelab.catalog.Catalog;
import scalelab.core.config.Redact;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.flashsale.FlashSale;
import scalelab.flashsale.FlashSaleConfig;
import scalelab.kv.KvRoutes;
import scalelab.kv.KvStore;
import scalelab.loadgen.Durations;
import scalelab.mapreduce.engine.CoordinatorConfig;
import scalelab.mapreduce.http.MapReduceService;
import scalelab.resilience.cart.CartApp;
import scalelab.resilience.cart.FixedConfig;
import scalelab.resilience.cart.Variant;
import scalelab.resilience.product.ProductApp;
import scalelab.scaling.lb.LbConfig;
import scalelab.scaling.lb.LoadBalancer;
import scalelab.scaling.lb.LoadBalancerRoutes;
import scalelab.search.SearchConfig;

@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Start every scalelab service in one JVM on in-memory stores, print their URLs, and run until Ctrl-C.",
            "Port 8080 is kept for the dashboard; services take the ports from --base-port up.",
            "With --processes, every service and worker runs as its own process against RabbitMQ and PostgreSQL."
        })
final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--base-port",
            defaultValue = "${env:SCALELAB_BASE_PORT:-8081}",
            description = "First service port; the next services take the following ones (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(
            names = "--host",
            defaultValue = "${env:SCALELAB_HOST:-0.0.0.0}",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--dashboard-port",
            defaultValue = "${env:SCALELAB_DASHBOARD_PORT:-8080}",
            description =
                    "Port of the dashboard, the web page that shows every service live (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(
            names = "--processes",
            description = {
                "Run every service and worker as its own process of this jar against RabbitMQ and PostgreSQL",
                "(the Compose stack without containers): a log per process under --logs, a table of URLs, and",
                "Ctrl-C or SIGTERM stops them all."
            })
    boolean processes;

    @Option(
            names = "--broker",
            paramLabel = "URL",
            defaultValue = "${env:SCALELAB_BROKER_URL:-" + DEFAULT_BROKER_URL + "}",
            description = "With --processes: the RabbitMQ every role shares (default: ${DEFAULT-VALUE},"
                    + " env SCALELAB_BROKER_URL).")
    String broker;

    @Option(
            names = "--db",
            paramLabel = "URL",
            defaultValue = "${env:SCALELAB_DB_URL:-" + DEFAULT_DB_URL + "}",
            description = "With --processes: the PostgreSQL JDBC URL of albums, catalog and the flash sale"
                    + " (default: ${DEFAULT-VALUE}, env SCALELAB_DB_URL).")
    String db;

    @Option(
            names = "--logs",
            paramLabel = "DIR",
            description = "With --processes: where each process writes <role>.log (default: logs/up-<time>).")
    Path logs;

    @Option(
            names = "--flashsale-workers",
            paramLabel = "N",
            defaultValue = "2",
            description = "With --processes: flash-sale worker processes (default: ${DEFAULT-VALUE}).")
    int flashSaleWorkers;

    @Option(
            names = "--mappers",
            paramLabel = "N",
            defaultValue = "2",
            description = "With --processes: MapReduce mapper processes (default: ${DEFAULT-VALUE}).")
    int mappers;

    @Option(
            names = "--reducers",
            paramLabel = "N",
            defaultValue = "1",
            description = "With --processes: MapReduce reducer processes (default: ${DEFAULT-VALUE}).")
    int reducers;

    @Option(
            names = "--java-opts",
            paramLabel = "FLAGS",
            defaultValue = "${env:SCALELAB_PROCESS_JAVA_OPTS:-" + DEFAULT_PROCESS_JAVA_OPTS + "}",
            description = "With --processes: JVM flags of each child (default: ${DEFAULT-VALUE},"
                    + " env SCALELAB_PROCESS_JAVA_OPTS).")
    String javaOpts;

    @Option(
            names = "--start-timeout",
            paramLabel = "DURATION",
            defaultValue = "120s",
            description = "With --processes: longest wait for every process to answer /health (default:"
                    + " ${DEFAULT-VALUE}).")
    String startTimeout;

    @Option(
            names = "--stop-timeout",
            paramLabel = "DURATION",
            defaultValue = "20s",
            description = "With --processes: longest wait for the processes to stop after SIGTERM, then SIGKILL"
                    + " (default: ${DEFAULT-VALUE}).")
    String stopTimeout;

    /** The local RabbitMQ of the development machines. */
    static final String DEFAULT_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672/%2F";

    /** The local PostgreSQL of the development machines. */
    static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    /** Small JVMs: a dozen of them share the machine. */
    static final String DEFAULT_PROCESS_JAVA_OPTS = "-XX:+UseSerialGC -Xss512k -Xmx384m";

    private static final List<String> PROCESS_OPTIONS = List.of(
            "--broker",
            "--db",
            "--logs",
            "--flashsale-workers",
            "--mappers",
            "--reducers",
            "--java-opts",
            "--start-timeout",
            "--stop-timeout");

    @Override
    public Integer call() throws InterruptedException {
        if (basePort < 1 || basePort + 8 > 65535) {
            throw new ParameterException(
                    spec.commandLine(), "--base-port must be 1..65527 (nine services from it on) but was " + basePort);
        }
        if (dashboardPort < 0 || dashboardPort > 65535) {
            throw new ParameterException(
                    spec.commandLine(), "--dashboard-port must be 0..65535 but was " + dashboardPort);
        }
        if (processes) {
            return runProcesses();
        }
        for (String option : PROCESS_OPTIONS) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new ParameterException(spec.commandLine(), option + " is only used with --processes");
            }
        }
        var servers = new ArrayList<HttpServer>();
        FlashSale flashSale = null;
        MapReduceService mapReduce = null;
        LoadBalancer balancer = null;
        try {
            servers.add(HttpServer.start(
                    ServerConfig.of("albums", basePort).withHost(host),
                    new AlbumRoutes(new AlbumService(InMemoryAlbumStore.ofDefaults()))));
            servers.add(HttpServer.start(
                    ServerConfig.of("kv", basePort + 1).withHost(host),
                    new KvRoutes(new KvStore(KvStore.DEFAULT_MAX_KEYS))));
            servers.add(HttpServer.start(
                    ServerConfig.of("catalog", basePort + 2).withHost(host),
                    Catalog.inMemory().routes().toArray(Routes[]::new)));
            var product = HttpServer.start( // admin endpoints open, as every write of `up` (logged once)
                    ServerConfig.of("product", basePort + 3).withHost(host),
                    ProductApp.routes(null).toArray(Routes[]::new));
            servers.add(product);
            servers.add(HttpServer.start( // both variants, /vulnerable and /fixed; unprefixed = fixed
                    ServerConfig.of("cart", basePort + 4).withHost(host),
                    CartApp.routes(product.uri(), FixedConfig.defaults(), Variant.FIXED)
                            .toArray(Routes[]::new)));
            flashSale = FlashSale.open(FlashSaleConfig.defaults()); // in-process broker, memory, 10 workers
            servers.add(HttpServer.start(
                    ServerConfig.of("flashsale", basePort + 5).withHost(host),
                    flashSale.routes().toArray(Routes[]::new)));
            // the MapReduce coordinator, with 2 mappers and 2 reducers beside it on its own in-process broker
            mapReduce = MapReduceService.open("in-process", CoordinatorConfig.defaults(), 2, 2);
            servers.add(HttpServer.start(
                    ServerConfig.of("mapreduce", basePort + 6)
                            .withHost(host)
                            .withMaxBodyBytes(MapReduceCoordinatorCommand.DEFAULT_MAX_BODY_BYTES),
                    mapReduce.routes().toArray(Routes[]::new)));
            var search = HttpServer.start(
                    ServerConfig.of("search", basePort + 7).withHost(host),
                    SearchConfig.defaults().routes());
            servers.add(search);
            balancer = LoadBalancer.start(LbConfig.defaults(), Clock.systemUTC());
            balancer.add(search.uri());
            servers.add(HttpServer.start(
                    ServerConfig.of("lb", basePort + 8).withHost(host), new LoadBalancerRoutes(balancer)));
        } catch (RuntimeException e) {
            servers.forEach(HttpServer::close);
            if (balancer != null) {
                balancer.close();
            }
            if (flashSale != null) {
                flashSale.close();
            }
            if (mapReduce != null) {
                mapReduce.close();
            }
            throw e;
        }
        Lifecycle.stopOnShutdown(List.copyOf(servers), flashSale, mapReduce, balancer);
        printTable(servers);
        UpDashboard.start(servers, host, dashboardPort, spec.commandLine()); // stops on Ctrl-C, as the services
        Lifecycle.awaitStop(servers);
        return 0;
    }

    private int runProcesses() throws InterruptedException {
        String brokerUrl = broker.strip();
        if (!brokerUrl.toLowerCase(Locale.ROOT).startsWith("amqp://")
                && !brokerUrl.toLowerCase(Locale.ROOT).startsWith("amqps://")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--processes needs a RabbitMQ shared by every process: --broker amqp://host:5672/, not '"
                            + Redact.credentials(brokerUrl) + "'");
        }
        String dbUrl = db.strip();
        if (!dbUrl.startsWith("jdbc:postgresql://")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--processes needs a PostgreSQL shared by every process: --db jdbc:postgresql://host:5432/db, not '"
                            + Redact.credentials(dbUrl) + "'");
        }
        ProcessPlan plan;
        UpProcesses.Settings settings;
        try {
            plan = new ProcessPlan(host, basePort, flashSaleWorkers, mappers, reducers);
            Path dir = logs != null
                    ? logs
                    : Path.of(
                            "logs", "up-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            settings = new UpProcesses.Settings(
                    brokerUrl,
                    dbUrl,
                    dir.toAbsolutePath(),
                    javaOpts.isBlank() ? List.of() : List.of(javaOpts.strip().split("\\s+")),
                    positive("--start-timeout", startTimeout),
                    positive("--stop-timeout", stopTimeout));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        var cli = spec.commandLine();
        return new UpProcesses(plan, settings, cli.getOut(), cli.getErr()).run();
    }

    private static Duration positive(String option, String text) {
        Duration duration = Durations.parse(text);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(option + " must be > 0 but was " + text);
        }
        return duration;
    }

    private void printTable(List<HttpServer> servers) {
        var out = spec.commandLine().getOut();
        out.printf("%-12s %s%n", "SERVICE", "URL");
        for (HttpServer server : servers) {
            out.printf("%-12s %s%n", server.name(), server.uri());
        }
        out.println("scalelab is up: " + servers.size() + " service(s). Ctrl-C stops them.");
        out.flush();
    }
}
