package scalelab.loadgen.http;

import java.nio.charset.StandardCharsets;

/** What came back: the status and the whole body. */
public record Response(int status, byte[] body) {
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
