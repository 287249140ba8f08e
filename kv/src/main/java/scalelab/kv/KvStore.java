package scalelab.kv;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import scalelab.core.http.ApiException;

/**
 * Keys and values in memory, capped at {@code maxKeys} so a flood of new keys cannot exhaust the
 * heap (overwriting a key is always allowed). Safe for any number of concurrent callers.
 */
public final class KvStore {
    /** Default most keys held (1,000,000). */
    public static final int DEFAULT_MAX_KEYS = 1_000_000;

    private final int maxKeys;
    private final Map<String, String> values = new ConcurrentHashMap<>();

    public KvStore(int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1 but was " + maxKeys);
        }
        this.maxKeys = maxKeys;
    }

    /** The value, or "" when the key is absent (as the original server answered). */
    public String get(String key) {
        return values.getOrDefault(key, "");
    }

    /**
     * Stores {@code value} under {@code key}.
     *
     * @throws ApiException 507 {@code STORE_FULL} when {@code key} is new and the store holds {@code maxKeys}
     */
    public void put(String key, String value) {
        // The size check and the insert are one atomic step per key; under a race for the last free
        // places the cap may be passed by the number of concurrent writers at most.
        values.compute(key, (k, old) -> {
            if (old == null && values.size() >= maxKeys) {
                throw new ApiException(507, "STORE_FULL", "key-value store is full", "it holds " + maxKeys + " keys");
            }
            return value;
        });
    }

    public int size() {
        return values.size();
    }

    public int maxKeys() {
        return maxKeys;
    }
}
