package dev.redkit.cache;

import dev.redkit.cache.internal.CacheSettings;
import dev.redkit.cache.internal.RedisReadThroughCache;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.Codec;
import dev.redkit.core.KeySpace;
import dev.redkit.core.spi.RedisBackoff;
import dev.redkit.core.RedisConnector;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Configures a {@link ReadThroughCache}. Every setter validates its argument at once (the message names
 * the field) and may be called only once. Not thread-safe; the built cache is.
 *
 * <p>Defaults: {@code ttl} 10 min, {@code ttlJitter} 0.1, {@code negativeTtl} 1 min, {@code staleIfError}
 * off, {@code leaseTtl} 5 s, {@code leaseWait} 2 s, {@code earlyRefreshBeta} 1.0, {@code maxValueBytes}
 * 1 MiB, {@code generationCheckInterval} zero (read on every get), near cache off, {@code failOpen} true,
 * {@code redisBackoff} 1 s doubling up to 10 s, {@code Clock.systemUTC()}, the connector's meter registry.
 *
 * @param <V> the value type
 */
public final class ReadThroughCacheBuilder<V> {

    private static final long MAX_VALUE_BYTES_LIMIT = 512L * 1024 * 1024;

    private final RedisConnector connector;
    private final String name;
    private final Codec<V> codec;
    private final Set<String> set = new HashSet<>();
    private Duration ttl = Duration.ofMinutes(10);
    private double ttlJitter = 0.1;
    private Duration negativeTtl = Duration.ofMinutes(1);
    private Duration staleIfError = Duration.ZERO;
    private Duration leaseTtl = Duration.ofSeconds(5);
    private Duration leaseWait = Duration.ofSeconds(2);
    private double earlyRefreshBeta = 1.0;
    private int maxValueBytes = 1024 * 1024;
    private Duration generationCheckInterval = Duration.ZERO;
    private int nearCacheMaxEntries;
    private Duration nearCacheTtl = Duration.ZERO;
    private boolean failOpen = true;
    private Duration redisBackoff = Duration.ofSeconds(1);
    private Duration redisBackoffMax = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry;

    ReadThroughCacheBuilder(RedisConnector connector, String name, Codec<V> codec) {
        this.connector = Checks.notNull(connector, "connector");
        this.name = KeySpace.identifier(name, "name");
        this.codec = Checks.notNull(codec, "codec");
        this.meterRegistry = connector.meterRegistry();
    }

