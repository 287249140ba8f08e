package scalelab.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small HTTP client for tests, with timeouts on every call. Bodies are strings; assert on them with
 * the JSON library of the module under test.
 *
 * <pre>{@code
 * var http = TestHttp.of(server.uri());
 * var response = http.post("/albums", "{\"title\":\"Giant Steps\",...}");
 * assertThat(response.statusCode()).isEqualTo(201);
 * }</pre>
 */
public final class TestHttp {
    /** Longest a test waits for one answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;

    private TestHttp(URI base) {
        this.base = base;
    }

    public static TestHttp of(URI base) {
        return new TestHttp(base);
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(withJson(path, "POST", json));
    }

    public HttpResponse<String> put(String path, String json) {
        return send(withJson(path, "PUT", json));
    }

    /** A request with any method, content type and body (null content type: no header). */
    public HttpResponse<String> send(String method, String path, String contentType, byte[] body) {
        var builder = request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    }

    private HttpRequest withJson(String path, String method, String json) {
        return request(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build();
    }
}
