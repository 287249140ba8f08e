package scalelab.dashboard;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A service the dashboard watches.
 *
 * @param name its name, unique among the watched ones, as in its {@code /metrics} ({@code cart}, {@code search})
 * @param url where it answers {@code /health} and {@code /metrics}, {@code http://host:port}
 * @param kind what it is ({@code cart}, {@code flashsale}, ...); the page shows a service of a kind it does not
 *     know in a generic panel fed from its {@code /metrics}
 */
public record ServiceTarget(String name, URI url, String kind) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    /** @throws IllegalArgumentException naming the bad value */
    public ServiceTarget {
        Objects.requireNonNull(url, "url");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a service name is 1 to 40 lower-case letters, digits, '_' or '-' but was " + name);
        }
        if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 1) {
            throw new IllegalArgumentException("a service URL is http://host:port but was " + url);
        }
        kind = kind == null || kind.isBlank() ? name : kind;
    }

    /** A service whose kind is its name, as {@code scalelab up} names them. */
    public static ServiceTarget of(String name, URI url) {
        return new ServiceTarget(name, url, name);
    }
}
