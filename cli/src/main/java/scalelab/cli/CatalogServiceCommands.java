package scalelab.cli;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
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

        /** Refused: a service alone keeps its state in memory (hidden; here to say so clearly). */
        @Option(names = "--db", paramLabel = "URL", hidden = true)
        String dbUrl;

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
            refuseUnusedOptions();
            SecurityConfig securityConfig = security.config();
            Remotes remotes = locate(Remotes.of(timeouts(), Credentials.from(securityConfig)));
            String name = "catalog-" + service().label();
            var config = server.config(name);
            var auth = Authenticator.of(securityConfig);
            log.info(
                    "{} config: host={} port={} store=memory{} auth={}{}",
                    name,
                    config.host(),
                    config.port(),
                    System.getenv().getOrDefault("SCALELAB_DB_URL", "").isBlank()
                            ? ""
                            : " (SCALELAB_DB_URL is not used by a service run alone)",
                    securityConfig.mode(),
                    describeRemotes());
            auth.announce(name);
            List<Routes> routes = Secured.writes(Catalog.alone(service(), remotes), auth);
            var http = HttpServer.start(config, routes.toArray(Routes[]::new));
            Lifecycle.serve(List.of(http));
            return 0;
        }

        /**
         * Usage errors (exit 2) rather than settings silently dropped: options given to {@code catalog} before
         * the service's name (picocli never runs {@code catalog} itself then, so they would be lost), and
         * {@code --db} (a service alone keeps its state in memory).
         */
        private void refuseUnusedOptions() {
            String service = spec.name();
            CommandLine parent = spec.commandLine().getParent();
            ParseResult parsed = parent == null ? null : parent.getParseResult();
            if (parsed != null && !parsed.matchedOptions().isEmpty()) {
                List<String> given = parsed.matchedOptions().stream()
                        .map(OptionSpec::longestName)
                        .distinct()
                        .toList();
                throw new ParameterException(
                        spec.commandLine(),
                        "Options before '" + service + "' belong to '" + parent.getCommandName()
                                + "', which does not run with a service: " + String.join(", ", given)
                                + ". Put them after '" + service + "'"
                                + (given.contains("--db")
                                        ? " (except --db: a service alone keeps its state in memory)"
                                        : "")
                                + ".");
            }
            if (dbUrl != null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--db is not supported by '" + service + "' alone: a service run alone keeps its state in"
                                + " memory. Run 'scalelab catalog --db URL' to serve all four services on PostgreSQL.");
            }
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

    /** Timeouts of the calls a service makes to the others; each command declares its own --timeout. */
    abstract static class TimeoutOptions {
        @Option(
                names = "--connect-timeout",
                paramLabel = "DURATION",
                defaultValue = "${env:SCALELAB_CATALOG_CONNECT_TIMEOUT:-2s}",
                description = "Longest wait to connect to another service (default: ${DEFAULT-VALUE},"
                        + " env SCALELAB_CATALOG_CONNECT_TIMEOUT).")
        String connectTimeout;

        /** The --timeout given, or its default. */
        abstract String timeout();

        RemoteConfig config(CommandSpec spec) {
            try {
                Duration request = Durations.parse(timeout());
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

    /** The carts service's calls to products, the warehouse and payments: 5 s by default. */
    static final class CartsTimeouts extends TimeoutOptions {
        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                defaultValue = "${env:SCALELAB_CATALOG_TIMEOUT:-5s}",
                description = "Longest wait for a whole answer of another service, e.g. 5s, 500ms"
                        + " (default: ${DEFAULT-VALUE}, env SCALELAB_CATALOG_TIMEOUT); past it the caller gets 503."
                        + " Keep it longer than the payments service's --timeout.")
        String timeout;

        @Override
        String timeout() {
            return timeout;
        }
    }

    /**
     * The payments service's lookup of a cart: 2 s by default, shorter than the carts service's 5 s, so that
     * payments gives up (charging nothing) before carts gives up on the charge it asked for.
     */
    static final class PaymentsTimeouts extends TimeoutOptions {
        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                defaultValue = "${env:SCALELAB_CATALOG_LOOKUP_TIMEOUT:-2s}",
                description = "Longest wait for the carts service's answer, e.g. 2s, 500ms (default: ${DEFAULT-VALUE},"
                        + " env SCALELAB_CATALOG_LOOKUP_TIMEOUT); past it the caller gets 503. Keep it shorter than"
                        + " the carts service's --timeout, so that a payment is never approved after carts gave up.")
        String timeout;

        @Override
        String timeout() {
            return timeout;
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
        CartsTimeouts timeoutOptions;

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
                    + " payments=" + Redact.credentials(paymentsUrl) + " timeout=" + timeoutOptions.timeout()
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
        PaymentsTimeouts timeoutOptions;

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
            return " carts=" + Redact.credentials(cartsUrl) + " timeout=" + timeoutOptions.timeout()
                    + " connect-timeout=" + timeoutOptions.connectTimeout;
        }
    }
}
