package scalelab.resilience.cart;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A product service that accepts connections and never answers; {@link #close()} drops them all. */
final class HangingProductServer implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    HangingProductServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("hanging-product").start(this::acceptForever);
    }

    private void acceptForever() {
        while (!listener.isClosed()) {
            try {
                accepted.add(listener.accept()); // read nothing, answer nothing
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    int connections() {
        return accepted.size();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
