package scalelab.catalog.security;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import scalelab.core.http.Handler;
import scalelab.core.http.Health;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * Puts an {@link Authenticator} in front of a feature's write handlers. Core's server has no filters, so
 * the check is added where the handlers are registered: every POST, PUT and DELETE handler checks the
 * credentials first, before it reads the body or changes anything; GET handlers, and the server's own
 * {@code /health}, {@code /metrics} and {@code /prometheus}, stay open.
 *
 * <pre>{@code
 * var auth = Authenticator.of(new SecurityConfig(apiKey, jwtSecret));
 * HttpServer.start(config, Secured.writes(new ProductRoutes(store), auth));
 * }</pre>
 */
public final class Secured {
    private Secured() {}

    /** {@code routes} with its writes checked by {@code auth}; {@code routes} itself when {@code auth} is open. */
    public static Routes writes(Routes routes, Authenticator auth) {
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(auth, "auth");
        return auth.isOpen() ? routes : new SecuredRoutes(routes, auth);
    }

    /** {@link #writes(Routes, Authenticator)} for each. */
    public static List<Routes> writes(List<Routes> routes, Authenticator auth) {
        return routes.stream().map(r -> writes(r, auth)).toList();
    }

    private record SecuredRoutes(Routes inner, Authenticator auth) implements Routes {
        @Override
        public void register(Router router) {
            inner.register(new CheckingRouter(router, auth));
        }

        @Override
        public Health health() {
            return inner.health();
        }

        @Override
        public void describeMetrics(Map<String, Object> metrics) {
            inner.describeMetrics(metrics);
        }

        @Override
        public void bindMeters(MeterRegistry registry) {
            inner.bindMeters(registry);
        }
    }

    /** Registers on {@code router}, wrapping writes. Returns itself, so chained calls stay checked. */
    private record CheckingRouter(Router router, Authenticator auth) implements Router {
        @Override
        public Router get(String path, Handler handler) {
            router.get(path, handler);
            return this;
        }

        @Override
        public Router post(String path, Handler handler) {
            router.post(path, checked(handler));
            return this;
        }

        @Override
        public Router put(String path, Handler handler) {
            router.put(path, checked(handler));
            return this;
        }

        @Override
        public Router delete(String path, Handler handler) {
            router.delete(path, checked(handler));
            return this;
        }

        private Handler checked(Handler handler) {
            return exchange -> {
                auth.check(exchange);
                handler.handle(exchange);
            };
        }
    }
}
