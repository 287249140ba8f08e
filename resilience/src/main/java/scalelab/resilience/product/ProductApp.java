package scalelab.resilience.product;

import java.util.List;
import scalelab.core.faults.FaultRoutes;
import scalelab.core.faults.Faults;
import scalelab.core.http.Routes;

/**
 * The product service of API.md, whose failures are injected on demand: the routes to serve.
 *
 * <pre>{@code
 * HttpServer.start(ServerConfig.of("product", 8080), ProductApp.routes(adminToken).toArray(Routes[]::new));
 * }</pre>
 *
 * <p>{@code GET /products} and {@code GET /products/{id}} wait the injected latency, then answer 503
 * {@code SERVICE_UNAVAILABLE} while failure mode is on. The admin endpoints ({@code POST /fail/on},
 * {@code /fail/off}, {@code /crash}, {@code /recover}, {@code /latency?ms=N}, {@code /reset}), {@code
 * /health} and {@code /metrics} are never delayed, so an operator can always see and heal the service;
 * {@code /health} answers 503 while failure mode is on.
 */
public final class ProductApp {
    private ProductApp() {}

    /**
     * @param adminToken the token the admin endpoints require; null or blank = open to anyone (logged once)
     */
    public static List<Routes> routes(String adminToken) {
        return routes(new Faults(), adminToken);
    }

    /** {@link #routes(String)} with {@code faults} as its switch, for callers that turn it in process. */
    public static List<Routes> routes(Faults faults, String adminToken) {
        return List.of(faults.inject(new ProductRoutes(ProductCatalog.seed())), new FaultRoutes(faults, adminToken));
    }
}
