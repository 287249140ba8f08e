package scalelab.cli;

import java.net.URI;
import java.time.Duration;
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
import scalelab.catalog.Catalog;
import scalelab.catalog.Catalog.Service;
import scalelab.catalog.remote.RemoteConfig;
import scalelab.catalog.remote.Remotes;
import scalelab.catalog.security.Authenticator;
import scalelab.catalog.security.Credentials;
import scalelab.catalog.security.Secured;
import scalelab.catalog.security.SecurityConfig;
import scalelab.core.config.Redact;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.loadgen.Durations;

/** {@code scalelab catalog products|carts|warehouse|payments}: one catalog service alone, the others over HTTP. */
final class CatalogServiceCommands {
    private CatalogServiceCommands() {}

    /** What the four commands share: build one service, secure its writes, serve it until stopped. */
    abstract static class ServiceCommand implements Callable<Integer> {
        private static final Logger log = LoggerFactory.getLogger(CatalogServiceCommands.class);

        @Spec
        CommandSpec spec;

        @Mixin
        ServerOptions server;

        @Mixin
        SecurityOptions security;

        abstract Service service();

        /** The URLs of the services this one calls; none by default. */
        Remotes locate(Remotes remotes) {
            return remotes;
        }

        /** Timeouts of calls to the other services; defaults for a service that makes none. */
        RemoteConfig timeouts() {
            return RemoteConfig.ofDefaults();
        }

        @Override
        public Integer call() throws InterruptedException {
            SecurityConfig securityConfig = security.config();
            Remotes remotes = locate(Remotes.of(timeouts(), Credentials.from(securityConfig)));
            String name = "catalog-" + service().label();
            var config = server.config(name);
            var auth = Authenticator.of(securityConfig);
            log.info(
                    "{} config: host={} port={} store=memory auth={}{}",
                    name,
                    config.host(),
                    config.port(),
                    securityConfig.mode(),
                    describeRemotes());
            auth.announce(name);
            List<Routes> routes = Secured.writes(Catalog.alone(service(), remotes), auth);
            var http = HttpServer.start(config, routes.toArray(Routes[]::new));
            Lifecycle.serve(List.of(http));
            return 0;
        }

        /** {@code " products=http://…"} for each remote: for the startup line. */
        String describeRemotes() {
            return "";
        }

