package scalelab.catalog.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import scalelab.catalog.Catalog;
import scalelab.catalog.Catalog.Service;
import scalelab.catalog.OpenApiCheck;
import scalelab.catalog.security.Authenticator;
import scalelab.catalog.security.Credentials;
import scalelab.catalog.security.Secured;
import scalelab.catalog.security.SecurityConfig;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;

/**
 * The four catalog services as four servers on loopback, each alone with HTTP adapters to the others,
 * as four processes would run them: what {@code scalelab catalog products|carts|warehouse|payments} builds.
 */
final class SplitDeployment implements AutoCloseable {
    /** Short timeouts, so that the tests of a silent or stopped service take about a second. */
    static final RemoteConfig FAST = new RemoteConfig(Duration.ofMillis(500), Duration.ofSeconds(1));

    final HttpServer products;
    final HttpServer warehouse;
    final HttpServer payments;
    final HttpServer carts;

    /**
     * @param security what each service accepts on its writes
     * @param outgoing what each service sends on its calls to the others
     */
    SplitDeployment(SecurityConfig security, Credentials outgoing, RemoteConfig timeouts) {
        var auth = Authenticator.of(security);
        var remotes = Remotes.of(timeouts, outgoing);
        products = start(Service.PRODUCTS, remotes, auth, 0);
        warehouse = start(Service.WAREHOUSE, remotes, auth, 0);
        // payments and carts call each other: carts' port is chosen first so that payments can know it
        int cartsPort = freePort();
        payments = start(Service.PAYMENTS, remotes.withCarts(url(cartsPort)), auth, 0);
        carts = start(
                Service.CARTS,
                remotes.withProducts(products.uri())
                        .withWarehouse(warehouse.uri())
                        .withPayments(payments.uri()),
                auth,
                cartsPort);
    }

    static HttpServer start(Service service, Remotes remotes, Authenticator auth, int port) {
        List<Routes> routes = Secured.writes(Catalog.alone(service, remotes), auth);
        var config = new ServerConfig(
                service.label(), "127.0.0.1", port, ServerConfig.DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(1));
        return HttpServer.start(config, routes.toArray(Routes[]::new));
    }

    static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static URI url(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client of one of the services, every answer checked against openapi.yaml. */
    OpenApiCheck.Http http(HttpServer server) {
        return OpenApiCheck.http(server.uri());
    }

    @Override
    public void close() {
        for (HttpServer server : List.of(carts, payments, warehouse, products)) {
            server.close();
        }
    }
}
