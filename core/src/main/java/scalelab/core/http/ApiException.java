package scalelab.core.http;

/**
 * A request the service refuses on purpose. Core's error mapper turns it into its status and an
 * {@link ErrorBody}; it is expected, so it is logged at DEBUG without a stack trace.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String details;

    public ApiException(int status, String code, String message, String details) {
        super(message, null, false, false); // no stack trace: this is a normal answer, not a fault
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx but was " + status);
        }
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public static ApiException badRequest(String code, String message, String details) {
        return new ApiException(400, code, message, details);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message, null);
    }

    public static ApiException conflict(String code, String message, String details) {
        return new ApiException(409, code, message, details);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String details() {
        return details;
    }

    public ErrorBody body() {
        return new ErrorBody(code, getMessage(), details);
    }
}
