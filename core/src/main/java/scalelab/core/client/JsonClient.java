package scalelab.core.client;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import scalelab.core.json.Json;

/**
 * A JSON-over-HTTP client whose every call has a connect and a request timeout: no remote call
 * without a timeout. Thread-safe; share one per remote service.
 *
 * <pre>{@code
 * var albums = JsonClient.of(URI.create("http://127.0.0.1:8080"), Duration.ofSeconds(2), Duration.ofSeconds(5));
 * List<Album> all = albums.get("/albums", new TypeReference<>() {});
 * }</pre>
 */
public final class JsonClient {
    private final URI base;
    private final Duration requestTimeout;
    private final HttpClient http;

    private JsonClient(URI base, Duration connectTimeout, Duration requestTimeout) {
        this.base = base;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * @param connectTimeout longest wait to open a connection
     * @param requestTimeout longest wait for a whole answer
     */
    public static JsonClient of(URI base, Duration connectTimeout, Duration requestTimeout) {
        return new JsonClient(base, connectTimeout, requestTimeout);
    }

    /** A status and a raw body. */
    public record Response(int status, String body) {
        public <T> T as(TypeReference<T> type) {
            try {
                return Json.mapper().readValue(body, type);
            } catch (IOException e) {
                throw new UncheckedIOException("answer is not the JSON expected: " + body, e);
            }
        }
    }

    /** GET {@code path}, expecting 200 with a JSON body of {@code type}. */
    public <T> T get(String path, TypeReference<T> type) {
        Response response = send(request(path).GET().build());
        if (response.status() != 200) {
            throw new RemoteCallException("GET " + base.resolve(path) + " answered " + response.status());
        }
        return response.as(type);
    }

    public Response post(String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build());
    }

    /**
     * Sends {@code request} and reads the whole answer within the request timeout. (The JDK's own
     * request timeout stops at the response headers: a peer that then stalls the body would hang.)
     */
    public Response send(HttpRequest request) {
        var call = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = call.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new RemoteCallException(
                    request.method() + " " + request.uri() + " gave no whole answer within " + requestTimeout, e);
        } catch (ExecutionException e) {
            throw new RemoteCallException(request.method() + " " + request.uri() + " failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new RemoteCallException(request.method() + " " + request.uri() + " interrupted", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout);
    }

    /** A remote call failed, timed out, or answered what the caller did not expect. */
    public static final class RemoteCallException extends RuntimeException {
        public RemoteCallException(String message) {
            super(message);
        }

        public RemoteCallException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
