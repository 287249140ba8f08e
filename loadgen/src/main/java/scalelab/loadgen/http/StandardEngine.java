package scalelab.loadgen.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK's {@link HttpClient}: one client (and its connection pool) shared by every user. Like Locust's
 * HttpUser it is the general, convenient choice, and it spends more CPU per request than {@link
 * FastEngine}.
 */
public final class StandardEngine implements HttpEngine {
    private final URI host;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;

    public StandardEngine(URI host, Duration timeout) {
        this.host = host;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(executor)
                .build();
    }

    @Override
    public Connection open() {
        return new Connection() {
            @Override
            public CompletableFuture<Response> send(Request request) {
                var builder = withMethod(HttpRequest.newBuilder(host.resolve(request.path())), request)
                        .timeout(timeout);
                request.headers().forEach(builder::header);
                return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
                        .thenApplyAsync(r -> new Response(r.statusCode(), r.body()), executor)
                        // the JDK's own timeout ends at the headers; this one covers the whole answer
                        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionallyCompose(StandardEngine::describeTimeout);
            }

            @Override
            public void close() {}
        };
    }

    /** Frames the body as {@link RequestEncoder} does: GET and HEAD without one say no Content-Length. */
    private static HttpRequest.Builder withMethod(HttpRequest.Builder builder, Request request) {
        if (request.body().length > 0) {
            return builder.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        }
        return switch (request.method()) {
            case "GET" -> builder.GET(); // method("GET", noBody()) would send "Content-Length: 0"
            case "HEAD" -> builder.HEAD();
            default -> builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        };
    }

    private static CompletableFuture<Response> describeTimeout(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return CompletableFuture.failedFuture(
                cause instanceof TimeoutException
                        ? new HttpTimeoutException("no whole answer within the timeout")
                        : cause);
    }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }
}
