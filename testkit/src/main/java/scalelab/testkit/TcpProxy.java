package scalelab.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder to {@code host:port} that a test can cut, to make a real service unreachable without
 * stopping it: {@link #cut()} closes every open connection and refuses new ones (the port is closed), {@link
 * #restore()} listens on the same port again. Point the client at {@link #host()}:{@link #port()}.
 *
 * <pre>{@code
 * try (var proxy = TcpProxy.to("127.0.0.1", 5672)) {
 *     var broker = RabbitBroker.open("amqp://guest:guest@127.0.0.1:" + proxy.port() + "/%2F");
 *     proxy.cut();      // the broker is now unreachable
 *     proxy.restore();  // and reachable again
 * }
 * }</pre>
 */
public final class TcpProxy implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet(); // both ends of every forwarded connection
    private final Set<Thread> forwarders = ConcurrentHashMap.newKeySet(); // threads that hold those sockets
    private final Object lock = new Object();
    private ServerSocket server; // guarded by lock; null while cut
    private Thread acceptor; // guarded by lock; the thread accepting on server
    private int port; // guarded by lock; stays the same across cut and restore
    private boolean closed; // guarded by lock

    private TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Starts forwarding an ephemeral loopback port to {@code host:port}. */
    public static TcpProxy to(String host, int port) {
        var proxy = new TcpProxy(host, port);
        proxy.listen(0);
        return proxy;
    }

    public String host() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    public int port() {
        synchronized (lock) {
            return port;
        }
    }

    /** Closes every forwarded connection and stops listening: new connections are refused. */
    public void cut() {
        synchronized (lock) {
            closeQuietly(server);
            server = null;
            awaitAcceptorExit();
        }
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
        for (Thread forwarder : forwarders) { // as for accept: the sockets are really closed once these left them
            join(forwarder);
        }
    }

    /** Listens again, on the same port. */
    public void restore() {
        synchronized (lock) {
            if (server == null && !closed) {
                listen(port);
            }
        }
    }

    /** Whether it is forwarding (not cut, not closed). */
    public boolean isForwarding() {
        synchronized (lock) {
            return server != null;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        cut();
    }

    private void listen(int wanted) {
        synchronized (lock) {
            try {
                var socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted));
                server = socket;
                port = socket.getLocalPort();
                acceptor = Thread.ofVirtual().name("tcp-proxy-accept-" + port).start(() -> accept(socket));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on loopback port " + wanted, e);
            }
        }
    }

    /**
     * The listening socket is really closed (new connections refused) only once the thread blocked in accept has
     * left it: closing a socket a virtual thread is blocked on leaves the final close to that thread.
     */
    private void awaitAcceptorExit() {
        if (acceptor == null) {
            return;
        }
        join(acceptor);
        acceptor = null;
    }

    private static void join(Thread thread) {
        try {
            if (!thread.join(Duration.ofSeconds(5))) {
                throw new IllegalStateException(thread + " did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // cut or closed
            }
            Thread forwarder = Thread.ofVirtual().unstarted(() -> forward(client));
            forwarders.add(forwarder);
            forwarder.start();
        }
    }

    private void forward(Socket client) {
        var target = new Socket();
        open.add(client);
        open.add(target);
        try {
            target.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
            client.setTcpNoDelay(true);
            target.setTcpNoDelay(true);
            if (!open.contains(client) || !isForwarding()) { // cut while connecting
                closeBoth(client, target);
                return;
            }
            Thread back = Thread.ofVirtual().unstarted(() -> pump(target, client));
            forwarders.add(back);
            back.start();
            pump(client, target);
            join(back);
            forwarders.remove(back);
        } catch (IOException e) {
            closeBoth(client, target);
        } finally {
            forwarders.remove(Thread.currentThread());
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed or was cut
        } finally {
            closeBoth(from, to);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        open.remove(a);
        open.remove(b);
        closeQuietly(a);
        closeQuietly(b);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
