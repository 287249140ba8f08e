package scalelab.resilience.cart;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.Exchange;
import scalelab.core.http.Health;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The cart service: both variants side by side, each with its own carts, under {@code /vulnerable} and
 * {@code /fixed}; the variant it was started as also unprefixed; and {@code POST /circuit-breaker/reset}.
 *
 * <pre>{@code
 * List<Routes> routes = CartApp.routes(URI.create("http://127.0.0.1:8081"), FixedConfig.defaults(), Variant.FIXED);
 * HttpServer.start(ServerConfig.of("cart", 8080), routes.toArray(Routes[]::new));
 * }</pre>
 */
public final class CartApp {
    private static final Logger log = LoggerFactory.getLogger(CartApp.class);

    private CartApp() {}

    /** The routes of a cart service calling the product service at {@code productUrl}, on the system clock. */
    public static List<Routes> routes(URI productUrl, FixedConfig config, Variant startedAs) {
        return routes(productUrl, config, startedAs, Clock.systemUTC());
    }

    /**
     * As {@link #routes(URI, FixedConfig, Variant)}, with the clock the breaker (open wait, call durations)
     * and the cache (TTL) read: tests move it instead of sleeping.
     */
    public static List<Routes> routes(URI productUrl, FixedConfig config, Variant startedAs, Clock clock) {
        var vulnerableSource = HttpProductSource.withoutTimeouts(productUrl);
        var fixedSource = HttpProductSource.withTimeouts(
                productUrl, config.timeout(), config.timeout().plus(FixedConfig.HTTP_TIMEOUT_MARGIN));
        return routes(vulnerableSource, fixedSource, config, startedAs, clock, CartBook.MAX_CARTS);
    }

    /** The same over any product source: for tests. */
    static List<Routes> routes(
            ProductSource vulnerableSource,
            ProductSource fixedSource,
            FixedConfig config,
            Variant startedAs,
            Clock clock,
            int maxCarts) {
        var fixedProducts = new ProtectedProducts(fixedSource, config, clock);
        var vulnerable =
                new CartService(Variant.VULNERABLE, new UnprotectedProducts(vulnerableSource), new CartBook(maxCarts));
        // a view waits for its lines together at most as long as one read may take: bulkhead wait + time limit
        var fixed = new CartService(
                Variant.FIXED,
                fixedProducts,
                new CartBook(maxCarts),
                config.timeout().plus(config.bulkheadWait()));
        CartService started = startedAs == Variant.FIXED ? fixed : vulnerable;
        log.info("cart: started as {}; fixed variant: {}", startedAs.label(), config.describe());
        return List.of(
                new CartRoutes(vulnerable, Variant.VULNERABLE.prefix()),
                new CartRoutes(fixed, Variant.FIXED.prefix()),
                new CartRoutes(started, ""),
                new ServiceRoutes(vulnerable, fixed, fixedProducts, started));
    }

    /**
     * What belongs to the service as a whole: the breaker reset, the unprefixed {@code /metrics} (the
     * started variant's figures, added to core's), the meters of both variants, and health.
     */
    private static final class ServiceRoutes implements Routes {
        private final CartService vulnerable;
        private final CartService fixed;
        private final ProtectedProducts fixedProducts;
        private final CartService started;

        ServiceRoutes(CartService vulnerable, CartService fixed, ProtectedProducts fixedProducts, CartService started) {
            this.vulnerable = vulnerable;
            this.fixed = fixed;
            this.fixedProducts = fixedProducts;
            this.started = started;
        }

        @Override
        public void register(Router router) {
            router.post("/circuit-breaker/reset", this::reset).post("/fixed/circuit-breaker/reset", this::reset);
        }

        private void reset(Exchange ex) {
            fixedProducts.reset();
            var body = new LinkedHashMap<String, Object>();
            body.put("message", "circuit breaker reset");
            body.put("circuit_breaker_state", fixedProducts.breakerState());
            ex.json(200, body);
        }

        /** Healthy while it can serve: the fixed cart serves whatever the product service does. */
        @Override
        public Health health() {
            return Health.healthy(Map.of(
                    "variant", started.variant().label(), "circuit_breaker_state", fixedProducts.breakerState()));
        }

        @Override
        public void describeMetrics(Map<String, Object> metrics) {
            started.describe().forEach(metrics::putIfAbsent);
        }

        @Override
        public void bindMeters(MeterRegistry registry) {
            vulnerable.products().bindMeters(registry);
            fixed.products().bindMeters(registry);
        }
    }
}
