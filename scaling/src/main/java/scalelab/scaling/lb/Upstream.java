package scalelab.scaling.lb;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 to one target over a pool of keep-alive connections: a blocking socket per call (the balancer's
 * handlers run on virtual threads), the request written in one piece, the answer read by Content-Length,
 * chunks, or to the end of the connection. Every call has a connect timeout and a deadline for the whole
 * answer, enforced by a watchdog that closes overdue connections. Idle connections are reused newest first; one idle longer than {@link #MAX_IDLE_NANOS} is closed
 * rather than reused (the target may have dropped it).
 */
final class Upstream implements AutoCloseable {
    /** Idle connections kept per target. */
    static final int MAX_IDLE = 512;
    /** An idle connection older than this is closed instead of reused: 30 s. */
    static final long MAX_IDLE_NANOS = 30_000_000_000L;
    /** Largest answer passed on: 16 MiB. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final URI uri;
    private final InetSocketAddress address;
    private final String hostHeader;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    /**
     * Closes the connections whose answer is overdue, every {@link #WATCH_PERIOD_MS} ms: a deadline on the whole
     * answer without a timed park per read (on a virtual thread each timed read schedules and cancels a timer,
     * which cost a third of the balancer's throughput).
     */
    private static final Set<Connection> READING = ConcurrentHashMap.newKeySet();

    static final long WATCH_PERIOD_MS = 25;

    static {
        var watchdog = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("upstream-deadlines").daemon().unstarted(r));
        watchdog.scheduleWithFixedDelay(
                Upstream::closeOverdue, WATCH_PERIOD_MS, WATCH_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private static void closeOverdue() {
        long now = System.nanoTime();
        for (Connection c : READING) {
            if (now - c.deadline > 0) {
                c.timedOut = true;
                c.close(); // the blocked read fails at once
            }
        }
    }

    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean closed;

    Upstream(URI uri, Duration connectTimeout, Duration responseTimeout) {
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("a target is http://host:port, not " + uri);
        }
        this.uri = uri;
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.hostHeader = uri.getHost() + ":" + uri.getPort();
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    URI uri() {
        return uri;
    }

    /** Sends {@code request} and reads the whole answer. */
    ProxyResponse send(ProxyRequest request) throws UpstreamException {
        long deadline = System.nanoTime() + responseTimeout.toNanos();
        Connection connection = acquire();
        boolean reusable = false;
        connection.deadline = deadline;
        connection.timedOut = false;
        READING.add(connection);
        try {
            connection.write(encode(request));
            ProxyResponse response = connection.read(request.method().equals("HEAD"));
            reusable = connection.keepAlive && !connection.timedOut;
            return response;
        } finally {
            READING.remove(connection);
            if (reusable && !closed) {
                release(connection);
            } else {
                connection.close();
            }
        }
    }

    private Connection acquire() throws UpstreamException {
        for (Connection c; (c = idle.pollFirst()) != null; ) {
            idleCount.decrementAndGet();
            if (System.nanoTime() - c.idleSince < MAX_IDLE_NANOS) {
                return c;
            }
            c.close();
        }
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) Math.max(1, connectTimeout.toMillis()));
            return new Connection(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UpstreamException(
                    UpstreamException.Kind.CONNECT_FAILED, "cannot connect to " + uri + ": " + e.getMessage(), e);
        }
    }

    private void release(Connection c) {
        if (idleCount.incrementAndGet() > MAX_IDLE) {
            idleCount.decrementAndGet();
            c.close();
            return;
        }
        c.idleSince = System.nanoTime();
        idle.offerFirst(c);
    }

    private byte[] encode(ProxyRequest request) {
        var head = new StringBuilder(256)
                .append(request.method())
                .append(' ')
                .append(request.target())
                .append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader)
                .append("\r\n");
        request.headers().forEach((name, values) -> {
            if (!ProxyRequest.NOT_FORWARDED.contains(name)) {
                values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
            }
        });
        if (request.body().length > 0
                || !(request.method().equals("GET") || request.method().equals("HEAD"))) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + request.body().length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(request.body(), 0, all, headBytes.length, request.body().length);
        return all;
    }

    /** Idle connections in the pool now. */
    int idleConnections() {
        return idleCount.get();
    }

    @Override
    public void close() {
        closed = true;
        for (Connection c; (c = idle.pollFirst()) != null; ) {
            idleCount.decrementAndGet();
            c.close();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do: the socket is gone either way
        }
    }

    /** One keep-alive connection, used by one call at a time. */
    private final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[16 * 1024];
        private int position;
        private int limit;
        private boolean keepAlive;
        private long idleSince;
        /** When the answer is overdue (System.nanoTime); read by the watchdog. */
        private volatile long deadline;
        /** Set by the watchdog when it closed this connection for being overdue. */
        private volatile boolean timedOut;

        private boolean answerStarted;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void write(byte[] request) throws UpstreamException {
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                throw new UpstreamException(
                        UpstreamException.Kind.CONNECTION_LOST, "sending to " + uri + " failed: " + e.getMessage(), e);
            }
        }

        ProxyResponse read(boolean head) throws UpstreamException {
            this.answerStarted = false;
            try {
                String statusLine = line();
                if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                    throw protocol("bad status line: " + statusLine);
                }
                int status = Integer.parseInt(statusLine.substring(9, 12));
                var headers = new LinkedHashMap<String, List<String>>();
                long length = -1;
                boolean chunked = false;
                keepAlive = statusLine.startsWith("HTTP/1.1");
                for (String h = line(); !h.isEmpty(); h = line()) {
                    int colon = h.indexOf(':');
                    if (colon <= 0) {
                        throw protocol("bad header line: " + h);
                    }
                    String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> length = Long.parseLong(value);
                        case "transfer-encoding" ->
                            chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> keepAlive = keepAlive && !value.equalsIgnoreCase("close");
                        default -> {
                            if (!ProxyRequest.NOT_FORWARDED.contains(name)) {
                                headers.computeIfAbsent(name, k -> new ArrayList<>(1))
                                        .add(value);
                            }
                        }
                    }
                }
                byte[] body;
                if (head || status == 204 || status == 304 || status / 100 == 1) {
                    body = new byte[0];
                } else if (chunked) {
                    body = chunkedBody();
                } else if (length >= 0) {
                    if (length > MAX_BODY_BYTES) {
                        throw protocol("answer of " + length + " bytes is larger than " + MAX_BODY_BYTES);
                    }
                    body = exactly((int) length);
                } else {
                    keepAlive = false;
                    body = toEnd();
                }
                return new ProxyResponse(status, headers, body, uri.toString());
            } catch (UpstreamException e) {
                keepAlive = false;
                throw e;
            } catch (IOException | RuntimeException e) {
                keepAlive = false;
                if (timedOut) {
                    throw new UpstreamException(
                            UpstreamException.Kind.TIMEOUT, uri + " gave no whole answer within " + responseTimeout, e);
                }
                var kind = answerStarted ? UpstreamException.Kind.PROTOCOL : UpstreamException.Kind.CONNECTION_LOST;
                throw new UpstreamException(kind, "reading from " + uri + " failed: " + e, e);
            }
        }

        private UpstreamException protocol(String message) {
            return new UpstreamException(UpstreamException.Kind.PROTOCOL, uri + ": " + message, null);
        }

        /** Reads more into the buffer, within the deadline; EOF is an error (every caller needs more). */
        private void fill() throws IOException {
            if (position == limit) {
                position = 0;
                limit = 0;
            } else if (limit == buffer.length) {
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                position = 0;
            }
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                throw new EOFException("connection closed");
            }
            answerStarted = true;
            limit += n;
        }

        private String line() throws IOException {
            var text = new StringBuilder(64);
            while (true) {
                for (int i = position; i < limit; i++) {
                    if (buffer[i] == '\n') {
                        int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                        text.append(new String(buffer, position, end - position, StandardCharsets.ISO_8859_1));
                        position = i + 1;
                        return text.toString();
                    }
                }
                if (text.length() + (limit - position) > 16 * 1024) {
                    throw new IOException("header line longer than 16 KiB");
                }
                if (limit == buffer.length && position == 0) {
                    text.append(new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1));
                    position = limit;
                }
                fill();
            }
        }

        private byte[] exactly(int length) throws IOException {
            byte[] body = new byte[length];
            int copied = 0;
            while (copied < length) {
                if (position == limit) {
                    fill();
                }
                int n = Math.min(length - copied, limit - position);
                System.arraycopy(buffer, position, body, copied, n);
                position += n;
                copied += n;
            }
            return body;
        }

        private byte[] chunkedBody() throws IOException {
            var body = new java.io.ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {} // trailers
                    return body.toByteArray();
                }
                if (body.size() + size > MAX_BODY_BYTES) {
                    throw new IOException("chunked answer larger than " + MAX_BODY_BYTES);
                }
                body.writeBytes(exactly(size));
                line(); // the CRLF after the chunk
            }
        }

        private byte[] toEnd() throws IOException {
            var body = new java.io.ByteArrayOutputStream();
            body.write(buffer, position, limit - position);
            position = limit;
            while (true) {
                try {
                    fill();
                } catch (EOFException e) {
                    return body.toByteArray();
                }
                body.write(buffer, position, limit - position);
                position = limit;
                if (body.size() > MAX_BODY_BYTES) {
                    throw new IOException("answer larger than " + MAX_BODY_BYTES);
                }
            }
        }

        void close() {
            closeQuietly(socket);
        }
    }

    /** Headers of a request, copied from what the client sent: lower-case names. */
    static Map<String, List<String>> forwardable(Map<String, List<String>> headers) {
        var copy = new LinkedHashMap<String, List<String>>();
        headers.forEach((name, values) -> {
            if (!ProxyRequest.NOT_FORWARDED.contains(name)) {
                copy.put(name, values);
            }
        });
        return copy;
    }
}
