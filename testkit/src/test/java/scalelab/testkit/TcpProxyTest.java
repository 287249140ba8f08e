package scalelab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {
    private ServerSocket echo;

    @BeforeEach
    void startAnEchoServer() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket socket = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            socket.getInputStream().transferTo(socket.getOutputStream());
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stopTheEchoServer() throws IOException {
        echo.close();
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(text.getBytes());
        socket.getOutputStream().flush();
        return new String(socket.getInputStream().readNBytes(text.length()));
    }

    @Test
    void forwardsBothWaysUntilCutThenRefusesUntilRestoredOnTheSamePort() throws IOException {
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", echo.getLocalPort())) {
            int port = proxy.port();
            try (var before = new Socket(proxy.host(), port)) {
                assertThat(roundTrip(before, "hello")).isEqualTo("hello");

                proxy.cut();

                before.setSoTimeout(5_000);
                assertThat(before.getInputStream().read())
                        .as("the open connection is closed")
                        .isEqualTo(-1);
                assertThatThrownBy(() -> new Socket(proxy.host(), port)).isInstanceOf(ConnectException.class);
                assertThat(proxy.isForwarding()).isFalse();
            }

            proxy.restore();

            assertThat(proxy.port()).isEqualTo(port);
            try (var after = new Socket(proxy.host(), port)) {
                assertThat(roundTrip(after, "again")).isEqualTo("again");
            }
        }
    }

    @Test
    void closingStopsForwardingForGood() throws IOException {
        TcpProxy proxy = TcpProxy.to("127.0.0.1", echo.getLocalPort());
        proxy.close();
        proxy.restore();
        assertThat(proxy.isForwarding()).isFalse();
        assertThatThrownBy(() -> new Socket(proxy.host(), proxy.port())).isInstanceOf(ConnectException.class);
    }
}
