package scalelab.flashsale.function;

/**
 * The invocation did not run: all environments were busy at the concurrency limit for longer than the
 * throttle wait. Lambda's equivalent is a 429 {@code TooManyRequestsException} (or, behind an SQS event source,
 * a message left in the queue until a poller has room).
 */
public final class FunctionThrottledException extends RuntimeException {
    FunctionThrottledException(String message) {
        super(message);
    }
}
