package dev.redkit.cache.internal;

import java.time.Duration;

/**
 * The validated, immutable configuration of one cache, built by
 * {@link dev.redkit.cache.ReadThroughCacheBuilder}.
 *
 * @param name the cache name
 * @param ttl the logical TTL before jitter
 * @param ttlJitter the largest fraction of the TTL removed at random
 * @param negativeTtl how long "not found" is cached; zero for never
 * @param staleIfError the grace after logical expiry during which an entry may be served stale
 * @param leaseTtl the lifetime of a load lease
 * @param leaseWait how long to poll while another instance holds the lease
 * @param earlyRefreshBeta the XFetch factor; zero disables early refresh
 * @param maxValueBytes the largest encoded value
 * @param generationCheckInterval how long a read generation is trusted; zero for every get
 * @param nearCacheMaxEntries the near cache size; zero when disabled
 * @param nearCacheTtl how long a near cache entry is served
 * @param failOpen whether reads fall back to the loader when Redis fails
 * @param redisBackoff how long reads skip Redis after it was unavailable; zero when disabled
 * @param redisBackoffMax the longest back-off after failed probes
 */
public record CacheSettings(
        String name,
        Duration ttl,
        double ttlJitter,
        Duration negativeTtl,
        Duration staleIfError,
        Duration leaseTtl,
        Duration leaseWait,
        double earlyRefreshBeta,
        int maxValueBytes,
        Duration generationCheckInterval,
        int nearCacheMaxEntries,
        Duration nearCacheTtl,
        boolean failOpen,
        Duration redisBackoff,
        Duration redisBackoffMax) {

    /** @return whether a near cache is configured */
    public boolean nearCacheEnabled() {
        return nearCacheMaxEntries > 0;
    }
}
