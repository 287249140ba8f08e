package scalelab.loadgen.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static scalelab.loadgen.http.Await.WAIT;
import static scalelab.loadgen.http.Await.answer;
import static scalelab.loadgen.http.Await.failure;
import static scalelab.loadgen.http.ScriptedServer.ok;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What both engines must get right about HTTP/1.1, each test played against a {@link ScriptedServer}
 * that writes exact bytes: framing (Content-Length, chunked, close-delimited, no body), keep-alive,
 * request encoding, timeouts and connection errors.
 */
class HttpEngineTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    enum Kind {
        FAST(SocketTimeoutException.class) {
            @Override
            HttpEngine open(URI host, Duration timeout) {
                return new FastEngine(host, timeout, 2);
            }
        },
        STANDARD(HttpTimeoutException.class) {
            @Override
            HttpEngine open(URI host, Duration timeout) {
                return new StandardEngine(host, timeout);
            }
        };

        /** What a future fails with when no whole answer came in time. */
        final Class<? extends IOException> timeoutType;

        Kind(Class<? extends IOException> timeoutType) {
            this.timeoutType = timeoutType;
        }

        abstract HttpEngine open(URI host, Duration timeout);

        HttpEngine open(URI host) {
            return open(host, WAIT);
        }
    }

    /** A keep-alive server that gives every request on every connection the same answer. */
    private static ScriptedServer answering(String answer) {
        return ScriptedServer.start(peer -> {
            while (peer.readRequest() != null) {
                peer.write(answer);
            }
        });
    }

    private static Response get(HttpEngine.Connection connection, String path) {
        return answer(connection.send(Request.get(path)));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void contentLengthBodyIsReadWholeAndNoFurther(Kind kind) throws Exception {
        try (var server = answering("HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\n"
                        + "hello world");
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            for (int i = 0; i < 3; i++) { // a byte too many or too few would garble the next answer
                var response = get(connection, "/greeting");
                assertThat(response.status()).isEqualTo(201);
                assertThat(response.text()).isEqualTo("hello world");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void noContentAnswerEndsAfterItsHead(Kind kind) throws Exception {
        try (var server = answering("HTTP/1.1 204 No Content\r\nX-Done: yes\r\n\r\n");
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            var first = get(connection, "/a");
            var second = get(connection, "/b");

            assertThat(first.status()).isEqualTo(204);
            assertThat(first.body()).isEmpty();
            assertThat(second.status()).isEqualTo(204);
            assertThat(server.accepts()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void headAnswerHasNoBodyDespiteItsContentLength(Kind kind) throws Exception {
        try (var server = ScriptedServer.start(peer -> {
                    peer.readRequest();
                    peer.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"); // HEAD: the length of a GET's body
                    peer.readRequest();
                    peer.write(ok("hello"));
                    peer.awaitClose();
                });
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            var head = answer(connection.send(new Request("HEAD", "/", Map.of(), null)));
            var next = get(connection, "/");

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(next.text()).isEqualTo("hello");
            assertThat(server.takeRequest().method()).isEqualTo("HEAD");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void chunkedAnswerIsReassembled(Kind kind) throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;note=\"first\"\r\nhello\r\n" // a chunk extension, ignored
                + "1\r\n \r\n"
                + "A\r\nchunked wo\r\n" // sizes are hex
                + "3\r\nrld\r\n"
                + "0\r\nX-Checksum: 42\r\nX-Other: trailer\r\n\r\n"; // trailers end the answer
        try (var server = answering(answer);
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            assertThat(get(connection, "/c").text()).isEqualTo("hello chunked world");
            assertThat(get(connection, "/c").text()).isEqualTo("hello chunked world");
            assertThat(server.accepts()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeDelimitedBodyEndsWithTheConnection(Kind kind) throws Exception {
        try (var server = ScriptedServer.start(peer -> {
                    peer.readRequest();
                    peer.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
                    peer.write("all of this, ");
                    peer.write("until the server hangs up");
                }); // returning closes the connection
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            assertThat(get(connection, "/").text()).isEqualTo("all of this, until the server hangs up");
            assertThat(get(connection, "/").text()).isEqualTo("all of this, until the server hangs up");
            assertThat(server.accepts()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void answerSplitAcrossSmallDelayedWritesIsParsed(Kind kind) throws Exception {
        try (var server = ScriptedServer.start(peer -> {
                    while (peer.readRequest() != null) {
                        peer.writeInPieces(
                                Duration.ofMillis(3),
                                "HTT",
                                "P/1.1 200 O",
                                "K\r", // CR and LF in different reads
                                "\nContent-Ty",
                                "pe: text/plain\r\nContent-Le", // a header name split mid-way
                                "ngth: 2",
                                "0\r\n\r", // the blank line split too
                                "\n01234",
                                "56789abcdefghi",
                                "j");
                    }
                });
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            assertThat(get(connection, "/").text()).isEqualTo("0123456789abcdefghij");
            assertThat(get(connection, "/").text()).isEqualTo("0123456789abcdefghij");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void largeBodyArrivesWhole(Kind kind) throws Exception {
        var body = new StringBuilder();
        for (int i = 0; body.length() < 1 << 20; i++) {
            body.append(i).append(',');
        }
        try (var server = answering(ok(body.toString()));
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            assertThat(get(connection, "/big").text()).isEqualTo(body.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void interimContinueAnswerIsSkipped(Kind kind) throws Exception {
        try (var server = answering("HTTP/1.1 100 Continue\r\n\r\n" + ok("final"));
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            var response = get(connection, "/");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("final");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void postSendsContentLengthAndTheExactBodyBytes(Kind kind) throws Exception {
        byte[] body = new byte[300]; // every byte value, CR and LF included
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        try (var server = answering(ok("stored"));
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            var upload = new Request("POST", "/upload", Map.of("Content-Type", "application/octet-stream"), body);
            var response = answer(connection.send(upload));

            var request = server.takeRequest();
            assertThat(response.text()).isEqualTo("stored");
            assertThat(request.requestLine()).isEqualTo("POST /upload HTTP/1.1");
            assertThat(request.headers("Content-Length")).containsExactly("300");
            assertThat(request.headers("Content-Type")).containsExactly("application/octet-stream");
            assertThat(request.body()).isEqualTo(body);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void jsonPostArrivesAsUtf8(Kind kind) throws Exception {
        String json = "{\"title\":\"Café Müller\"}";
        try (var server = answering(ok(""));
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            answer(connection.send(Request.postJson("/albums", json)));

            var request = server.takeRequest();
            assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(json);
            assertThat(request.headers("Content-Length"))
                    .containsExactly(String.valueOf(json.getBytes(StandardCharsets.UTF_8).length));
            assertThat(request.headers("Content-Type")).containsExactly("application/json");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void emptyPostSaysContentLengthZeroAndGetSaysNothing(Kind kind) throws Exception {
        try (var server = answering(ok("ok"));
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            answer(connection.send(new Request("POST", "/empty", Map.of(), null)));
            get(connection, "/plain");

            var post = server.takeRequest();
            var get = server.takeRequest();
            assertThat(post.headers("Content-Length")).containsExactly("0"); // else the server waits for a body
            assertThat(get.headers("Content-Length")).isEmpty();
            assertThat(get.headers("Transfer-Encoding")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void hostPathQueryAndCustomHeadersArrive(Kind kind) throws Exception {
        try (var server = answering(ok("ok"));
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            answer(connection.send(new Request("GET", "/items?page=2&sort=name", Map.of("X-Trace", "abc-123"), null)));

            var request = server.takeRequest();
            assertThat(request.requestLine()).isEqualTo("GET /items?page=2&sort=name HTTP/1.1");
            assertThat(request.headers("Host"))
                    .containsExactly("127.0.0.1:" + server.uri().getPort());
            assertThat(request.headers("X-Trace")).containsExactly("abc-123");
            assertThat(request.body()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sequentialRequestsShareOneKeepAliveConnection(Kind kind) throws Exception {
        try (var server = answering(ok("again"));
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            for (int i = 0; i < 20; i++) {
                assertThat(get(connection, "/" + i).text()).isEqualTo("again");
            }
            assertThat(server.accepts()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void connectionCloseAnswerMakesTheNextRequestOpenANewConnection(Kind kind) throws Exception {
        try (var server = ScriptedServer.start(peer -> {
                    peer.readRequest();
                    peer.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: "
                            + ("bye " + peer.connection).length()
                            + "\r\n\r\nbye " + peer.connection);
                    peer.awaitClose(); // the client must hang up: it was told to
                });
                var engine = kind.open(server.uri());
                var connection = engine.open()) {
            assertThat(get(connection, "/").text()).isEqualTo("bye 1");
            assertThat(get(connection, "/").text()).isEqualTo("bye 2");
            assertThat(get(connection, "/").text()).isEqualTo("bye 3");
            assertThat(server.accepts()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void silentServerTimesOutSoonAfterTheTimeout(Kind kind) throws Exception {
        try (var server = ScriptedServer.start(peer -> peer.awaitClose());
                var engine = kind.open(server.uri(), TIMEOUT);
                var connection = engine.open()) {
            long start = System.nanoTime();
            var failure = failure(connection.send(Request.get("/slow")));
            var elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(failure).isInstanceOf(kind.timeoutType);
            assertThat(elapsed).isBetween(TIMEOUT, TIMEOUT.plusMillis(200)); // a 50 ms scan, and slack
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void refusedConnectionFailsWithConnectException(Kind kind) throws Exception {
        try (var engine = kind.open(refusingHost());
                var connection = engine.open()) {
            var future = connection.send(Request.get("/"));

            assertThat(future.isDone()).as("completed inside send()").isFalse();
            assertThat(failure(future)).isInstanceOf(ConnectException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void manyConcurrentUsersEachGetTheirOwnAnswers(Kind kind) throws Exception {
        int users = 200;
        int requestsPerUser = kind == Kind.FAST ? 50 : 10; // the JDK client costs several times more a request
        try (var server = ScriptedServer.start(peer -> {
                    for (ScriptedServer.Recorded request; (request = peer.readRequest()) != null; ) {
                        peer.write(ok(request.path())); // an echo tells each answer from the others
                    }
                });
                var engine = kind.open(server.uri())) {
            var answered = new AtomicInteger();
            var wrong = new ConcurrentHashMap<String, String>();
            var done = new ArrayList<CompletableFuture<Void>>();
            for (int u = 0; u < users; u++) {
                done.add(runUser(engine.open(), "/u" + u, requestsPerUser, answered, wrong));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, SECONDS);

            assertThat(wrong).isEmpty();
            assertThat(answered).hasValue(users * requestsPerUser);
            if (kind == Kind.FAST) { // the JDK client pools connections across users: no promise of one each
                assertThat(server.accepts()).as("TCP connections").isEqualTo(users);
            }
        }
    }

    /** One user sending {@code left} requests in turn, each from the completion of the one before. */
    private static CompletableFuture<Void> runUser(
            HttpEngine.Connection connection,
            String prefix,
            int left,
            AtomicInteger answered,
            Map<String, String> wrong) {
        String path = prefix + "/r" + left;
        return connection.send(Request.get(path)).thenCompose(response -> {
            answered.incrementAndGet();
            if (!response.text().equals(path)) {
                wrong.put(path, response.text());
            }
            return left == 1
                    ? CompletableFuture.completedFuture(null)
                    : runUser(connection, prefix, left - 1, answered, wrong);
        });
    }

    /** A host on a port nothing listens on. */
    private static URI refusingHost() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
