package scalelab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import scalelab.catalog.Catalog;
import scalelab.catalog.security.Authenticator;
import scalelab.catalog.security.Secured;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;

@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        description = {
            "Run the e-commerce API: products, shopping carts, warehouse and payments in one process,",
            "or one of them alone (the subcommands), calling the others over HTTP."
        },
        subcommands = {
            CatalogServiceCommands.Products.class,
            CatalogServiceCommands.Carts.class,
            CatalogServiceCommands.Warehouse.class,
            CatalogServiceCommands.Payments.class
        },
        footer = {
            "",
            "Example:",
            "  curl -s localhost:8080/products/1",
            "  curl -s -X POST localhost:8080/shopping-carts -H 'Content-Type: application/json' -d '{\"customer_id\":1}'"
        })
final class CatalogCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(CatalogCommand.class);

    @Mixin
    ServerOptions server;

    @Mixin
    SecurityOptions security;

    @Override
    public Integer call() throws InterruptedException {
        var config = server.config("catalog");
        var catalog = Catalog.inMemory();
        log.info("catalog config: host={} port={} store=memory", config.host(), config.port());
        var auth = Authenticator.of(security.config());
        auth.announce("catalog"); // the auth mode, or one warning that writes are open
        var http =
                HttpServer.start(config, Secured.writes(catalog.routes(), auth).toArray(Routes[]::new));
        Lifecycle.serve(List.of(http));
        return 0;
    }
}
