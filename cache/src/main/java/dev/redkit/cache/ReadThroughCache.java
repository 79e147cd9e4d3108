package dev.redkit.cache;

import dev.redkit.core.Codec;
import dev.redkit.core.Codecs;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.TypeRef;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A typed read-through cache on Redis that keeps the data source safe when many application instances
 * miss the same key at once.
 * <!-- snippet: CacheSnippets#readThroughCache -->
 * <pre>{@code
 * ReadThroughCache<Merchant> merchants = ReadThroughCache.builder(connector, "merchant", Merchant.class)
 *         .ttl(Duration.ofHours(1))
 *         .ttlJitter(0.1)
 *         .negativeTtl(Duration.ofMinutes(1))
 *         .build();
 * Optional<Merchant> m = merchants.get("amazon", slug -> db.findMerchant(slug));
 * Map<String, Merchant> many = merchants.getAll(slugs, db::findMerchants);
 * merchants.invalidate("amazon");
 * }</pre>
 *
 * <h2>Behaviour of {@link #get(String, Function)}</h2>
 * <ol>
 *   <li>A fresh entry is returned at once (one round trip; none with the near cache).</li>
 *   <li>On a miss, one thread per key and JVM loads (single flight); the others in that JVM wait for it.
 *       Across instances, the loading thread first takes a short Redis lease for the key; an instance that
 *       finds the lease taken serves the stale value if it has one, else polls with backoff until the
 *       value appears, the lease frees or {@link ReadThroughCacheBuilder#leaseWait(Duration) leaseWait}
 *       runs out (then it loads itself). A dead lease holder blocks nobody beyond
 *       {@link ReadThroughCacheBuilder#leaseTtl(Duration) leaseTtl}.</li>
 *   <li>A hot entry is reloaded shortly before it expires (XFetch probabilistic early expiration) while
 *       the others keep reading the current value.</li>
 *   <li>A loader that returns {@code null} means "not found": that is cached for {@code negativeTtl}.</li>
 *   <li>A loader that throws: the last value is served within the stale-if-error grace, else the loader's
 *       exception is rethrown unchanged.</li>
 *   <li>Redis unavailable: the loader answers (fail-open) unless the cache was built with
 *       {@link ReadThroughCacheBuilder#failOpen(boolean) failOpen(false)}. Then Redis is skipped for a
 *       back-off ({@link ReadThroughCacheBuilder#redisBackoff(Duration, Duration) redisBackoff}, 1 s doubling
 *       up to 10 s by default): reads go straight to the loader and store nothing, so a frozen server costs
 *       one timeout per back-off instead of one per read. When it ends, one read probes Redis while the
 *       others keep using the loader; the back-off ends when Redis answers the probe. Invalidations ignore
 *       the back-off: they always call Redis and throw when it cannot be reached.</li>
 *   <li>A stored value that cannot be decoded (the class changed), or a cache key holding another Redis
 *       type (written by another client), is treated as a miss and overwritten; {@code get} loads it under
 *       the lease like any miss.</li>
 * </ol>
 *
 * <h2>Time</h2>
 * Logical expiry, stale grace, early refresh and the Redis back-off are computed with the builder's
 * {@link java.time.Clock}; expiry is stored inside the entry; the physical Redis TTL (logical TTL plus
 * grace) is kept by the Redis server.
 *
 * <p>Implementations are thread-safe. Close the cache when a near cache is configured, to end its
 * subscription.
 *
 * @param <V> the value type
 */
public interface ReadThroughCache<V> extends AutoCloseable {

    /**
     * Starts a cache of JSON-encoded values of a class.
     *
     * @param connector the connector
     * @param name the cache name, an identifier such as {@code merchant}; part of every key
     * @param type the value class
     * @param <V> the value type
     * @return a builder
     * @throws IllegalArgumentException if an argument is null or the name is not an identifier
     */
    static <V> ReadThroughCacheBuilder<V> builder(RedisConnector connector, String name, Class<V> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        return new ReadThroughCacheBuilder<>(connector, name, Codecs.json(type));
    }

    /**
     * Starts a cache of JSON-encoded values of a generic type, such as {@code List<Offer>}.
     *
     * @param connector the connector
     * @param name the cache name
     * @param type the captured type
     * @param <V> the value type
     * @return a builder
     * @throws IllegalArgumentException if an argument is null or the name is not an identifier
     */
    static <V> ReadThroughCacheBuilder<V> builder(RedisConnector connector, String name, TypeRef<V> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        return new ReadThroughCacheBuilder<>(connector, name, Codecs.json(type));
    }

    /**
     * Starts a cache with a custom codec.
     *
     * @param connector the connector
     * @param name the cache name
     * @param codec the codec for values
     * @param <V> the value type
     * @return a builder
     * @throws IllegalArgumentException if an argument is null or the name is not an identifier
     */
    static <V> ReadThroughCacheBuilder<V> builder(RedisConnector connector, String name, Codec<V> codec) {
        return new ReadThroughCacheBuilder<>(connector, name, codec);
    }

    /**
     * Returns the cached value for a key, loading it on a miss as described in the class documentation.
     * The loader runs on the calling thread, at most once at a time per key in this JVM; threads waiting
     * for another thread's load are not interruptible and get its result or its exception.
     *
     * @param key the key, 1-512 characters, any text
     * @param loader loads the value; {@code null} means "not found"
     * @return the value, or empty if the loader found nothing (now or within {@code negativeTtl})
     * @throws IllegalArgumentException if the key is null, empty or too long, the loader is null, or the
     *     loaded value encodes to more than {@code maxValueBytes}
     * @throws RuntimeException the loader's own exception when it fails and no stale value is within grace
     * @throws dev.redkit.core.RedisUnavailableException only when built with {@code failOpen(false)}: when
     *     Redis fails, and at once while Redis is skipped during the back-off
     */
    Optional<V> get(String key, Function<? super String, ? extends V> loader);

    /**
     * Returns the values of several keys: one read (an {@code MGET} on a standalone server, one pipeline
     * of one-key {@code MGET}s per node on Cluster), one call of the bulk loader for every key that missed, and
     * one pipeline to store what it returned. Keys the bulk loader leaves out are cached as "not found".
     * Unlike {@link #get}, the bulk load takes no cross-instance lease: concurrent {@code getAll}s may
     * load the same keys.
     *
     * @param keys the keys; duplicates are read once
     * @param bulkLoader loads the missed keys (an unmodifiable set); may return {@code null} for none
     * @return the found values by key, in the order of {@code keys}; keys not found are absent
     * @throws IllegalArgumentException if a key is invalid, an argument is null or a value is too large
     * @throws RuntimeException the bulk loader's exception when it fails and a missed key has no stale
     *     value within grace
     * @throws dev.redkit.core.RedisUnavailableException only when built with {@code failOpen(false)}: when
     *     Redis fails, and at once while Redis is skipped during the back-off
     */
    Map<String, V> getAll(
            Collection<String> keys, Function<? super Set<String>, ? extends Map<String, ? extends V>> bulkLoader);

    /**
     * Removes one key for every instance: the stored entry is deleted and a load in flight for the key is
     * prevented from storing its (possibly older) result. Near caches of other instances drop the key when
     * the invalidation message reaches them. Calls Redis even during the back-off, so it succeeds as soon
     * as Redis answers again; it returns only after Redis has deleted the entry.
     *
     * @param key the key
     * @throws IllegalArgumentException if the key is invalid
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached, after the timeout (and the
     *     back-off starts). The invalidation then may not have happened, or may happen later (a command sent
     *     to a frozen server runs when it resumes): the old value can be read by every instance once Redis
     *     answers again, until this call is retried successfully or the entry's TTL ends
     */
    void invalidate(String key);

    /**
     * Removes every key of this cache for every instance, without {@code KEYS} or {@code SCAN}: the cache's
     * generation number (part of every entry key) is incremented, so old entries are no longer read; they
     * expire by their own TTL. Like {@link #invalidate}, calls Redis even during the back-off.
     *
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached; as with {@link #invalidate},
     *     the old entries can be read again once Redis answers, until this call is retried successfully
     */
    void invalidateAll();

    /** @return the cache name */
    String name();

    /** Ends the near cache's subscription, if any; idempotent. The cache stays usable without it. */
    @Override
    void close();
}
