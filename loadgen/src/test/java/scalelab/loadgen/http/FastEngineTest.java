package scalelab.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static scalelab.loadgen.http.Await.WAIT;
import static scalelab.loadgen.http.Await.answer;
import static scalelab.loadgen.http.Await.failure;
import static scalelab.loadgen.http.ScriptedServer.ok;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What only the fast engine promises: its own keep-alive connection per user, one retry when a reused
 * connection turns out to be closed before any byte of the answer, and futures that never complete
 * inside {@code send()}, even on its own loop thread.
 */
class FastEngineTest {
    private static FastEngine engineFor(ScriptedServer server) {
        return new FastEngine(server.uri(), WAIT, 1);
    }

    private static Response get(HttpEngine.Connection connection, String path) {
        return answer(connection.send(Request.get(path)));
    }

    @Test
    void idleConnectionClosedByTheServerIsReplacedForTheNextRequest() throws Exception {
        try (var server = ScriptedServer.start(peer -> {
                    peer.readRequest();
                    peer.write(ok("answer " + peer.connection)); // keep-alive, then hang up while idle
                });
                var engine = engineFor(server);
                var connection = engine.open()) {
            assertThat(get(connection, "/").text()).isEqualTo("answer 1");
            assertThat(get(connection, "/").text()).isEqualTo("answer 2");
            assertThat(server.accepts()).isEqualTo(2);
        }
    }

    @Test
    void requestOnAConnectionTheServerDroppedIsRetriedOnAFreshOne() throws Exception {
        try (var server = ScriptedServer.start(peer -> {
                    peer.readRequest();
                    peer.write(ok("answer " + peer.connection));
                    peer.readRequest(); // the race a keep-alive client must survive: the request is
                    // already on its way when the server gives the connection up
                });
                var engine = engineFor(server);
                var connection = engine.open()) {
            assertThat(get(connection, "/first").text()).isEqualTo("answer 1");
            assertThat(get(connection, "/second").text()).isEqualTo("answer 2");

            assertThat(server.accepts()).isEqualTo(2);
            assertThat(server.takeRequest().path()).isEqualTo("/first");
            assertThat(server.takeRequest().path()).isEqualTo("/second");
            assertThat(server.takeRequest().path()).isEqualTo("/second"); // sent again
        }
    }

    @Test
    void retryHappensOnlyOnce() throws Exception {
        try (var server = ScriptedServer.start(peer -> {
                    if (peer.connection == 1) {
                        peer.readRequest();
                        peer.write(ok("first"));
                    }
                    peer.readRequest(); // then drop the connection without a byte of answer
                });
                var engine = engineFor(server);
                var connection = engine.open()) {
            get(connection, "/");
            var failure = failure(connection.send(Request.get("/")));

            assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("closed the connection");
            assertThat(server.accepts()).isEqualTo(2);
        }
    }

    @Test
    void freshConnectionClosedBeforeTheAnswerIsNotRetried() throws Exception {
        try (var server = ScriptedServer.start(peer -> peer.readRequest());
                var engine = engineFor(server);
                var connection = engine.open()) {
            var failure = failure(connection.send(Request.get("/")));

            assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("closed the connection");
            assertThat(server.accepts()).isEqualTo(1);
        }
    }

    @Test
    void answerCutOffMidwayFailsWithoutRetry() throws Exception {
        try (var server = ScriptedServer.start(peer -> {
                    peer.readRequest();
                    peer.write(ok("whole"));
                    peer.readRequest();
                    peer.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf"); // then hang up
                });
                var engine = engineFor(server);
                var connection = engine.open()) {
            assertThat(get(connection, "/").text()).isEqualTo("whole");
            var failure = failure(connection.send(Request.get("/")));

            assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("mid-answer");
            assertThat(server.accepts()).isEqualTo(1);
        }
    }