    /**
     * How long a loaded value is fresh (its logical TTL, on the builder's clock) before jitter.
     *
     * @param ttl at least 1 ms
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> ttl(Duration ttl) {
        once("ttl");
        this.ttl = Checks.positiveMillis(ttl, "ttl");
        return markSet("ttl");
    }

    /**
     * Shortens each entry's TTL by a random fraction up to this value, so that keys loaded together do not
     * expire together: the TTL is uniform in {@code (ttl * (1 - jitter), ttl]}; never longer than the TTL.
     * Applies to {@code negativeTtl} too.
     *
     * @param jitter from 0 (none) to below 1
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> ttlJitter(double jitter) {
        once("ttlJitter");
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("ttlJitter must be at least 0 and below 1, was " + jitter);
        }
        this.ttlJitter = jitter;
        return markSet("ttlJitter");
    }

    /**
     * How long "not found" (a loader that returned {@code null}) is remembered; zero disables negative
     * caching, so every get of an unknown key calls the loader.
     *
     * @param negativeTtl zero or at least 1 ms
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> negativeTtl(Duration negativeTtl) {
        once("negativeTtl");
        this.negativeTtl = Checks.zeroOrPositiveMillis(negativeTtl, "negativeTtl");
        return markSet("negativeTtl");
    }

    /**
     * How long after its logical expiry an entry is kept and served when the loader fails (stale-if-error)
     * or while another instance reloads it. The Redis TTL of every entry is its logical TTL plus this grace,
     * so a longer grace costs memory. Zero (the default) disables both.
     *
     * @param grace zero or at least 1 ms
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> staleIfError(Duration grace) {
        once("staleIfError");
        this.staleIfError = Checks.zeroOrPositiveMillis(grace, "staleIfError");
        return markSet("staleIfError");
    }

    /**
     * How long the Redis lease that lets one instance load a key lives (on the Redis server's clock). It
     * should exceed the slowest load: a load that outlives its lease may run twice.
     *
     * @param leaseTtl at least 1 ms
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> leaseTtl(Duration leaseTtl) {
        once("leaseTtl");
        this.leaseTtl = Checks.positiveMillis(leaseTtl, "leaseTtl");
        return markSet("leaseTtl");
    }

    /**
     * How long an instance that finds another instance loading polls for its result before it loads
     * itself. Zero: never wait.
     *
     * @param leaseWait zero or at least 1 ms
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> leaseWait(Duration leaseWait) {
        once("leaseWait");
        this.leaseWait = Checks.zeroOrPositiveMillis(leaseWait, "leaseWait");
        return markSet("leaseWait");
    }

    /**
     * The XFetch factor: a get reloads a fresh entry early with a probability that grows as the expiry
     * nears and with the time the last load took ({@code now - loadTime * beta * ln(random) >= expiry}).
     * 1.0 is the paper's default, larger values refresh earlier, 0 disables early refresh.
     *
     * @param beta zero or positive, finite
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> earlyRefreshBeta(double beta) {
        once("earlyRefreshBeta");
        Checks.finite(beta, "earlyRefreshBeta");
        if (beta < 0) {
            throw new IllegalArgumentException("earlyRefreshBeta must not be negative, was " + beta);
        }
        this.earlyRefreshBeta = beta;
        return markSet("earlyRefreshBeta");
    }

    /**
     * The largest encoded value stored; a larger loaded value makes {@code get} throw
     * {@link IllegalArgumentException} naming the key and both sizes (it is not stored).
     *
     * @param maxValueBytes 1 to 512 MiB
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> maxValueBytes(int maxValueBytes) {
        once("maxValueBytes");
        this.maxValueBytes = (int) Checks.between(maxValueBytes, 1, MAX_VALUE_BYTES_LIMIT, "maxValueBytes");
        return markSet("maxValueBytes");
    }

    /**
     * How long this instance trusts the cache generation it last read (see
     * {@link ReadThroughCache#invalidateAll()}). Zero (the default) reads it in the same round trip as
     * every get, so {@code invalidateAll} is seen at once; a positive interval saves that command and lets
     * another instance's {@code invalidateAll} take up to the interval (on the builder's clock) to be seen
     * here (at once when the near cache's subscription is connected).
     *
     * @param interval zero or at least 1 ms
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> generationCheckInterval(Duration interval) {
        once("generationCheckInterval");
        this.generationCheckInterval = Checks.zeroOrPositiveMillis(interval, "generationCheckInterval");
        return markSet("generationCheckInterval");
    }

    /**
     * Enables a bounded in-process near cache (least recently used eviction) in front of Redis. An entry
     * is served from it for at most {@code ttl} (and never past its logical expiry). Invalidations travel
     * to other instances over Redis pub/sub; while this instance's subscription is down the near cache is
     * bypassed, and it is cleared on every (re)subscription. A value reloaded by another instance after
     * expiry is seen here only when the near entry expires: {@code ttl} is the consistency window.
     *
     * @param maxEntries the most entries kept, positive
     * @param ttl how long an entry is served from memory, at least 1 ms
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> nearCache(int maxEntries, Duration ttl) {
        once("nearCache");
        this.nearCacheMaxEntries = Checks.positive(maxEntries, "nearCache.maxEntries");
        this.nearCacheTtl = Checks.positiveMillis(ttl, "nearCache.ttl");
        return markSet("nearCache");
    }

    /**
     * Whether {@code get} and {@code getAll} answer from the loader when Redis fails (true, the default)
     * or throw the Redis exception (false). {@code invalidate} always throws.
     *
     * @param failOpen the policy
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> failOpen(boolean failOpen) {
        once("failOpen");
        this.failOpen = failOpen;
        return markSet("failOpen");
    }

    /**
     * How long reads skip Redis after it was unavailable, so that a frozen or unreachable server costs one
     * socket timeout per back-off instead of one per read. After any call of this cache fails with
     * {@link dev.redkit.core.RedisUnavailableException}, {@code get} and {@code getAll} answer from the
     * loader without calling Redis and without storing what it returns (with {@code failOpen(false)} they
     * throw {@code RedisUnavailableException} at once) for {@code initial}; then exactly one read probes
     * Redis while the others keep skipping it. A probe that Redis answers ends the back-off; a probe that
     * fails starts the next one, twice as long as the last and at most {@code max}. The back-off is timed
     * by the builder's {@link #clock(Clock) clock} and kept per cache instance. Every
     * {@code RedisUnavailableException} starts it, including a pool with no free connection under load and,
     * on Cluster, one unreachable node (then every key skips Redis). Skipped reads are counted as
     * {@code redkit.cache.bypassed}; the start of a back-off is logged once at WARN, its end once at INFO.
     * {@code invalidate} and {@code invalidateAll} ignore it (they always call Redis and throw when it
     * cannot be reached). {@code redisBackoff(Duration.ZERO, Duration.ZERO)} disables it: every read then
     * tries Redis and waits for its timeout.
     *
     * @param initial the first back-off: zero (disabled) or at least 1 ms
     * @param max the longest back-off, not shorter than {@code initial}
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> redisBackoff(Duration initial, Duration max) {
        once("redisBackoff");
        RedisBackoff.checkDurations(initial, max);
        this.redisBackoff = initial;
        this.redisBackoffMax = max;
        return markSet("redisBackoff");
    }

    /**
     * The clock for logical expiry, stale grace, early refresh, the near cache and the Redis back-off.
     *
     * @param clock the clock
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> clock(Clock clock) {
        once("clock");
        this.clock = Checks.notNull(clock, "clock");
        return markSet("clock");
    }

    /**
     * The registry for metrics; {@code null} records none.
     *
     * @param registry the registry
     * @return this builder
     */
    public ReadThroughCacheBuilder<V> meterRegistry(MeterRegistry registry) {
        once("meterRegistry");
        this.meterRegistry = registry;
        return markSet("meterRegistry");
    }

    /**
     * Builds the cache; with a near cache this subscribes to the invalidation channel in the background.
     *
     * @return the cache
     */
    public ReadThroughCache<V> build() {
        CacheSettings settings = new CacheSettings(name, ttl, ttlJitter, negativeTtl, staleIfError, leaseTtl,
                leaseWait, earlyRefreshBeta, maxValueBytes, generationCheckInterval, nearCacheMaxEntries,
                nearCacheTtl, failOpen, redisBackoff, redisBackoffMax);
        return new RedisReadThroughCache<>(connector, codec, settings, clock, meterRegistry);
    }

    /** Refuses a second call of a setter; the field counts as set only once its value passed validation. */
    private void once(String field) {
        if (set.contains(field)) {
            throw new IllegalStateException(field + " was already set");
        }
    }

    private ReadThroughCacheBuilder<V> markSet(String field) {
        set.add(field);
        return this;
    }

    @Override
    public String toString() {
        return "ReadThroughCacheBuilder{name=" + name + ", codec=" + codec.typeName() + '}';
    }
}
