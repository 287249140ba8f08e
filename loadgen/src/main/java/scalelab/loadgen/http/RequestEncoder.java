package scalelab.loadgen.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The bytes of an HTTP/1.1 request: head and body in one array, so one write sends both. */
final class RequestEncoder {
    private RequestEncoder() {}

    static byte[] encode(Request request, String hostHeader) {
        var head = new StringBuilder(128)
                .append(request.method())
                .append(' ')
                .append(request.path())
                .append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader)
                .append("\r\n");
        request.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Host") && !k.equalsIgnoreCase("Content-Length")) { // written here
                head.append(k).append(": ").append(v).append("\r\n");
            }
        });
        boolean bodyless = request.body().length == 0
                && (request.method().equals("GET") || request.method().equals("HEAD"));
        if (!bodyless) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + request.body().length);
        System.arraycopy(request.body(), 0, all, headBytes.length, request.body().length);
        return all;
    }
}
