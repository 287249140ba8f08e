package scalelab.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import scalelab.core.json.Json;

/** {@link Exchange} on Helidon SE. The only place, with {@link HttpServer}, that knows Helidon. */
final class HelidonExchange implements Exchange {
    private final ServerRequest request;
    private final ServerResponse response;
    private final long maxBodyBytes;
    private int status = 200; // the status sent, for metrics and the access log
    private boolean streaming; // a streamed body has started: the status and part of it may be out

    HelidonExchange(ServerRequest request, ServerResponse response, long maxBodyBytes) {
        this.request = request;
        this.response = response;
        this.maxBodyBytes = maxBodyBytes;
    }

    int status() {
        return status;
    }

    /** Whether any of the answer is out (or streaming): then an error can only cut the connection. */
    boolean isSent() {
        return streaming || response.isSent();
    }

    @Override
    public String method() {
        return request.prologue().method().text();
    }

    @Override
    public String path() {
        return request.path().path();
    }

    @Override
    public String pathParam(String name) {
        return request.path().pathParameters().get(name);
    }

    @Override
    public Optional<String> query(String name) {
        return request.query().first(name).asOptional();
    }

    @Override
    public List<String> queryAll(String name) {
        return request.query().all(name, List::of);
    }

    @Override
    public Optional<String> header(String name) {
        return request.headers().first(HeaderNames.create(name));
    }

    @Override
    public String rawQuery() {
        return request.query().rawValue();
    }

    @Override
    public Map<String, List<String>> headers() {
        var all = new LinkedHashMap<String, List<String>>();
        for (Header header : request.headers()) {
            all.put(header.name().toLowerCase(Locale.ROOT), header.allValues());
        }
        return all;
    }

    @Override
    public byte[] bodyBytes() {
        return readBody();
    }

    @Override
    public <T> T body(Class<T> type) {
        requireJsonContentType();
        byte[] bytes = readBody();
        if (bytes.length == 0) {
            throw ApiException.badRequest("MISSING_BODY", "request body is required", null);
        }
        T value;
        try {
            value = Json.mapper().readValue(bytes, type);
        } catch (MismatchedInputException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
                // Json fails on trailing tokens, and Jackson reports them as a mismatch: it is malformed JSON
                throw ApiException.badRequest(
                        "MALFORMED_JSON", "request body is not valid JSON", "content follows the JSON value");
            }
            throw ApiException.badRequest("INVALID_FIELD", "a field has the wrong type", describe(e));
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw ApiException.badRequest(
                    "MALFORMED_JSON",
                    "request body is not valid JSON",
                    where == null ? null : "at line " + where.getLineNr() + ", column " + where.getColumnNr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (value == null) {
            throw ApiException.badRequest("MISSING_BODY", "request body is required", null);
        }
        return value;
    }

    @Override
    public Exchange header(String name, String value) {
        response.header(HeaderNames.create(name), value);
        return this;
    }

    @Override
    public void json(int status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + body.getClass().getName(), e);
        }
        this.status = status;
        response.status(Status.create(status));
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(bytes);
    }

    @Override
    public void empty(int status) {
        this.status = status;
        response.status(Status.create(status));
        response.send();
    }

    @Override
    public void stream(int status, String contentType, BodyWriter writer) {
        var out = new SpillingOutputStream(status, contentType);
        try {
            writer.writeTo(out);
        } catch (IOException e) {
            // Not closed on failure: if nothing was sent the error mapper answers an error; if the body
            // was streaming it cuts the connection, so a client never takes a part for the whole.
            throw new UncheckedIOException(e);
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Holds the first {@link #SMALL_BODY_BYTES} in memory: a body that fits is sent in one write with a
     * Content-Length; a larger one spills into a chunked stream, written in {@link #SMALL_BODY_BYTES} pieces.
     * (Writing small chunks straight to the socket costs a 40 ms delayed-ACK stall per answer.)
     */
    private final class SpillingOutputStream extends OutputStream {
        static final int SMALL_BODY_BYTES = 64 * 1024;
        private final int status;
        private final String contentType;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream(4096);
        private OutputStream stream; // null until the body outgrows head: until then nothing is sent

        SpillingOutputStream(int status, String contentType) {
            this.status = status;
            this.contentType = contentType;
        }

        private void sendHeaders() {
            HelidonExchange.this.status = status;
            response.status(Status.create(status));
            response.header(HeaderNames.CONTENT_TYPE, contentType);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (stream == null && head.size() + length <= SMALL_BODY_BYTES) {
                head.write(bytes, offset, length);
                return;
            }
            if (stream == null) {
                sendHeaders();
                streaming = true;
                stream = new BufferedOutputStream(response.outputStream(), SMALL_BODY_BYTES);
                head.writeTo(stream);
            }
            stream.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (stream == null) {
                sendHeaders();
                response.send(head.toByteArray());
            } else {
                stream.close();
            }
        }
    }

    private void requireJsonContentType() {
        Optional<HttpMediaType> contentType = request.headers().contentType();
        // No header at all is taken as JSON, as the original clients send none; anything else must say JSON.
        if (contentType.isPresent() && !isJson(contentType.get())) {
            throw new ApiException(
                    415,
                    "UNSUPPORTED_MEDIA_TYPE",
                    "request body must be application/json",
                    "Content-Type was " + contentType.get().text());
        }
    }

    private static boolean isJson(HttpMediaType type) {
        String subtype = type.mediaType().subtype();
        return type.mediaType().type().equals("application") && (subtype.equals("json") || subtype.endsWith("+json"));
    }

    private byte[] readBody() {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBodyBytes) {
            throw tooLarge();
        }
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = request.content().inputStream()) {
            if (declared.isPresent()) {
                return in.readNBytes((int) declared.getAsLong()); // exactly what was announced
            }
            // chunked: grow as the body arrives, never past the limit (readNBytes(limit) would
            // allocate a limit-sized buffer for every small body)
            var body = new ByteArrayOutputStream(256);
            byte[] buffer = new byte[1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (body.size() + n > maxBodyBytes) {
                    throw tooLarge();
                }
                body.write(buffer, 0, n);
            }
            return body.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ApiException tooLarge() {
        response.header(HeaderValues.CONNECTION_CLOSE); // the rest of the body is not read
        return new ApiException(
                413, "PAYLOAD_TOO_LARGE", "request body is too large", "the limit is " + maxBodyBytes + " bytes");
    }

    private static String describe(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        String expected = jsonTypeOf(e.getTargetType());
        return field.isEmpty() ? "the body must be a JSON " + expected : field + " must be a JSON " + expected;
    }

    /** The JSON word for a Java type, for messages users read. */
    private static String jsonTypeOf(Class<?> type) {
        if (type == null) {
            return "value of another type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "number";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        return "object";
    }
}
