package dev.redkit.cache;

import dev.redkit.cache.internal.CacheSettings;
import dev.redkit.cache.internal.RedisReadThroughCache;
import dev.redkit.core.Codec;
import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.RedisBackoff;
import dev.redkit.core.spi.SetOnce;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link ReadThroughCache}; {@code ReadThroughCache.builder(connector, name, type)} creates it with the
 * mandatory name and value type (or codec). Every option validates its argument at once (the message names the
 * field) and may be set once: a second call throws {@link IllegalStateException} naming the earlier value. Not thread-safe; the built cache is.
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
    private final SetOnce<Duration> ttl = SetOnce.withDefault("ttl", Duration.ofMinutes(10));
    private final SetOnce<Double> ttlJitter = SetOnce.withDefault("ttlJitter", 0.1);
    private final SetOnce<Duration> negativeTtl = SetOnce.withDefault("negativeTtl", Duration.ofMinutes(1));
    private final SetOnce<Duration> staleIfError = SetOnce.withDefault("staleIfError", Duration.ZERO);
    private final SetOnce<Duration> leaseTtl = SetOnce.withDefault("leaseTtl", Duration.ofSeconds(5));
    private final SetOnce<Duration> leaseWait = SetOnce.withDefault("leaseWait", Duration.ofSeconds(2));
    private final SetOnce<Double> earlyRefreshBeta = SetOnce.withDefault("earlyRefreshBeta", 1.0);
    private final SetOnce<Integer> maxValueBytes = SetOnce.withDefault("maxValueBytes", 1024 * 1024);
    private final SetOnce<Duration> generationCheckInterval =
            SetOnce.withDefault("generationCheckInterval", Duration.ZERO);
    private final SetOnce<Boolean> failOpen = SetOnce.withDefault("failOpen", true);
    private final SetOnce<Clock> clock = SetOnce.withDefault("clock", Clock.systemUTC());
    private final SetOnce<MeterRegistry> meterRegistry = SetOnce.unset("meterRegistry");
    private final String name;
    private final Codec<V> codec;
    private final SetOnce<NearCacheOption> nearCache =
            SetOnce.withDefault("nearCache", new NearCacheOption(0, Duration.ZERO));
    private final SetOnce<BackoffOption> redisBackoff =
            SetOnce.withDefault("redisBackoff", new BackoffOption(Duration.ofSeconds(1), Duration.ofSeconds(10)));

    ReadThroughCacheBuilder(RedisConnector connector, String name, Codec<V> codec) {
        this.connector = Checks.notNull(connector, "connector");
        this.name = KeySpace.identifier(name, "name");
        this.codec = Checks.notNull(codec, "codec");
    }

    /**
     * How long a loaded value is fresh (its logical TTL, on the builder's clock) before jitter.
     *
     * @param ttl at least 1 ms
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> ttl(Duration ttl) {
        this.ttl.set(Checks.positiveMillis(ttl, "ttl"));
        return this;
    }

    /**
     * Shortens each entry's TTL by a random fraction up to this value, so that keys loaded together do not
     * expire together: the TTL is uniform in {@code (ttl * (1 - jitter), ttl]}; never longer than the TTL.
     * Applies to {@code negativeTtl} too.
     *
     * @param jitter from 0 (none) to below 1
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> ttlJitter(double jitter) {
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("ttlJitter must be at least 0 and below 1, was " + jitter);
        }
        this.ttlJitter.set(jitter);
        return this;
    }

    /**
     * How long "not found" (a loader that returned {@code null}) is remembered; zero disables negative
     * caching, so every get of an unknown key calls the loader.
     *
     * @param negativeTtl zero or at least 1 ms
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> negativeTtl(Duration negativeTtl) {
        this.negativeTtl.set(Checks.zeroOrPositiveMillis(negativeTtl, "negativeTtl"));
        return this;
    }

    /**
     * How long after its logical expiry an entry is kept and served when the loader fails (stale-if-error)
     * or while another instance reloads it. The Redis TTL of every entry is its logical TTL plus this grace,
     * so a longer grace costs memory. Zero (the default) disables both.
     *
     * @param grace zero or at least 1 ms
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> staleIfError(Duration grace) {
        this.staleIfError.set(Checks.zeroOrPositiveMillis(grace, "staleIfError"));
        return this;
    }

    /**
     * How long the Redis lease that lets one instance load a key lives (on the Redis server's clock). It
     * should exceed the slowest load: a load that outlives its lease may run twice.
     *
     * @param leaseTtl at least 1 ms
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> leaseTtl(Duration leaseTtl) {
        this.leaseTtl.set(Checks.positiveMillis(leaseTtl, "leaseTtl"));
        return this;
    }

    /**
     * How long an instance that finds another instance loading polls for its result before it loads
     * itself. Zero: never wait.
     *
     * @param leaseWait zero or at least 1 ms
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> leaseWait(Duration leaseWait) {
        this.leaseWait.set(Checks.zeroOrPositiveMillis(leaseWait, "leaseWait"));
        return this;
    }

    /**
     * The XFetch factor: a get reloads a fresh entry early with a probability that grows as the expiry
     * nears and with the time the last load took ({@code now - loadTime * beta * ln(random) >= expiry}).
     * 1.0 is the paper's default, larger values refresh earlier, 0 disables early refresh.
     *
     * @param beta zero or positive, finite
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> earlyRefreshBeta(double beta) {
        Checks.finite(beta, "earlyRefreshBeta");
        if (beta < 0) {
            throw new IllegalArgumentException("earlyRefreshBeta must not be negative, was " + beta);
        }
        this.earlyRefreshBeta.set(beta);
        return this;
    }

    /**
     * The largest encoded value stored; a larger loaded value makes {@code get} throw
     * {@link IllegalArgumentException} naming the key and both sizes (it is not stored).
     *
     * @param maxValueBytes 1 to 512 MiB
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> maxValueBytes(int maxValueBytes) {
        this.maxValueBytes.set((int) Checks.between(maxValueBytes, 1, MAX_VALUE_BYTES_LIMIT, "maxValueBytes"));
        return this;
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
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> generationCheckInterval(Duration interval) {
        this.generationCheckInterval.set(Checks.zeroOrPositiveMillis(interval, "generationCheckInterval"));
        return this;
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
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> nearCache(int maxEntries, Duration ttl) {
        this.nearCache.set(new NearCacheOption(
                Checks.positive(maxEntries, "nearCache.maxEntries"), Checks.positiveMillis(ttl, "nearCache.ttl")));
        return this;
    }

    /**
     * Whether {@code get} and {@code getAll} answer from the loader when Redis fails (true, the default)
     * or throw the Redis exception (false). {@code invalidate} always throws.
     *
     * @param failOpen the policy
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> failOpen(boolean failOpen) {
        this.failOpen.set(failOpen);
        return this;
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
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> redisBackoff(Duration initial, Duration max) {
        RedisBackoff.checkDurations(initial, max);
        this.redisBackoff.set(new BackoffOption(initial, max));
        return this;
    }

    /**
     * The clock for logical expiry, stale grace, early refresh, the near cache and the Redis back-off.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> clock(Clock clock) {
        this.clock.set(Checks.notNull(clock, "clock"));
        return this;
    }

    /**
     * The registry for metrics; {@code null} records none.
     *
     * @param registry the registry
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public ReadThroughCacheBuilder<V> meterRegistry(@Nullable MeterRegistry registry) {
        this.meterRegistry.set(registry);
        return this;
    }

    /**
     * Builds the cache; with a near cache this subscribes to the invalidation channel in the background.
     *
     * @return the cache
     */
    public ReadThroughCache<V> build() {
        NearCacheOption near = nearCache.get();
        BackoffOption backoff = redisBackoff.get();
        CacheSettings settings = new CacheSettings(
                name,
                ttl.get(),
                ttlJitter.get(),
                negativeTtl.get(),
                staleIfError.get(),
                leaseTtl.get(),
                leaseWait.get(),
                earlyRefreshBeta.get(),
                maxValueBytes.get(),
                generationCheckInterval.get(),
                near.maxEntries(),
                near.ttl(),
                failOpen.get(),
                backoff.initial(),
                backoff.max());
        return new RedisReadThroughCache<>(
                connector,
                codec,
                settings,
                clock.get(),
                meterRegistry.isSet() ? meterRegistry.orNull() : connector.meterRegistry());
    }

    /** Refuses a second call of a setter; the field counts as set only once its value passed validation. */
    @Override
    public String toString() {
        return "ReadThroughCacheBuilder{name=" + name + ", codec=" + codec.typeName() + '}';
    }

    /** The {@link #nearCache(int, Duration)} option; zero entries is no near cache. */
    private record NearCacheOption(int maxEntries, Duration ttl) {}

    /** The {@link #redisBackoff(Duration, Duration)} option. */
    private record BackoffOption(Duration initial, Duration max) {}
}
