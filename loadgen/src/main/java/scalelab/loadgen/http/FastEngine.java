package scalelab.loadgen.http;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lean HTTP/1.1 client in the way of wrk: non-blocking keep-alive sockets served by a few event-loop
 * threads, each request written in one call and its answer parsed incrementally from the bytes as they
 * arrive. No TLS, redirects or cookies: the load-testing subset, like Locust's FastHttpUser.
 *
 * <p>A user's answer completes on its loop thread, so a user that sends its next request from the
 * completion (no think time) never leaves the loop: no thread hand-off per request, which is what makes
 * it several times cheaper than the JDK client. A request that finds its reused connection closed by the
 * server before any byte of the answer is sent once more on a fresh connection.
 */
public final class FastEngine implements HttpEngine {
    private static final long SCAN_NANOS = 50_000_000L;

    private final InetSocketAddress address;
    private final String hostHeader;
    private final long timeoutNanos;
    private final List<Loop> loops = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    public FastEngine(URI host, Duration timeout) {
        this(host, timeout, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    /** {@code threads} event loops; users are spread over them round-robin. */
    public FastEngine(URI host, Duration timeout, int threads) {
        if (!"http".equals(host.getScheme())) {
            throw new IllegalArgumentException("the fast client speaks plain http only: " + host);
        }
        int port = host.getPort() == -1 ? 80 : host.getPort();
        this.address = new InetSocketAddress(host.getHost(), port);
        this.hostHeader = host.getHost() + (host.getPort() == -1 ? "" : ":" + port);
        this.timeoutNanos = timeout.toNanos();
        for (int i = 0; i < threads; i++) {
            loops.add(new Loop("loadgen-fast-" + i));
        }
    }

    @Override
    public Connection open() {
        return new FastConnection(loops.get(Math.floorMod(next.getAndIncrement(), loops.size())));
    }

    @Override
    public void close() {
        loops.forEach(Loop::close);
    }

    /** One selector thread and the work handed to it from other threads. */
    private static final class Loop implements Runnable {
        private final Selector selector;
        private final Thread thread;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean wakeupPending = new AtomicBoolean();
        private final List<FastConnection> connections = new ArrayList<>();
        /** Shared by the loop's connections: each read is parsed before the next one starts. */
        private final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);

        private volatile boolean closed;

        Loop(String name) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector", e);
            }
            thread = Thread.ofPlatform().name(name).daemon().start(this);
        }

        void execute(Runnable task) {
            if (Thread.currentThread() == thread) {
                task.run();
                return;
            }
            tasks.add(task);
            if (wakeupPending.compareAndSet(false, true)) {
                selector.wakeup();
            }
        }

        @Override
        public void run() {
            long lastScan = System.nanoTime();
            try {
                while (!closed) {
                    selector.select(key -> ((FastConnection) key.attachment()).ready(key), 50);
                    wakeupPending.set(false);
                    runTasks();
                    long now = System.nanoTime();
                    if (now - lastScan > SCAN_NANOS) {
                        lastScan = now;
                        for (var connection : List.copyOf(connections)) {
                            connection.checkTimeout(now);
                        }
                    }
                }
            } catch (IOException | ClosedSelectorException e) {
                if (!closed) {
                    throw new IllegalStateException("the fast client's event loop failed", e);
                }
            } finally {
                List.copyOf(connections).forEach(c -> c.fail(new IOException("the client was closed")));
            }
        }

        void runTasks() {
            for (Runnable task; (task = tasks.poll()) != null; ) {
                task.run();
            }
        }

