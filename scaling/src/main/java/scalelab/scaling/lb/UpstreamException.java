package scalelab.scaling.lb;

/** A call to a target that gave no answer: why, and whether the request can have reached the target. */
final class UpstreamException extends Exception {
    enum Kind {
        /** No connection could be opened: the target never saw the request. */
        CONNECT_FAILED,
        /** The connection closed or was reset before any byte of the answer. */
        CONNECTION_LOST,
        /** No whole answer within the response timeout. */
        TIMEOUT,
        /** The answer was not HTTP/1.1 we understand. */
        PROTOCOL
    }

    private final Kind kind;

    UpstreamException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /** A connection failure: what ejects a target at once and lets an idempotent request go elsewhere. */
    boolean connectionFailure() {
        return kind == Kind.CONNECT_FAILED || kind == Kind.CONNECTION_LOST;
    }
}
