package scalelab.core.messaging;

/** The broker could not take or confirm a message: unreachable, refused, or no confirm in time. */
public final class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public BrokerUnavailableException(String message) {
        super(message);
    }
}
