package scalelab.resilience.cart;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The last-known products: each product the product service answered live, kept for {@code ttl} from the
 * moment it was read, at most {@code maxProducts} of them (the least recently stored goes first). What the
 * {@code /fixed} cart answers from when the product service cannot.
 */
final class ProductCache {
    private record Stored(Product product, Instant storedAt) {}

    private final Duration ttl;
    private final int maxProducts;
    private final Clock clock;
    // written by put() and read by get() under this object's lock; insertion order = age
    private final LinkedHashMap<String, Stored> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    ProductCache(Duration ttl, int maxProducts, Clock clock) {
        this.ttl = ttl;
        this.maxProducts = maxProducts;
        this.clock = clock;
        this.entries = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
                return size() > ProductCache.this.maxProducts;
            }
        };
    }

    /** Stores {@code product} as read now; it replaces an older copy and becomes the youngest. */
    synchronized void put(Product product) {
        entries.remove(product.id());
        entries.put(product.id(), new Stored(product, clock.instant()));
    }

    /** The product stored less than the TTL ago, counted as a hit; else empty, counted as a miss. */
    Optional<Product> get(String id) {
        Stored entry;
        synchronized (this) {
            entry = entries.get(id);
            if (entry != null && !isFresh(entry)) {
                entries.remove(id); // expired: never answered again
                entry = null;
            }
        }
        (entry == null ? misses : hits).increment();
        return entry == null ? Optional.empty() : Optional.of(entry.product());
    }

    private boolean isFresh(Stored entry) {
        return clock.instant().isBefore(entry.storedAt().plus(ttl));
    }

    /** Products held, expired ones not yet dropped included. */
    synchronized int size() {
        return entries.size();
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }
}
