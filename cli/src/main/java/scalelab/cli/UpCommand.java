package scalelab.cli;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scalelab.albums.AlbumRoutes;
import scalelab.albums.AlbumService;
import scalelab.albums.InMemoryAlbumStore;
import scalelab.catalog.Catalog;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.flashsale.FlashSale;
import scalelab.flashsale.FlashSaleConfig;
import scalelab.kv.KvRoutes;
import scalelab.kv.KvStore;
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
            "Port 8080 is kept for the dashboard; services take the ports from --base-port up."
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

    @Override
    public Integer call() throws InterruptedException {
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
