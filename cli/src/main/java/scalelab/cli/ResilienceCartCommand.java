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
import scalelab.core.config.Redact;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.loadgen.Durations;
import scalelab.resilience.cart.CartApp;
import scalelab.resilience.cart.FixedConfig;
import scalelab.resilience.cart.Variant;

@Command(
        name = "cart",
        mixinStandardHelpOptions = true,
        description = "Run the cart service that depends on the product service, in two variants side by side:"
                + " /vulnerable (no timeout, no breaker) and /fixed (time limiter, circuit breaker, bulkhead,"
                + " cache of last-known products, price_pending). --variant also serves one of them unprefixed.",
        footer = {
            "",
            "Example:",
            "  curl -s localhost:8080/fixed/cart/alice/add -H 'Content-Type: application/json' \\",
            "    -d '{\"product_id\":\"1\",\"quantity\":2}'",
            "  curl -s localhost:8080/fixed/cart/alice",
            "  curl -s localhost:8080/fixed/metrics",
            "  curl -s -X POST localhost:8080/circuit-breaker/reset"
        })
final class ResilienceCartCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ResilienceCartCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Option(
            names = "--product-url",
            defaultValue = "${env:SCALELAB_PRODUCT_URL:-}",
            paramLabel = "URL",
            description = "The product service, e.g. http://127.0.0.1:8081 (required; env SCALELAB_PRODUCT_URL).")
    String productUrl;

    @Option(
            names = "--variant",
            defaultValue = "${env:SCALELAB_CART_VARIANT:-fixed}",
            paramLabel = "fixed|vulnerable",
            description = "The variant also served without a prefix (default: ${DEFAULT-VALUE}, env"
                    + " SCALELAB_CART_VARIANT).")
    String variant;

    @Option(
            names = "--timeout",
            defaultValue = "500ms",
            paramLabel = "DURATION",
            description = "Fixed: time limit on each product read; the HTTP client's connect timeout is the same"
                    + " (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(
            names = "--breaker-window",
            defaultValue = "" + FixedConfig.DEFAULT_BREAKER_WINDOW,
            paramLabel = "CALLS",
            description = "Fixed: calls in the breaker's count-based sliding window (default: ${DEFAULT-VALUE}).")
    int breakerWindow;

    @Option(
            names = "--minimum-calls",
            defaultValue = "" + FixedConfig.DEFAULT_MINIMUM_CALLS,
            paramLabel = "CALLS",
            description = "Fixed: calls in the window before the breaker judges its rates (default: ${DEFAULT-VALUE}).")
    int minimumCalls;

    @Option(
            names = "--failure-rate",
            defaultValue = "50",
            paramLabel = "PERCENT",
            description = "Fixed: failed calls in the window that open the breaker (default: ${DEFAULT-VALUE}).")
    float failureRate;

    @Option(
            names = "--slow-call",
            defaultValue = "300ms",
            paramLabel = "DURATION",
            description = "Fixed: a read that takes longer is slow (default: ${DEFAULT-VALUE}).")
    String slowCall;

    @Option(
            names = "--slow-call-rate",
            defaultValue = "50",
            paramLabel = "PERCENT",
            description = "Fixed: slow calls in the window that open the breaker (default: ${DEFAULT-VALUE}).")
    float slowCallRate;

    @Option(
            names = "--open-wait",
            defaultValue = "5s",
            paramLabel = "DURATION",
            description = "Fixed: time OPEN before HALF_OPEN, automatically (default: ${DEFAULT-VALUE}).")
    String openWait;

    @Option(
            names = "--half-open-calls",
            defaultValue = "" + FixedConfig.DEFAULT_HALF_OPEN_CALLS,
            paramLabel = "CALLS",
            description = "Fixed: trial calls in HALF_OPEN that decide CLOSED or OPEN (default: ${DEFAULT-VALUE}).")
    int halfOpenCalls;

    @Option(
            names = "--bulkhead",
            defaultValue = "" + FixedConfig.DEFAULT_BULKHEAD_CALLS,
            paramLabel = "CALLS",
            description = "Fixed: most product reads in flight at once; more fall back (default: ${DEFAULT-VALUE}).")
    int bulkhead;

    @Option(
            names = "--bulkhead-wait",
            defaultValue = "5ms",
            paramLabel = "DURATION",
            description = "Fixed: longest wait for a place in the bulkhead (default: ${DEFAULT-VALUE}).")
    String bulkheadWait;

    @Option(
            names = "--cache-ttl",
            defaultValue = "5m",
            paramLabel = "DURATION",
            description = "Fixed: how long a product read live may stand in for the product service"
                    + " (default: ${DEFAULT-VALUE}).")
    String cacheTtl;

    @Option(
            names = "--cache-size",
            defaultValue = "" + FixedConfig.DEFAULT_CACHE_MAX_PRODUCTS,
            paramLabel = "PRODUCTS",
            description = "Fixed: most products in the cache (default: ${DEFAULT-VALUE}).")
    int cacheSize;

    @Override
    public Integer call() throws InterruptedException {
        URI products = productUrl();
        Variant startedAs = variant();
        FixedConfig config = fixedConfig();
        List<Routes> routes = CartApp.routes(products, config, startedAs);
        log.info(
                "cart config: product-url={} variant={} {}",
                Redact.credentials(products.toString()),
                startedAs.label(),
                config.describe());
        HttpServer http = HttpServer.start(server.config("cart"), routes.toArray(Routes[]::new));
        Lifecycle.serve(List.of(http));
        return 0;
    }

    /**
     * --product-url: required, http(s)://host[:port][/path], with no query or fragment (the cart appends
     * {@code /products/{id}} to it, which a query or fragment would swallow); else a usage error (exit 2).
     */
    URI productUrl() {
        if (productUrl == null || productUrl.isBlank()) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--product-url=URL'");
        }
        try {
            URI url = URI.create(productUrl.strip());
            if (url.getHost() == null || !List.of("http", "https").contains(url.getScheme())) {
                throw new IllegalArgumentException("not http://host:port");
            }
            if (url.getRawQuery() != null || url.getRawFragment() != null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Invalid value for option '--product-url': '" + Redact.credentials(productUrl)
                                + "' has a query or fragment; give http://host:port");
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--product-url': '" + Redact.credentials(productUrl)
                            + "' is not an http://host:port URL");
        }
    }

    Variant variant() {
        try {
            return Variant.parse(variant);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--variant " + e.getMessage());
        }
    }

    /** The fixed variant's settings; a bad one is a usage error (exit 2) naming it. */
    FixedConfig fixedConfig() {
        try {
            return new FixedConfig(
                    duration("--timeout", timeout),
                    breakerWindow,
                    minimumCalls,
                    failureRate,
                    duration("--slow-call", slowCall),
                    slowCallRate,
                    duration("--open-wait", openWait),
                    halfOpenCalls,
                    bulkhead,
                    duration("--bulkhead-wait", bulkheadWait),
                    duration("--cache-ttl", cacheTtl),
                    cacheSize);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