        /** A required URL option: missing or malformed is a usage error (exit 2). */
        URI url(String option, String value) {
            if (value == null || value.isBlank()) {
                throw new ParameterException(spec.commandLine(), "Missing required option: '" + option + "=URL'");
            }
            try {
                URI url = URI.create(value.strip());
                if (url.getHost() == null || !List.of("http", "https").contains(url.getScheme())) {
                    throw new IllegalArgumentException("not http://host:port");
                }
                return url;
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Invalid value for option '" + option + "': '" + Redact.credentials(value)
                                + "' is not an http://host:port URL");
            }
        }
    }

    /** Timeouts of the calls a service makes to the others. */
    static final class TimeoutOptions {
        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                defaultValue = "${env:SCALELAB_CATALOG_TIMEOUT:-5s}",
                description = "Longest wait for a whole answer of another service, e.g. 5s, 500ms"
                        + " (default: ${DEFAULT-VALUE}, env SCALELAB_CATALOG_TIMEOUT); past it the caller gets 503.")
        String timeout;

        @Option(
                names = "--connect-timeout",
                paramLabel = "DURATION",
                defaultValue = "${env:SCALELAB_CATALOG_CONNECT_TIMEOUT:-2s}",
                description = "Longest wait to connect to another service (default: ${DEFAULT-VALUE},"
                        + " env SCALELAB_CATALOG_CONNECT_TIMEOUT).")
        String connectTimeout;

        RemoteConfig config(CommandSpec spec) {
            try {
                Duration request = Durations.parse(timeout);
                Duration connect = Durations.parse(connectTimeout);
                if (request.isZero() || connect.isZero()) {
                    throw new IllegalArgumentException("--timeout and --connect-timeout must be > 0");
                }
                return new RemoteConfig(connect, request);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(
            name = "products",
            mixinStandardHelpOptions = true,
            description = "Run the products service alone (GET /products/{id}, POST /products/{id}/details).")
    static final class Products extends ServiceCommand {
        @Override
        Service service() {
            return Service.PRODUCTS;
        }
    }

    @Command(
            name = "warehouse",
            mixinStandardHelpOptions = true,
            description = "Run the warehouse alone (POST /warehouse/reserve|release|ship, GET /warehouse/stock/{id}).")
    static final class Warehouse extends ServiceCommand {
        @Override
        Service service() {
            return Service.WAREHOUSE;
        }
    }

    @Command(
            name = "carts",
            mixinStandardHelpOptions = true,
            description = {
                "Run the shopping-carts service alone. It calls the products service (does a product exist),",
                "the warehouse (reserve, release) and payments (charge) over HTTP, with the timeouts below,",
                "sending its --api-key (or a JWT signed with its --jwt-secret)."
            },
            footer = {
                "",
                "Example:",
                "  scalelab catalog carts --port 8082 --products-url http://127.0.0.1:8081 \\",
                "      --warehouse-url http://127.0.0.1:8083 --payments-url http://127.0.0.1:8084"
            })
    static final class Carts extends ServiceCommand {
        @Option(
                names = "--products-url",
                paramLabel = "URL",
                defaultValue = "${env:SCALELAB_PRODUCTS_URL:-}",
                description = "Required: the products service, http://host:port (env SCALELAB_PRODUCTS_URL).")
        String productsUrl;

        @Option(
                names = "--warehouse-url",
                paramLabel = "URL",
                defaultValue = "${env:SCALELAB_WAREHOUSE_URL:-}",
                description = "Required: the warehouse, http://host:port (env SCALELAB_WAREHOUSE_URL).")
        String warehouseUrl;

        @Option(
                names = "--payments-url",
                paramLabel = "URL",
                defaultValue = "${env:SCALELAB_PAYMENTS_URL:-}",
                description = "Required: the payments service, http://host:port (env SCALELAB_PAYMENTS_URL).")
        String paymentsUrl;

        @Mixin
        TimeoutOptions timeoutOptions;

        @Override
        Service service() {
            return Service.CARTS;
        }

        @Override
        RemoteConfig timeouts() {
            return timeoutOptions.config(spec);
        }

        @Override
        Remotes locate(Remotes remotes) {
            return remotes.withProducts(url("--products-url", productsUrl))
                    .withWarehouse(url("--warehouse-url", warehouseUrl))
                    .withPayments(url("--payments-url", paymentsUrl));
        }

        @Override
        String describeRemotes() {
            return " products=" + Redact.credentials(productsUrl) + " warehouse=" + Redact.credentials(warehouseUrl)
                    + " payments=" + Redact.credentials(paymentsUrl) + " timeout=" + timeoutOptions.timeout
                    + " connect-timeout=" + timeoutOptions.connectTimeout;
        }
    }

    @Command(
            name = "payments",
            mixinStandardHelpOptions = true,
            description = {"Run the payments service alone. It asks the carts service over HTTP whether a cart exists."
            },
            footer = {"", "Example:", "  scalelab catalog payments --port 8084 --carts-url http://127.0.0.1:8082"})
    static final class Payments extends ServiceCommand {
        @Option(
                names = "--carts-url",
                paramLabel = "URL",
                defaultValue = "${env:SCALELAB_CARTS_URL:-}",
                description = "Required: the carts service, http://host:port (env SCALELAB_CARTS_URL).")
        String cartsUrl;

        @Mixin
        TimeoutOptions timeoutOptions;

        @Override
        Service service() {
            return Service.PAYMENTS;
        }

        @Override
        RemoteConfig timeouts() {
            return timeoutOptions.config(spec);
        }

        @Override
        Remotes locate(Remotes remotes) {
            return remotes.withCarts(url("--carts-url", cartsUrl));
        }

        @Override
        String describeRemotes() {
            return " carts=" + Redact.credentials(cartsUrl) + " timeout=" + timeoutOptions.timeout + " connect-timeout="
                    + timeoutOptions.connectTimeout;
        }
    }
}
