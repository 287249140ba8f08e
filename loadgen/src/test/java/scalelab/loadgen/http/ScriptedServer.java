package scalelab.loadgen.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket HTTP/1.1 server for tests: it accepts on 127.0.0.1, gives each connection its own thread,
 * and plays a {@link Script} on it. The script reads request heads and writes canned bytes, so a test
 * controls framing, timing and when the connection closes; the server records every request it read.
 *
 * <pre>{@code
 * try (var server = ScriptedServer.start(peer -> {
 *     while (peer.readRequest() != null) {
 *         peer.write(ScriptedServer.ok("hello"));
 *     }
 * })) { ... server.uri() ... server.accepts() ... server.takeRequest() ... }
 * }</pre>
 */
final class ScriptedServer implements AutoCloseable {
    /** What the server does on one accepted connection; the connection closes when it returns. */
    @FunctionalInterface
    interface Script {
        void play(Peer peer) throws Exception;
    }

    /** A request as the server read it: the request line, the header lines, and the body. */
    record Recorded(String requestLine, List<String> headerLines, byte[] body) {
        String method() {
            return requestLine.substring(0, requestLine.indexOf(' '));
        }

        String path() {
            return requestLine.substring(requestLine.indexOf(' ') + 1, requestLine.lastIndexOf(' '));
        }

        /** Every value of the named header, in order (names compare case-insensitively). */
        List<String> headers(String name) {
            var values = new ArrayList<String>();
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    values.add(line.substring(colon + 1).trim());
                }
            }
            return values;
        }
    }

    private static final Duration TAKE_TIMEOUT = Duration.ofSeconds(5);

    private final ServerSocket serverSocket;
    private final Script script;
    private final AtomicInteger accepts = new AtomicInteger(); // written by the acceptor thread
    private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>(); // written by peers
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private ScriptedServer(Script script) throws IOException {
        this.serverSocket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        this.script = script;
        Thread.ofPlatform().name("scripted-accept").daemon().start(this::acceptLoop);
    }

    static ScriptedServer start(Script script) {
        try {
            return new ScriptedServer(script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 200 answer framed by Content-Length. */
    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort());
    }

    /** How many TCP connections the server has accepted so far. */
    int accepts() {
        return accepts.get();
    }

    /** The next request any connection read, waiting up to five seconds for it. */
    Recorded takeRequest() throws InterruptedException {
        var request = requests.poll(TAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (request == null) {
            throw new AssertionError("the server read no request within " + TAKE_TIMEOUT);
        }
        return request;
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                var socket = serverSocket.accept();
                socket.setTcpNoDelay(true); // so each scripted write leaves as its own segment
                sockets.add(socket);
                var peer = new Peer(socket, accepts.incrementAndGet());
                Thread.ofVirtual().name("scripted-peer-" + peer.connection).start(() -> serve(peer));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Peer peer) {
        try (peer.socket) {
            script.play(peer);
        } catch (Exception e) {
            // the client or the test closed the connection: the script has nothing more to say
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (var socket : sockets) {
            socket.close();
        }
    }

    /** The server's end of one connection. */
    final class Peer {
        /** 1 for the first connection the server accepted, 2 for the second, and so on. */
        final int connection;

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Peer(Socket socket, int connection) throws IOException {
            this.socket = socket;
            this.connection = connection;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Reads one request (head, then a Content-Length body); null if the client closed first. */
        Recorded readRequest() throws IOException {
            String requestLine = readLine();
            if (requestLine == null) {
                return null;
            }
            var headerLines = new ArrayList<String>();
            for (String line; !(line = readLine()).isEmpty(); ) {
                headerLines.add(line);
            }
            var head = new Recorded(requestLine, List.copyOf(headerLines), new byte[0]);
            var length = head.headers("Content-Length");
            var recorded = length.isEmpty()
                    ? head
                    : new Recorded(requestLine, head.headerLines(), in.readNBytes(Integer.parseInt(length.get(0))));
            requests.add(recorded);
            return recorded;
        }

        /** Writes text as ISO-8859-1 bytes (every canned answer here is ASCII) and flushes. */
        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Writes each piece on its own, pausing between them, so the client reads them apart. */
        void writeInPieces(Duration pause, String... pieces) throws IOException, InterruptedException {
            for (String piece : pieces) {
                write(piece);
                Thread.sleep(pause);
            }
        }

        /** Blocks until the client closes the connection (or the server is closed), discarding input. */
        void awaitClose() throws IOException {
            while (in.read() != -1) {
                // a silent server: whatever the client sends is never answered
            }
        }

        /** The request line or header line without its CRLF; null at the end of the stream. */
        private String readLine() throws IOException {
            var line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b == -1) {
                    if (line.size() == 0) {
                        return null;
                    }
                    throw new IOException("the client closed mid-line");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
    }
}
