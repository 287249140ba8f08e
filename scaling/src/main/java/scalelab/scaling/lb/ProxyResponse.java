package scalelab.scaling.lb;

import java.util.List;
import java.util.Map;

/**
 * A target's answer: status, the end-to-end headers (lower-case names), body; and which target gave it.
 */
public record ProxyResponse(int status, Map<String, List<String>> headers, byte[] body, String servedBy) {
    public ProxyResponse {
        headers = Map.copyOf(headers);
    }

    public String contentType() {
        var values = headers.get("content-type");
        return values == null || values.isEmpty() ? "application/octet-stream" : values.get(0);
    }
}
