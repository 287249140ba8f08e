package scalelab.flashsale.order;

/** An asynchronous order could not be queued: the broker was unreachable, refused it, or did not confirm it in time. */
public final class QueueUnavailableException extends RuntimeException {
    QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
