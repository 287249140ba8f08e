package scalelab.core.http;

/**
 * Handles one request. Throw {@link ApiException} for an expected refusal (it becomes its status and
 * the JSON error body); any other exception becomes a 500 whose body says only "internal error".
 */
@FunctionalInterface
public interface Handler {
    void handle(Exchange exchange) throws Exception;
}
