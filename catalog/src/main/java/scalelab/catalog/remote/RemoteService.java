package scalelab.catalog.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.catalog.security.Credentials;
import scalelab.core.client.JsonClient;
import scalelab.core.http.ApiException;
import scalelab.core.json.Json;

/**
 * One other catalog service reached over HTTP: every call has core's connect and request timeouts and
 * carries this service's credentials. What it answers becomes, for the caller:
 *
 * <ul>
 *   <li>a 2xx: the response, for the adapter to read;
 *   <li>a refusal with the catalog's error body (404 {@code PRODUCT_NOT_FOUND}, 400 {@code
 *       INSUFFICIENT_STOCK}, 402 {@code PAYMENT_DECLINED}…): the same {@link ApiException}, status, code,
 *       message and details, unless the adapter asked to see that code itself;
 *   <li>a timeout, a refused connection, a 5xx, a 401/403 (our own credentials refused: a deployment
 *       mistake, not the client's), a route the service does not have, or an answer that is not the
 *       catalog's: 503 {@code DEPENDENCY_UNAVAILABLE} naming the service. Never a 500, never a hang.
 * </ul>
 */
final class RemoteService {
    private static final Logger log = LoggerFactory.getLogger(RemoteService.class);

    private final String name;
    private final URI base;
    private final Duration requestTimeout;
    private final JsonClient client;
    private final Credentials credentials;

    RemoteService(String name, URI base, RemoteConfig config, Credentials credentials) {
        this.name = name;
        this.base = base;
        this.requestTimeout = config.requestTimeout();
        this.client = JsonClient.of(base, config.connectTimeout(), config.requestTimeout());
        this.credentials = credentials;
    }

    /** An answer of the service: 2xx, or 4xx with one of {@code seen} as its error code. */
    record Answer(int status, String code, String body) {
        /** The body as JSON; a missing node when it is not JSON (the adapter then finds nothing it needs). */
        JsonNode json() {
            try {
                JsonNode node = Json.read(body, JsonNode.class);
                return node == null ? MissingNode.getInstance() : node;
            } catch (UncheckedIOException e) {
                return MissingNode.getInstance();
            }
        }
    }

    Answer get(String path, Set<String> seen) {
        return call(request(path).GET().build(), seen);
    }

    Answer post(String path, Object body, Set<String> seen) {
        return call(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                        .build(),
                seen);
    }

    String name() {
        return name;
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout);
        credentials.addTo(builder);
        return builder;
    }

    private Answer call(HttpRequest request, Set<String> seen) {
        JsonClient.Response response;
        try {
            response = client.send(request);
        } catch (JsonClient.RemoteCallException e) {
            throw unavailable(request, reason(e));
        }
        int status = response.status();
        if (status >= 200 && status < 300) {
            return new Answer(status, null, response.body());
        }
        Optional<ErrorAnswer> error = ErrorAnswer.parse(response.body());
        if (status >= 400 && status < 500 && status != 401 && status != 403 && error.isPresent()) {
            ErrorAnswer e = error.get();
            if (seen.contains(e.error())) {
                return new Answer(status, e.error(), response.body());
            }
            if (!e.error().equals("NOT_FOUND")) { // NOT_FOUND: no such route there, a deployment mistake
                throw new ApiException(status, e.error(), e.message(), e.details());
            }
        }
        String why = status == 401 || status == 403
                ? "it refused this service's credentials (" + status + "): check --api-key / --jwt-secret"
                : "it answered " + status + error.map(e -> " " + e.error()).orElse("");
        throw unavailable(request, why);
    }

    /** Why a call got no answer, in a few words (the exception's message names the host: that stays in the log). */
    private String reason(JsonClient.RemoteCallException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ExecutionException) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return cause instanceof HttpConnectTimeoutException
                    ? "no connection within the connect timeout"
                    : "no answer within " + requestTimeout.toMillis() + " ms";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof IOException) {
            return "connection failed: " + cause.getClass().getSimpleName();
        }
        return "call failed";
    }

    private ApiException unavailable(HttpRequest request, String why) {
        log.warn("{} unavailable: {} {}: {}", name, request.method(), request.uri(), why);
        return new ApiException(
                503,
                "DEPENDENCY_UNAVAILABLE",
                "the " + name + " service is unavailable, try again later",
                request.method() + " " + request.uri().getPath() + ": " + why);
    }

    /** The catalog's error body. */
    private record ErrorAnswer(String error, String message, String details) {
        static Optional<ErrorAnswer> parse(String body) {
            try {
                JsonNode node = Json.read(body, JsonNode.class);
                if (node != null
                        && node.path("error").isTextual()
                        && node.path("message").isTextual()) {
                    return Optional.of(new ErrorAnswer(
                            node.get("error").textValue(),
                            node.get("message").textValue(),
                            node.path("details").isTextual()
                                    ? node.get("details").textValue()
                                    : null));
                }
            } catch (UncheckedIOException | IllegalArgumentException e) {
                // not JSON: not one of ours
            }
            return Optional.empty();
        }
    }
}
