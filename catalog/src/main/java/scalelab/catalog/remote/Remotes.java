package scalelab.catalog.remote;

import java.net.URI;
import java.util.Objects;
import scalelab.catalog.carts.CartPorts;
import scalelab.catalog.payments.CartDirectory;
import scalelab.catalog.security.Credentials;
import scalelab.core.config.Redact;

/**
 * Where the other catalog services are, when a service runs alone, and the HTTP adapters of their ports.
 * Every call has the timeouts of a {@link RemoteConfig} and carries the {@link Credentials} given.
 * Immutable: each {@code with…} returns a copy.
 *
 * <pre>{@code
 * var remotes = Remotes.of(RemoteConfig.ofDefaults(), Credentials.apiKey(key))
 *         .withProducts(URI.create("http://127.0.0.1:8081"))
 *         .withWarehouse(URI.create("http://127.0.0.1:8083"))
 *         .withPayments(URI.create("http://127.0.0.1:8084"));
 * var carts = new Carts(remotes.products(), remotes.stock(), remotes.payments(), Carts.DEFAULT_MAX_CARTS);
 * }</pre>
 *
 * A URL is {@code http://host:port}; a path in it is ignored (the services' paths are absolute).
 */
public final class Remotes {
    private final RemoteConfig config;
    private final Credentials credentials;
    private final URI products;
    private final URI warehouse;
    private final URI payments;
    private final URI carts;

    private Remotes(
            RemoteConfig config, Credentials credentials, URI products, URI warehouse, URI payments, URI carts) {
        this.config = Objects.requireNonNull(config, "config");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.products = products;
        this.warehouse = warehouse;
        this.payments = payments;
        this.carts = carts;
    }

    /** No service located yet. */
    public static Remotes of(RemoteConfig config, Credentials credentials) {
        return new Remotes(config, credentials, null, null, null, null);
    }

    public Remotes withProducts(URI url) {
        return new Remotes(config, credentials, checked("products", url), warehouse, payments, carts);
    }

    public Remotes withWarehouse(URI url) {
        return new Remotes(config, credentials, products, checked("warehouse", url), payments, carts);
    }

    public Remotes withPayments(URI url) {
        return new Remotes(config, credentials, products, warehouse, checked("payments", url), carts);
    }

    public Remotes withCarts(URI url) {
        return new Remotes(config, credentials, products, warehouse, payments, checked("carts", url));
    }

    /** @throws IllegalStateException when no products URL was given */
    public CartPorts.Products products() {
        return new RemoteProducts(new RemoteService("products", required("products", products), config, credentials));
    }

    /** @throws IllegalStateException when no warehouse URL was given */
    public CartPorts.Stock stock() {
        return new RemoteStock(new RemoteService("warehouse", required("warehouse", warehouse), config, credentials));
    }

    /** @throws IllegalStateException when no payments URL was given */
    public CartPorts.Payments payments() {
        return new RemotePayments(new RemoteService("payments", required("payments", payments), config, credentials));
    }

    /** @throws IllegalStateException when no carts URL was given */
    public CartDirectory carts() {
        return new RemoteCarts(new RemoteService("carts", required("carts", carts), config, credentials));
    }

    /**
     * @throws IllegalArgumentException when {@code url} is not an absolute http(s) URL with a host
     */
    private static URI checked(String service, URI url) {
        Objects.requireNonNull(url, service + " URL");
        if (url.getScheme() == null
                || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "the " + service + " URL must be http://host:port or https://host:port but was "
                            + Redact.credentials(url.toString()));
        }
        return url;
    }

    private static URI required(String service, URI url) {
        if (url == null) {
            throw new IllegalStateException("the " + service + " service's URL is not set");
        }
        return url;
    }
}
