package scalelab.core.messaging;

/**
 * How a subscription consumes.
 *
 * @param concurrency deliveries handled at the same time, each on its own virtual thread (at least 1)
 * @param prefetch deliveries sent to this consumer and not yet settled, at most (at least {@code concurrency})
 */
public record ConsumerSpec(int concurrency, int prefetch) {
    public ConsumerSpec {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        if (prefetch < concurrency) throw new IllegalArgumentException("prefetch must be at least the concurrency");
    }

    /** {@code concurrency} handlers with a prefetch of the same size. */
    public static ConsumerSpec of(int concurrency) {
        return new ConsumerSpec(concurrency, concurrency);
    }
}
