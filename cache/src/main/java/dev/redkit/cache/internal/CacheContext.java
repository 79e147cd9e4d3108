package dev.redkit.cache.internal;

import dev.redkit.core.RedisOps;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.RedkitException;
import dev.redkit.core.spi.RedisBackoff;
import dev.redkit.core.spi.RedkitMetrics;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the read paths of one cache share: the Redis seam, settings in milliseconds, the clock, metrics, the
 * back-off, the entry codec, the generation and the near cache, with the few rules they all apply (TTL
 * jitter, near-cache puts, how a Redis failure is answered). Thread-safe.
 *
 * @param <V> the value type
 */
final class CacheContext<V> {

    private static final Logger LOG = LoggerFactory.getLogger(RedisReadThroughCache.class);

    final RedisOps ops;
    final CacheSettings settings;
    final Clock clock;
    final RedkitMetrics metrics;
    final RedisBackoff backoff;
    final EntryCodec<V> entries;
    final Generation generation;
    final String generationKey;
    final long ttlMs;
    final long negativeTtlMs;
    final long graceMs;
    final long leaseMs;
    private final @Nullable NearCache<V> near;
    private final RedisOps.@Nullable Subscription subscription;

    CacheContext(
            RedisOps ops,
            CacheSettings settings,
            Clock clock,
            RedkitMetrics metrics,
            RedisBackoff backoff,
            EntryCodec<V> entries,
            Generation generation,
            String generationKey,
            @Nullable NearCache<V> near,
            RedisOps.@Nullable Subscription subscription) {
        this.ops = ops;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.backoff = backoff;
        this.entries = entries;
        this.generation = generation;
        this.generationKey = generationKey;
        this.ttlMs = settings.ttl().toMillis();
        this.negativeTtlMs = settings.negativeTtl().toMillis();
        this.graceMs = settings.staleIfError().toMillis();
        this.leaseMs = settings.leaseTtl().toMillis();
        this.near = near;
        this.subscription = subscription;
    }

    /** @return the cache name */
    String name() {
        return settings.name();
    }

    /** @return whether the near cache is configured and its invalidation subscription is connected */
    boolean nearActive() {
        return activeNear() != null;
    }

    /** @return the near cache while it is configured and its invalidation subscription is connected, else null */
    private @Nullable NearCache<V> activeNear() {
        RedisOps.Subscription s = subscription;
        return s != null && s.isConnected() ? near : null;
    }

    /** @return the near cache's entry (its value empty for "not found"), or {@code null} when it has none or is off */
    NearCache.@Nullable Item<V> nearGet(String key, long now) {
        NearCache<V> n = activeNear();
        return n == null ? null : n.get(key, now);
    }

    void nearPut(String key, Cached<V> c, long now) {
        NearCache<V> n = activeNear();
        if (n != null) {
            n.put(key, c.optional(), now, c.expiresAt);
        }
    }

    /** @return the logical TTL of a new entry, jittered: a value's, or "not found"'s ({@code negativeTtl}) */
    long logicalTtl(boolean found) {
        long ms = found ? ttlMs : negativeTtlMs;
        if (settings.ttlJitter() == 0) {
            return ms;
        }
        long cut =
                (long) (ms * settings.ttlJitter() * ThreadLocalRandom.current().nextDouble());
        return Math.max(1, ms - cut);
    }

    /**
     * A read or write failed: starts the back-off when Redis is unavailable, then either rethrows (a cache
     * that may not fail open) or counts it and lets the caller answer from the loader.
     */
    void redisError(RedkitException e) {
        if (e instanceof RedisUnavailableException u) {
            backoff.failed(u);
        }
        if (!settings.failOpen()) {
            throw e;
        }
        metrics.increment("redis_errors");
        LOG.debug("cache '{}': Redis failed, answering from the loader: {}", settings.name(), e.toString());
    }

    /** Counts reads that skipped Redis during the back-off; throws for a cache that may not fail open. */
    void bypassed(int keys) {
        metrics.increment("bypassed", keys);
        if (!settings.failOpen()) {
            throw backoff.skipped();
        }
    }
}
