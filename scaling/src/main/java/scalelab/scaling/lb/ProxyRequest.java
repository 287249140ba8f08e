package scalelab.scaling.lb;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request as the balancer passes it on: method, path with its query string, the end-to-end headers, body.
 *
 * @param target path and query, as sent: {@code /products/search?q=alpha}
 */
public record ProxyRequest(String method, String target, Map<String, List<String>> headers, byte[] body) {
    /** Headers that belong to one connection, never passed on (RFC 9110 7.6.1), plus the ones the balancer sets. */
    static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length");

    /** Methods that may be sent twice with the effect of once (RFC 9110 9.2.2): retried on another target. */
    static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    public ProxyRequest {
        headers = Map.copyOf(headers);
    }

    public static ProxyRequest get(String target) {
        return new ProxyRequest("GET", target, Map.of(), new byte[0]);
    }

    boolean idempotent() {
        return IDEMPOTENT.contains(method);
    }
}
