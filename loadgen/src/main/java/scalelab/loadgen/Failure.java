package scalelab.loadgen;

/** A kind of failure: the request name and the message (a row of {@code failures.csv}). */
public record Failure(Key key, String error) {}
