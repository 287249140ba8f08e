package scalelab.flashsale.function;

/** A message body that is no order (malformed JSON, or an order without an id or items): retrying cannot help. */
public final class PoisonOrderException extends Exception {
    PoisonOrderException(String message, Throwable cause) {
        super(message, cause);
    }
}
