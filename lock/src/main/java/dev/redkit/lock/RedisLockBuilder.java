package dev.redkit.lock;

import dev.redkit.core.EvictionCheck;
import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.ReplicaAck;
import dev.redkit.core.ReplicaAckException;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.SetOnce;
import dev.redkit.lock.internal.LockSettings;
import dev.redkit.lock.internal.RedisLockImpl;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link RedisLock}; {@link RedisLock#builder(RedisConnector, String)} creates it with the mandatory
 * instance name. Every option validates at once, naming the field, and may be set once: a second call throws
 * {@link IllegalStateException} naming the earlier value. Not thread-safe; the built lock is.
 */
public final class RedisLockBuilder {
    private final RedisConnector connector;
    private final SetOnce<String> name = SetOnce.withDefault("name", "default");
    private final SetOnce<Duration> leaseTime = SetOnce.withDefault("leaseTime", Duration.ofSeconds(30));
    private final SetOnce<Boolean> watchdog = SetOnce.withDefault("watchdog", false);
    private final SetOnce<Duration> fencingCounterTtl = SetOnce.unset("fencingCounterTtl");
    private final SetOnce<Duration> maxRetryInterval = SetOnce.withDefault("maxRetryInterval", Duration.ofSeconds(1));
    private final SetOnce<Clock> clock = SetOnce.withDefault("clock", Clock.systemUTC());
    private final SetOnce<MeterRegistry> meterRegistry = SetOnce.unset("meterRegistry");
    private final SetOnce<EvictionCheck> evictionCheck = SetOnce.withDefault("evictionCheck", EvictionCheck.WARN);
    private final SetOnce<ReplicaAck> replicaAck = SetOnce.withDefault("replicaAck", ReplicaAck.none());

    RedisLockBuilder(RedisConnector connector) {
        this.connector = Checks.notNull(connector, "connector");
    }

    /**
     * The instance name, part of every key and the metrics tag. Default {@code default}.
     *
     * @param name an identifier: 1-64 characters from {@code a-z 0-9 . _ -}
     * @return this builder
     * @throws IllegalArgumentException if not an identifier
     * @throws IllegalStateException if already set
     * @deprecated pass the name to {@link RedisLock#builder(RedisConnector, String)}
     */
    @Deprecated
    public RedisLockBuilder name(String name) {
        this.name.set(KeySpace.identifier(name, "name"));
        return this;
    }

    /**
     * How long a lock lives in Redis after an acquire or a renewal, on the Redis server's clock.
     * Default 30 s.
     *
     * @param leaseTime at least one millisecond
     * @return this builder
     * @throws IllegalArgumentException if null, zero, negative or below one millisecond
     * @throws IllegalStateException if already set
     */
    public RedisLockBuilder leaseTime(Duration leaseTime) {
        this.leaseTime.set(Checks.positiveMillis(leaseTime, "leaseTime"));
        return this;
    }

    /**
     * Renew every lease automatically, about every third of the lease time, until it is released;
     * report it lost when a renewal finds the lock gone or Redis stays unreachable until the lease's
     * deadline. If the process dies, the lock expires after at most one lease time. Default off: a
     * lease then simply expires after the lease time unless {@link Lease#extend(Duration)} is called.
     *
     * @param watchdog whether to renew
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public RedisLockBuilder watchdog(boolean watchdog) {
        this.watchdog.set(watchdog);
        return this;
    }

    /**
     * Lets each name's fencing counter expire after this long without an acquire, so that many
     * short-lived names (one per user or order) do not keep a key each forever. The cost: once a
     * counter expired, the next token's only guarantee is the Redis server's clock (see {@link RedisLock}).
     * Default: no TTL.
     *
     * @param ttl at least one millisecond; hours or days are sensible
     * @return this builder
     * @throws IllegalArgumentException if null, zero, negative or below one millisecond
     * @throws IllegalStateException if already set
     */
    public RedisLockBuilder fencingCounterTtl(Duration ttl) {
        this.fencingCounterTtl.set(Checks.positiveMillis(ttl, "fencingCounterTtl"));
        return this;
    }

    /**
     * The longest a waiting acquire sleeps between two attempts when no release notification comes
     * (the fallback when a message is lost). Default 1 s.
     *
     * @param interval at least one millisecond
     * @return this builder
     * @throws IllegalArgumentException if null, zero, negative or below one millisecond
     * @throws IllegalStateException if already set
     */
    public RedisLockBuilder maxRetryInterval(Duration interval) {
        this.maxRetryInterval.set(Checks.positiveMillis(interval, "maxRetryInterval"));
        return this;
    }

    /**
     * The client clock for {@link Lease#remaining()} and {@link Lease#isValid()}. Default
     * {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public RedisLockBuilder clock(Clock clock) {
        this.clock.set(Checks.notNull(clock, "clock"));
        return this;
    }

    /**
     * The registry for metrics. Default: the connector's registry.
     *
     * @param meterRegistry the registry, or {@code null} for no metrics
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public RedisLockBuilder meterRegistry(@Nullable MeterRegistry meterRegistry) {
        this.meterRegistry.set(meterRegistry);
        return this;
    }

    /**
     * What {@link #build()} does when Redis's {@code maxmemory-policy} can evict lock keys (any policy but
     * {@code noeviction}, since leases carry a TTL; an evicted lease frees the lock early):
     * {@link EvictionCheck#WARN} (the default) logs a warning, {@link EvictionCheck#REFUSE} makes
     * {@code build()} throw, {@link EvictionCheck#OFF} skips the check and its round trip.
     *
     * @param check the check
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public RedisLockBuilder evictionCheck(EvictionCheck check) {
        this.evictionCheck.set(Checks.notNull(check, "evictionCheck"));
        return this;
    }

    /**
     * Strict mode: an acquire (and every {@link Lease#extend(Duration) extension}, manual or by the
     * watchdog) counts only once this many replicas confirmed it, checked with {@code WAIT} in the same
     * round trip. Default {@link ReplicaAck#none()}.
     *
     * <p>What it buys: a grant that a replica confirmed is not forgotten when that replica is promoted,
     * so a failover no longer hands the same lock to a second holder (unless the promoted replica is one
     * that had not confirmed, which {@code replicas} equal to the replica count rules out). What it costs:
     * one {@code WAIT} per acquire and extension, a few hundred microseconds on a healthy local replica.
     *
     * <p>When too few replicas confirm an acquire in time, the lease is released again (best effort) and
     * the acquire throws {@link ReplicaAckException}, a {@code RedisUnavailableException}: the lock was
     * not safely granted. An unconfirmed extension throws the same from {@link Lease#extend(Duration)}
     * and leaves the lease's local deadline where it was; the watchdog treats it as a failed renewal
     * (retried until the deadline, then reported {@link LostReason#UNREACHABLE}). Releases are not
     * confirmed: a release lost in a failover only keeps the lock until its lease runs out. A busy
     * answer writes nothing and is returned as usual.
     *
     * @param replicaAck the confirmation; its timeout must be shorter than the socket timeout
     * @return this builder
     * @throws IllegalArgumentException if null or its timeout is not shorter than the socket timeout
     * @throws IllegalStateException if already set
     */
    public RedisLockBuilder replicaAck(ReplicaAck replicaAck) {
        this.replicaAck.set(Checks.notNull(replicaAck, "replicaAck").requireFits(connector.config(), "replicaAck"));
        return this;
    }

    /**
     * Builds the instance. One round trip ({@code INFO memory}) for the eviction check unless it is
     * {@link EvictionCheck#OFF}; an unreachable Redis only logs a warning here. Threads start only when
     * first needed.
     *
     * @return the lock instance
     * @throws IllegalStateException under {@link EvictionCheck#REFUSE} when the eviction policy can evict lock keys
     */
    public RedisLock build() {
        evictionCheck.get().verify(connector, "lock", true);
        LockSettings settings = new LockSettings(
                name.get(),
                leaseTime.get(),
                watchdog.get(),
                fencingCounterTtl.orNull(),
                maxRetryInterval.get(),
                clock.get(),
                replicaAck.get(),
                meterRegistry.isSet() ? meterRegistry.orNull() : connector.meterRegistry());
        return new RedisLockImpl(connector, settings);
    }

    /**
     * Sets the mandatory option of {@link RedisLock#builder(RedisConnector, String)}.
     *
     * @param instanceName the instance name
     * @return this builder
     */
    RedisLockBuilder mandatory(String instanceName) {
        this.name.set(KeySpace.identifier(instanceName, "name"));
        return this;
    }
}
