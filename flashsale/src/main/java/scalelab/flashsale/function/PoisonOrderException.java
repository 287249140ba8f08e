package scalelab.flashsale.function;

/** A message body that is no order (by the workers' rule, {@code OrderMessages.read}): retrying cannot help. */
public final class PoisonOrderException extends Exception {
    PoisonOrderException(String message, Throwable cause) {
        super(message, cause);
    }
}
