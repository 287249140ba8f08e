package scalelab.core.storage;

/** The store cannot be reached. Services answer 503 while it lasts. */
public class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