    @Test
    void timedOutRequestLeavesTheConnectionUsable() throws Exception {
        try (var server = ScriptedServer.start(peer -> {
                    peer.readRequest();
                    if (peer.connection == 1) {
                        peer.awaitClose(); // never answers the first connection
                    } else {
                        peer.write(ok("late but fine"));
                        peer.awaitClose();
                    }
                });
                var engine = new FastEngine(server.uri(), Duration.ofMillis(200), 1);
                var connection = engine.open()) {
            assertThat(failure(connection.send(Request.get("/")))).isInstanceOf(SocketTimeoutException.class);
            // the timed-out connection was given up, so nothing late on it can be taken for this answer
            assertThat(get(connection, "/").text()).isEqualTo("late but fine");
            assertThat(server.accepts()).isEqualTo(2);
        }
    }

    @Test
    void sendFromACompletionOnTheLoopThreadDoesNotCompleteInline() throws Exception {
        try (var server = ScriptedServer.start(peer -> {
                    while (peer.readRequest() != null) {
                        peer.write(ok("n" + peer.connection));
                    }
                });
                var engine = engineFor(server);
                var connection = engine.open()) {
            var doneInline = new AtomicBoolean(true);
            var second = connection.send(Request.get("/")).thenCompose(first -> {
                var next = connection.send(Request.get("/")); // on the loop thread, as a user without think time
                doneInline.set(next.isDone());
                return next;
            });

            assertThat(answer(second).text()).isEqualTo("n1");
            assertThat(doneInline).isFalse();
        }
    }

    @Test
    void secondRequestWhileOneIsInFlightIsRefused() throws Exception {
        var answer = new CountDownLatch(1);
        try (var server = ScriptedServer.start(peer -> {
                    peer.readRequest();
                    answer.await();
                    peer.write(ok("first"));
                    peer.awaitClose();
                });
                var engine = engineFor(server);
                var connection = engine.open()) {
            var first = connection.send(Request.get("/1"));
            var second = connection.send(Request.get("/2"));

            assertThat(failure(second)).isInstanceOf(IllegalStateException.class);
            answer.countDown();
            assertThat(answer(first).text()).isEqualTo("first");
        }
    }

    @Test
    void closingTheConnectionFailsItsRequestInFlight() throws Exception {
        try (var server = ScriptedServer.start(peer -> {
                    peer.readRequest();
                    peer.awaitClose();
                });
                var engine = engineFor(server);
                var connection = engine.open()) {
            var future = connection.send(Request.get("/"));
            server.takeRequest(); // it is on the wire
            connection.close();

            assertThat(failure(future)).isInstanceOf(IOException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void slowBodyCountsAgainstTheWholeAnswerTimeout() throws Exception {
        try (var server = ScriptedServer.start(peer -> {
                    peer.readRequest();
                    peer.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
                    for (int i = 0; i < 100; i++) {
                        peer.writeInPieces(Duration.ofMillis(20), "x"); // 2 s in all: a byte keeps no request alive
                    }
                });
                var engine = new FastEngine(server.uri(), Duration.ofMillis(200), 1);
                var connection = engine.open()) {
            assertThat(failure(connection.send(Request.get("/")))).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void closingTheEngineFailsRequestsInFlight() throws Exception {
        try (var server = ScriptedServer.start(peer -> {
            peer.readRequest();
            peer.awaitClose();
        })) {
            var engine = engineFor(server);
            var future = engine.open().send(Request.get("/"));
            server.takeRequest();
            engine.close();

            assertThat(failure(future)).isInstanceOf(IOException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void requestAfterTheEngineClosedFailsInsteadOfHanging() throws Exception {
        try (var server = ScriptedServer.start(peer -> {
            while (peer.readRequest() != null) {
                peer.write(ok("fine"));
            }
        })) {
            var engine = engineFor(server);
            var connection = engine.open();
            get(connection, "/");
            engine.close();

            var future = connection.send(Request.get("/"));

            assertThat(future.isDone()).as("completed inside send()").isFalse();
            assertThat(failure(future)).isInstanceOf(IOException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void unresolvableHostFailsTheFutureAndTheLoopLivesOn() {
        try (var engine = new FastEngine(URI.create("http://no-such-host.invalid:8080"), WAIT, 1)) {
            var connection = engine.open();

            assertThat(failure(connection.send(Request.get("/")))).isInstanceOf(IOException.class);
            assertThat(failure(connection.send(Request.get("/")))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void onlyPlainHttpIsSpoken() {
        assertThatThrownBy(() -> new FastEngine(URI.create("https://example.com"), WAIT, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://example.com");
    }
}
