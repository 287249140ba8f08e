package scalelab.concurrency.map;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** The maps of the experiment: a bare {@link HashMap} (unsafe) and three ways to share one safely. */
public enum MapKind {
    /** A {@link HashMap} written by many threads at once: lost entries, a wrong size, exceptions, or a hang. */
    HASH_MAP("HashMap (unsafe)", false),
    /** {@link Collections#synchronizedMap}: one plain lock (the wrapper's monitor) for every get and put. */
    SYNCHRONIZED_MAP("synchronizedMap (plain lock)", true),
    /** A {@link HashMap} under a {@link ReentrantReadWriteLock}: gets share the read lock, puts take the write lock. */
    READ_WRITE_LOCK("HashMap + ReentrantReadWriteLock", true),
    /** {@link ConcurrentHashMap}: lock-free reads, a lock per bin for writes. */
    CONCURRENT_HASH_MAP("ConcurrentHashMap", true);

    private final String label;
    private final boolean threadSafe;

    MapKind(String label, boolean threadSafe) {
        this.label = label;
        this.threadSafe = threadSafe;
    }

    public String label() {
        return label;
    }

    public boolean threadSafe() {
        return threadSafe;
    }

    /** A new, empty map of this kind; the experiment's keys and values are ints. */
    public SharedMap create() {
        return switch (this) {
            case HASH_MAP -> new Wrapped(new HashMap<>());
            case SYNCHRONIZED_MAP -> new Wrapped(Collections.synchronizedMap(new HashMap<>()));
            case READ_WRITE_LOCK -> new ReadWriteLocked();
            case CONCURRENT_HASH_MAP -> new Wrapped(new ConcurrentHashMap<>());
        };
    }

    /** The few map operations the experiment uses, so that the read-write-locked map needs no full {@link Map}. */
    public interface SharedMap {
        Integer get(int key);

        void put(int key, int value);

        int size();
    }

    private record Wrapped(Map<Integer, Integer> map) implements SharedMap {
        @Override
        public Integer get(int key) {
            return map.get(key);
        }

        @Override
        public void put(int key, int value) {
            map.put(key, value);
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    private static final class ReadWriteLocked implements SharedMap {
        private final Map<Integer, Integer> map = new HashMap<>(); // guarded by lock
        private final ReadWriteLock lock = new ReentrantReadWriteLock();

        @Override
        public Integer get(int key) {
            lock.readLock().lock();
            try {
                return map.get(key);
            } finally {
                lock.readLock().unlock();
            }
        }

        @Override
        public void put(int key, int value) {
            lock.writeLock().lock();
            try {
                map.put(key, value);
            } finally {
                lock.writeLock().unlock();
            }
        }

        @Override
        public int size() {
            lock.readLock().lock();
            try {
                return map.size();
            } finally {
                lock.readLock().unlock();
            }
        }
    }
}
