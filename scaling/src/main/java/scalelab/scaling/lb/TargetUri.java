package scalelab.scaling.lb;

import java.net.URI;

/** A target's address as the balancer takes it: {@code http://host:port}, and nothing else. */
public final class TargetUri {
    private TargetUri() {}

    /**
     * {@code text} as {@code http://host:port} (a trailing slash allowed).
     *
     * @throws IllegalArgumentException naming what is wrong: another scheme, no host, a port outside 1..65535, a
     *     user, a path, a query or a fragment
     */
    public static URI parse(String text) {
        String stripped = text == null ? "" : text.strip();
        URI uri;
        try {
            uri = URI.create(stripped);
        } catch (IllegalArgumentException e) {
            throw invalid(stripped, "not a URL");
        }
        if (!"http".equals(uri.getScheme())) throw invalid(stripped, "the scheme must be http");
        if (uri.getHost() == null || uri.getHost().length() > 253) throw invalid(stripped, "no valid host");
        if (uri.getPort() < 1 || uri.getPort() > 65535) throw invalid(stripped, "the port must be 1..65535");
        if (uri.getRawUserInfo() != null) throw invalid(stripped, "no user part");
        boolean noPath = uri.getRawPath() == null
                || uri.getRawPath().isEmpty()
                || uri.getRawPath().equals("/");
        if (!noPath || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(stripped, "no path, query or fragment");
        }
        return URI.create("http://" + uri.getHost() + ":" + uri.getPort());
    }

    private static IllegalArgumentException invalid(String text, String why) {
        String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return new IllegalArgumentException("a target is http://host:port (" + why + "), not '" + shown + "'");
    }
}
