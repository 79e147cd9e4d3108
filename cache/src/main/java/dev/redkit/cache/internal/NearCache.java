package dev.redkit.cache.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A small bounded in-process cache with least-recently-used eviction and a per-entry deadline on the
 * cache's clock. Holds decoded values, including "not found" as an empty {@link Optional}. Thread-safe
 * (one lock; held only for map operations).
 *
 * @param <V> the value type
 */
final class NearCache<V> {

    private final int maxEntries;
    private final long ttlMillis;
    private final LinkedHashMap<String, Item<V>> map;

    NearCache(int maxEntries, long ttlMillis) {
        this.maxEntries = maxEntries;
        this.ttlMillis = ttlMillis;
        this.map = new LinkedHashMap<>(Math.min(maxEntries, 1024) * 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Item<V>> eldest) {
                return size() > NearCache.this.maxEntries;
            }
        };
    }

    /**
     * @param key the cache key
     * @param now the clock's time
     * @return the entry (its value empty for a cached "not found"), or {@code null} when absent or expired
     */
    synchronized @Nullable Item<V> get(String key, long now) {
        Item<V> item = map.get(key);
        if (item == null) {
            return null;
        }
        if (now >= item.deadline) {
            map.remove(key);
            return null;
        }
        return item;
    }

    synchronized void put(String key, Optional<V> value, long now, long logicalExpiry) {
        long deadline = Math.min(logicalExpiry, now + ttlMillis);
        if (deadline > now) {
            map.put(key, new Item<>(value, deadline));
        }
    }

    synchronized void remove(String key) {
        map.remove(key);
    }

    synchronized void clear() {
        map.clear();
    }

    synchronized int size() {
        return map.size();
    }

    /**
     * One near-cache entry.
     *
     * @param value the value, empty for a cached "not found"
     * @param deadline when the entry ends, on the cache's clock
     */
    record Item<V>(Optional<V> value, long deadline) {}
}
