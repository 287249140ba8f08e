package scalelab.mapreduce.engine;

/** A job that could not finish: a task failed on every attempt, or its input could not be read. */
public class JobFailedException extends RuntimeException {
    public JobFailedException(String message) {
        super(message);
    }

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
