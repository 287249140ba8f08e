package scalelab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import scalelab.catalog.Catalog;
import scalelab.catalog.security.Authenticator;
import scalelab.catalog.security.Secured;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;

@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        description = {
            "Run the e-commerce API: products, shopping carts, warehouse and payments in one process",
            "(in memory unless --db is given), or one of them alone (the subcommands), calling the others over HTTP."
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

    @Option(
            names = "--db",
            defaultValue = "${env:SCALELAB_DB_URL:-}",
            paramLabel = "URL",
            description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres, shared by"
                    + " every instance given it (tables in schema catalog); empty = in memory (env SCALELAB_DB_URL).")
    String dbUrl;

    @Mixin
    SecurityOptions security;

    @Override
    public Integer call() throws InterruptedException {
        var config = server.config("catalog");
        var catalog = dbUrl.isBlank() ? Catalog.inMemory() : Catalog.postgres(dbUrl);
        log.info(
                "catalog config: host={} port={} store={}",
                config.host(),
                config.port(),
                catalog.describe()); // describe() redacts credentials
        HttpServer http;
        try {
            var auth = Authenticator.of(security.config());
            auth.announce("catalog"); // the auth mode, or one warning that writes are open
            http = HttpServer.start(
                    config, Secured.writes(catalog.routes(), auth).toArray(Routes[]::new));
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
        Lifecycle.serve(List.of(http), catalog);
        return 0;
    }
}
