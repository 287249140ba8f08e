package scalelab.catalog.security;

import java.util.List;
import java.util.Objects;
import scalelab.core.http.Handler;
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
        if (auth.isOpen()) {
            return routes;
        }
        return Routes.wrapping(routes, (method, handler) -> method.equals("GET") ? handler : checked(handler, auth));
    }

    /** {@link #writes(Routes, Authenticator)} for each. */
    public static List<Routes> writes(List<Routes> routes, Authenticator auth) {
        return routes.stream().map(r -> writes(r, auth)).toList();
    }

    private static Handler checked(Handler handler, Authenticator auth) {
        return exchange -> {
            auth.check(exchange);
            handler.handle(exchange);
        };
    }
}
