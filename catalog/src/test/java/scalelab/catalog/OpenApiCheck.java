package scalelab.catalog;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import scalelab.testkit.TestHttp;

/**
 * Holds every answer a test receives to the catalog's own {@code openapi.yaml}: the status must be one
 * the operation documents, the content type one it declares, the body valid against its schema. A
 * request the document calls invalid (a test sending a bad id or a bad body on purpose) is not an error
 * in itself, but it must be refused with a 4xx; only its answer is then checked.
 *
 * <pre>{@code
 * var http = OpenApiCheck.http(server.uri()); // the same methods as TestHttp
 * http.get("/products/1");                    // fails the test (AssertionError) on any mismatch
 * }</pre>
 *
 * Declared security is not checked here (a request without credentials is not invalid to it): the
 * security tests decide who is let in, and their answers, 401 and 403 included, are checked like any other.
 */
public final class OpenApiCheck {
    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForInlineApiSpecification(ApiDocs.document())
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                            .build())
                    .build();

    private OpenApiCheck() {}

    /** A {@link TestHttp} on {@code base} whose every answer is checked against the document. */
    public static Http http(URI base) {
        return new Http(TestHttp.of(base));
    }

    /**
     * Checks one exchange.
     *
     * @param requestBody what was sent, or null when unknown (only the answer is checked then)
     * @throws AssertionError when the answer does not match the document, or an invalid request was not
     *     refused with a 4xx
     */
    public static void check(HttpRequest request, byte[] requestBody, HttpResponse<String> response) {
        String rawPath = request.uri().getRawPath();
        String method = request.method().toUpperCase(Locale.ROOT);
        Request.Method m = Request.Method.valueOf(method);

        var answer = SimpleResponse.Builder.status(response.statusCode());
        response.headers().map().forEach(answer::withHeader);
        response.headers().firstValue("Content-Type").ifPresent(answer::withContentType);
        if (!response.body().isEmpty()) {
            answer.withBody(response.body());
        }
        ValidationReport responseReport = VALIDATOR.validateResponse(rawPath, m, answer.build());
        if (responseReport.hasErrors()) {
            throw new AssertionError(method + " " + rawPath + " answered " + response.statusCode() + " "
                    + abbreviate(response.body()) + ", which the OpenAPI document does not allow:\n"
                    + SimpleValidationReportFormat.getInstance().apply(responseReport));
        }
        if (requestBody == null) {
            return;
        }
        var sent = new SimpleRequest.Builder(m, rawPath);
        request.headers().map().forEach(sent::withHeader);
        request.headers().firstValue("Content-Type").ifPresent(sent::withContentType);
        if (requestBody.length > 0) {
            sent.withBody(requestBody);
        }
        String query = request.uri().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] nameValue = pair.split("=", 2);
                sent.withQueryParam(decode(nameValue[0]), nameValue.length > 1 ? decode(nameValue[1]) : "");
            }
        }
        ValidationReport requestReport = VALIDATOR.validateRequest(sent.build());
        int status = response.statusCode();
        if (requestReport.hasErrors() && (status < 400 || status > 499)) {
            String shown = method + " " + rawPath + (query == null ? "" : "?" + abbreviate(query))
                    + (requestBody.length == 0
                            ? ""
                            : " with " + abbreviate(new String(requestBody, StandardCharsets.UTF_8)));
            throw new AssertionError(shown + " is invalid by the OpenAPI document but was answered " + status + ":\n"
                    + SimpleValidationReportFormat.getInstance().apply(requestReport));
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** {@link TestHttp}'s methods, each answer checked by {@link #check}. */
    public static final class Http {
        private final TestHttp http;

        private Http(TestHttp http) {
            this.http = http;
        }

        public HttpResponse<String> get(String path) {
            return checked(http.request(path).GET().build(), new byte[0]);
        }

        public HttpResponse<String> delete(String path) {
            return checked(http.request(path).DELETE().build(), new byte[0]);
        }

        public HttpResponse<String> post(String path, String json) {
            return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        public HttpResponse<String> put(String path, String json) {
            return send("PUT", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        /** A JSON POST with extra headers (credentials, say); the request is checked as well as the answer. */
        public HttpResponse<String> post(String path, String json, Map<String, String> headers) {
            return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
        }

        /** A request with any method, content type and body (null content type: no header). */
        public HttpResponse<String> send(String method, String path, String contentType, byte[] body) {
            return send(method, path, contentType, body, Map.of());
        }

        /** {@link #send(String, String, String, byte[])} with extra headers. */
        public HttpResponse<String> send(
                String method, String path, String contentType, byte[] body, Map<String, String> headers) {
            var builder = http.request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            headers.forEach(builder::header);
            return checked(builder.build(), body);
        }

        private HttpResponse<String> checked(HttpRequest request, byte[] body) {
            HttpResponse<String> response = http.send(request);
            check(request, body, response);
            return response;
        }

        /** Sends a request built by the test; its body is unknown here, so only the answer is checked. */
        public HttpResponse<String> send(HttpRequest request) {
            HttpResponse<String> response = http.send(request);
            check(request, null, response);
            return response;
        }

        public HttpRequest.Builder request(String path) {
            return http.request(path);
        }
    }
}
