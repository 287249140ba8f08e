package scalelab.loadgen.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP request as the engines send it: a method, a path (with its query) relative to the host, extra
 * headers, and a body (empty for none).
 */
public record Request(String method, String path, Map<String, String> headers, byte[] body) {
    private static final byte[] NO_BODY = new byte[0];

    public Request {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a request path starts with '/': " + path);
        }
        headers.forEach((name, value) -> {
            if ((name + value).chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new IllegalArgumentException("a header holds no line break: " + name);
            }
        });
        headers = Map.copyOf(headers);
        body = body == null ? NO_BODY : body;
    }

    public static Request get(String path) {
        return new Request("GET", path, Map.of(), NO_BODY);
    }

    /** A POST of a JSON body. */
    public static Request postJson(String path, String json) {
        return new Request(
                "POST", path, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }
}
