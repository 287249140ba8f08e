package scalelab.core.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/** One request and its response, independent of the HTTP server underneath. */
public interface Exchange {

    String method();

    /** The request path, without the query string. */
    String path();

    /** The value of a path template parameter, e.g. {@code id} in {@code /albums/{id}}. */
    String pathParam(String name);

    /** The first value of a query parameter, decoded. */
    Optional<String> query(String name);

    /** Every value of a query parameter, decoded, in the order sent; empty when it is absent. */
    List<String> queryAll(String name);

    Optional<String> header(String name);

    /**
     * The query string as sent (still encoded, without the {@code ?}); empty when there is none. For a
     * handler that passes the request on, such as a load balancer.
     */
    String rawQuery();

    /** Every request header, name (lower case) to values in the order sent. */
    java.util.Map<String, List<String>> headers();

    /**
     * The request body as sent, of any content type; empty when there is none.
     *
     * @throws ApiException 413 when the body is larger than the service's limit
     */
    byte[] bodyBytes();

    /**
     * The JSON body bound to {@code type}.
     *
     * @throws ApiException 415 when the content type is not JSON, 413 when the body is larger than the
     *     service's limit, 400 when it is empty or malformed or a field has the wrong type
     */
    <T> T body(Class<T> type);

    /** Sets a response header. */
    Exchange header(String name, String value);

    /** Answers {@code status} with {@code body} as JSON. */
    void json(int status, Object body);

    /** Answers {@code status} with no body (e.g. 204). */
    void empty(int status);

    /**
     * Answers {@code status} with a body written as it is produced, for answers too large to build in
     * memory. The first 64 KiB are held back: a writer that fails before then gets the usual error
     * answer instead; one that fails later, when part of the body is out, cuts the connection.
     */
    void stream(int status, String contentType, BodyWriter writer);

    /** Writes a streamed body. */
    @FunctionalInterface
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
