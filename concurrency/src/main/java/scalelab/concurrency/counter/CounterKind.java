package scalelab.concurrency.counter;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The five counters of the experiment, from the two that lose updates ({@code count++} on a plain or a {@code
 * volatile long} is a read, an add and a write that another thread can interleave) to the three that don't.
 */
public enum CounterKind {
    /** {@code long count; count++}: not atomic, and the JIT may keep the count in a register for the whole loop. */
    PLAIN("plain long", false),
    /** {@code volatile long count; count++}: every read and write reaches memory, but the increment is still 3 steps. */
    VOLATILE("volatile long", false),
    /** {@code synchronized} increment: one thread at a time holds the counter's monitor. */
    SYNCHRONIZED("synchronized", true),
    /** {@link AtomicLong#incrementAndGet()}: one compare-and-swap (lock xadd) on a shared word. */
    ATOMIC_LONG("AtomicLong", true),
    /** {@link LongAdder#increment()}: cells per contending thread, summed on read. */
    LONG_ADDER("LongAdder", true);

    private final String label;
    private final boolean threadSafe;

    CounterKind(String label, boolean threadSafe) {
        this.label = label;
        this.threadSafe = threadSafe;
    }

    public String label() {
        return label;
    }

    /** Whether concurrent increments are never lost. */
    public boolean threadSafe() {
        return threadSafe;
    }

    public Counter create() {
        return switch (this) {
            case PLAIN -> new Plain();
            case VOLATILE -> new Volatile();
            case SYNCHRONIZED -> new Synchronized();
            case ATOMIC_LONG -> new Atomic();
            case LONG_ADDER -> new Adder();
        };
    }

    private static final class Plain implements Counter {
        private long count; // written by every incrementing thread, unsafely: that is the point

        @Override
        public void increment() {
            count++;
        }

        @Override
        public long get() {
            return count;
        }
    }

    private static final class Volatile implements Counter {
        private volatile long count; // written by every incrementing thread; ++ on a volatile is not atomic

        @Override
        public void increment() {
            count++;
        }

        @Override
        public long get() {
            return count;
        }
    }

    private static final class Synchronized implements Counter {
        private long count; // guarded by this

        @Override
        public synchronized void increment() {
            count++;
        }

        @Override
        public synchronized long get() {
            return count;
        }
    }

    private static final class Atomic implements Counter {
        private final AtomicLong count = new AtomicLong();

        @Override
        public void increment() {
            count.incrementAndGet();
        }

        @Override
        public long get() {
            return count.get();
        }
    }

    private static final class Adder implements Counter {
        private final LongAdder count = new LongAdder();

        @Override
        public void increment() {
            count.increment();
        }

        @Override
        public long get() {
            return count.sum();
        }
    }
}
