package scalelab.concurrency.counter;

/** A counter that many threads increment at once. Only some {@link CounterKind kinds} are thread-safe. */
public interface Counter {
    void increment();

    long get();
}