        void close() {
            closed = true;
            selector.wakeup();
            try {
                thread.join(2_000);
                selector.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // the loop is gone either way
            }
            runTasks(); // requests sent while the loop was stopping: each fails, see start()
        }
    }

    private final class FastConnection implements Connection {
        private final Loop loop;
        private final ResponseParser parser = new ResponseParser();
        private SocketChannel channel;
        private SelectionKey key;
        private boolean reused;
        private ByteBuffer toWrite;
        private Request request;
        private byte[] encoded;
        private Request lastRequest;
        private byte[] lastEncoded;
        private CompletableFuture<Response> pending;
        private long deadline;
        private boolean retried;

        FastConnection(Loop loop) {
            this.loop = loop;
        }

        @Override
        public CompletableFuture<Response> send(Request request) {
            var future = new CompletableFuture<Response>();
            loop.tasks.add(() -> start(request, future)); // always through the queue: never completes inline
            if (loop.closed) {
                // no loop left to run it: fail it from another thread a scan period later, not inside send()
                CompletableFuture.runAsync(loop::runTasks, CompletableFuture.delayedExecutor(SCAN_NANOS, NANOSECONDS));
            } else if (Thread.currentThread() != loop.thread && loop.wakeupPending.compareAndSet(false, true)) {
                loop.selector.wakeup();
            }
            return future;
        }

        private void start(Request request, CompletableFuture<Response> future) {
            if (loop.closed) {
                future.completeExceptionally(new IOException("the client was closed"));
            } else if (pending != null) {
                future.completeExceptionally(new IllegalStateException("one request at a time per connection"));
            } else {
                this.request = request;
                this.encoded = encode(request);
                this.pending = future;
                this.deadline = System.nanoTime() + timeoutNanos;
                this.retried = false;
                transmit();
            }
        }

        private void transmit() {
            try {
                if (channel == null) {
                    connect();
                    return; // writes once connected
                }
                write();
            } catch (IOException | RuntimeException e) {
                failOrRetry(asIo(e)); // e.g. an unresolved host: fail this request, never the loop thread
            }
        }

        private void connect() throws IOException {
            channel = SocketChannel.open();
            reused = false;
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            loop.connections.add(this);
            if (channel.connect(address)) {
                key = channel.register(loop.selector, 0, this);
                write();
            } else {
                key = channel.register(loop.selector, SelectionKey.OP_CONNECT, this);
            }
        }

        private void write() throws IOException {
            parser.reset("HEAD".equals(request.method()));
            toWrite = ByteBuffer.wrap(encoded);
            channel.write(toWrite);
            key.interestOps(toWrite.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void ready(SelectionKey key) {
            try {
                if (key.isConnectable()) {
                    channel.finishConnect();
                    write();
                } else if (key.isWritable()) {
                    channel.write(toWrite);
                    if (!toWrite.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                } else if (key.isReadable()) {
                    read();
                }
            } catch (IOException | RuntimeException e) {
                failOrRetry(asIo(e));
            }
        }

        private static IOException asIo(Exception e) {
            return e instanceof IOException io ? io : new IOException(e.toString(), e);
        }

        private void read() throws IOException {
            var readBuffer = loop.readBuffer;
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n == -1) {
                if (pending == null) {
                    closeChannel(); // the server closed an idle connection
                    return;
                }
                if (!parser.feedEnd()) {
                    throw new IOException(
                            parser.started()
                                    ? "the server closed the connection mid-answer"
                                    : "the server closed the connection");
                }
            } else if (pending == null) {
                closeChannel(); // bytes nobody asked for: the connection is no longer in step
                return;
            } else {
                readBuffer.flip();
                if (!parser.feed(readBuffer)) {
                    return; // more to come
                }
            }
            var response = new Response(parser.status(), parser.body());
            reused = true;
            if (parser.closeAfter() || n == -1) {
                closeChannel();
            }
            var future = pending;
            pending = null;
            future.complete(response);
        }

        private void failOrRetry(IOException e) {
            boolean canRetry = reused && !retried && !parser.started() && pending != null;
            closeChannel();
            if (canRetry) {
                retried = true;
                transmit();
            } else {
                fail(e);
            }
        }

        void fail(IOException e) {
            closeChannel();
            var future = pending;
            pending = null;
            if (future != null) {
                future.completeExceptionally(e);
            }
        }

        void checkTimeout(long now) {
            if (pending != null && now - deadline > 0) {
                fail(new java.net.SocketTimeoutException("no whole answer within "
                        + Duration.ofNanos(timeoutNanos).toMillis() + " ms"));
            }
        }

        private byte[] encode(Request request) {
            if (request != lastRequest) {
                lastEncoded = RequestEncoder.encode(request, hostHeader);
                lastRequest = request;
            }
            return lastEncoded;
        }

        private void closeChannel() {
            if (channel != null) {
                loop.connections.remove(this);
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // giving the connection up anyway
                }
                channel = null;
                key = null;
            }
        }

        @Override
        public void close() {
            loop.execute(() -> fail(new IOException("the connection was closed")));
        }
    }
}
