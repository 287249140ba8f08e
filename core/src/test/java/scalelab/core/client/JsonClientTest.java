package scalelab.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonClientTest {
    @Test
    void aPeerThatStallsTheBodyAfterItsHeadersTimesOut() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write(
                            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":")
                                    .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(10_000); // headers sent, body never finished
                } catch (Exception ignored) {
                    // the client gave up and closed
                }
            });
            var client = JsonClient.of(
                    URI.create("http://127.0.0.1:" + server.getLocalPort()),
                    Duration.ofSeconds(1),
                    Duration.ofMillis(500));
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.post("/x", Map.of()))
                    .isInstanceOf(JsonClient.RemoteCallException.class)
                    .hasMessageContaining("no whole answer within");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            peer.interrupt();
        }
    }
}
