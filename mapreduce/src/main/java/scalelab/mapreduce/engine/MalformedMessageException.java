package scalelab.mapreduce.engine;

/** A message that cannot be decoded: a poison message, dead-lettered rather than retried. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
