package dev.redkit.lock.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisOps;
import dev.redkit.core.ReplicaAckException;
import dev.redkit.core.SecretHasher;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.Replies;
import dev.redkit.lock.Lease;
import dev.redkit.lock.LeaseLostException;
import dev.redkit.lock.LockTimeoutException;
import dev.redkit.lock.LostReason;
import dev.redkit.lock.RedisLock;
import dev.redkit.lock.ReleaseOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RedisLock} implementation: acquire (one script, then waiting on the shared release
 * subscription with a bounded backoff fallback), the reentrancy guard, the watchdog scheduler and metrics.
 */
public final class RedisLockImpl implements RedisLock {

    static final LuaScript ACQUIRE = LuaScript.fromResource(RedisLockImpl.class, "acquire.lua");
    static final LuaScript RELEASE = LuaScript.fromResource(RedisLockImpl.class, "release.lua");
    static final LuaScript EXTEND = LuaScript.fromResource(RedisLockImpl.class, "extend.lua");

    private static final Logger LOG = LoggerFactory.getLogger(RedisLockImpl.class);
    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int OWNER_TOKEN_BYTES = 16;

    private final RedisOps ops;
    private final KeySpace keys;
    private final LockSettings settings;
    private final RedkitMetrics metrics;
    private final String channel;
    private final long leaseMillis;
    private final String leaseArg;
    private final String fenceTtlArg;
    private final String waitersMarkerArg;
    private final ReleaseNotifier notifier;
    private final ConcurrentMap<String, LeaseHandle> held = new ConcurrentHashMap<>();
    private @Nullable ScheduledThreadPoolExecutor scheduler;
    private volatile boolean closed;

    /**
     * Creates an instance; used by {@link RedisLockBuilder}.
     *
     * @param connector the connector
     * @param settings the validated settings
     */
    public RedisLockImpl(RedisConnector connector, LockSettings settings) {
        this.ops = connector.ops();
        this.settings = settings;
        this.keys = connector.keySpace("lock", settings.name());
        this.metrics = RedkitMetrics.of(settings.meterRegistry(), "lock", settings.name());
        this.channel = keys.key("released");
        this.leaseMillis = settings.leaseTime().toMillis();
        this.leaseArg = Long.toString(leaseMillis);
        this.fenceTtlArg = settings.fencingCounterTtl() == null
                ? "0"
                : Long.toString(settings.fencingCounterTtl().toMillis());
        // a waiter attempts again at least once per maxRetryInterval, each attempt setting the marker again
        this.waitersMarkerArg =
                Long.toString(2 * Math.max(1, settings.maxRetryInterval().toMillis()));
        this.notifier = new ReleaseNotifier(ops, channel);
    }

    @Override
    public Lease acquire(String name, Duration wait) throws InterruptedException {
        LockTarget target = target(name);
        Checks.notNegative(wait, "wait");
        return acquireWaiting(target, wait).orElseThrow(() -> new LockTimeoutException(settings.name(), name, wait));
    }

    @Override
    public Optional<Lease> tryAcquire(String name) {
        LockTarget target = target(name);
        checkUsable(target);
        long start = System.nanoTime();
        LeaseHandle lease;
        try {
            lease = attempt(target, newOwnerToken(), false, false).lease;
        } catch (RuntimeException e) {
            metrics.record("acquire", "error", System.nanoTime() - start);
            throw e;
        }
        metrics.record("acquire", lease != null ? "acquired" : "busy", System.nanoTime() - start);
        return Optional.ofNullable(lease);
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration wait) throws InterruptedException {
        LockTarget target = target(name);
        Checks.notNegative(wait, "wait");
        return acquireWaiting(target, wait);
    }

    @Override
    public <T> T withLock(String name, Duration wait, Supplier<T> action) throws InterruptedException {
        Checks.notNull(action, "action");
        Lease lease = acquire(name, wait);
        T result;
        try {
            result = action.get();
        } catch (RuntimeException | Error e) {
            try {
                lease.release();
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure);
            }
            throw e;
        }
        if (lease.release() == ReleaseOutcome.LOST) {
            throw new LeaseLostException(settings.name(), name, lease.fencingToken());
        }
        return result;
    }

    private Optional<Lease> acquireWaiting(LockTarget target, Duration wait) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before acquiring lock '" + target.name() + "'");
        }
        checkUsable(target);
        long start = System.nanoTime();
        long deadline = start + saturatedNanos(wait);
        String ownerToken = newOwnerToken();
        String outcome = "error";
        ReleaseNotifier.Waiter waiter = null;
        LeaseHandle lease = null;
        try {
            Attempt attempt = attempt(target, ownerToken, deadline - System.nanoTime() > 0, false);
            if (attempt.lease == null && deadline - System.nanoTime() > 0) {
                waiter = notifier.register(target.tag());
                long backoff =
                        Math.min(FIRST_RETRY_NANOS, settings.maxRetryInterval().toNanos());
                while (attempt.lease == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    long sleep = Math.min(left, ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
                    if (attempt.holderPttl > 0) {
                        sleep = Math.min(sleep, TimeUnit.MILLISECONDS.toNanos(attempt.holderPttl + 1));
                    }
                    boolean woken;
                    try {
                        woken = waiter.await(sleep);
                    } catch (InterruptedException e) {
                        outcome = "interrupted";
                        throw e;
                    }
                    if (closed) {
                        throw new IllegalStateException("RedisLock '" + settings.name() + "' was closed while waiting");
                    }
                    if (!woken) {
                        backoff = Math.min(
                                backoff * 2, settings.maxRetryInterval().toNanos());
                    }
                    waiter.clear();
                    attempt = attempt(target, ownerToken, true, notifier.othersWaiting(waiter));
                }
            }
            lease = attempt.lease;
            outcome = lease != null ? "acquired" : "timeout";
            return Optional.ofNullable(lease);
        } finally {
            if (waiter != null) {
                notifier.unregister(waiter, lease == null);
            }
            metrics.record("acquire", outcome, System.nanoTime() - start);
        }
    }

    /** One run of the acquire script. */
    private Attempt attempt(LockTarget target, String ownerToken, boolean waiting, boolean othersWaiting) {
        long sent = settings.clock().millis();
        List<Object> reply;
        try {
            reply = Replies.asList(ops.executeAcknowledged(
                    ACQUIRE.call(
                            List.of(target.ownerKey(), target.fenceKey(), target.waitersKey()),
                            List.of(
                                    ownerToken,
                                    leaseArg,
                                    fenceTtlArg,
                                    waiting ? waitersMarkerArg : "0",
                                    othersWaiting ? "1" : "0")),
                    settings.replicaAck()));
        } catch (ReplicaAckException e) {
            reply = Replies.asList(e.reply());
            if (Replies.asLong(reply.get(0)) == 1) {
                withdraw(target, ownerToken + ':' + Replies.asText(reply.get(1)), Replies.asText(reply.get(1)), e);
                throw e;
            }
        }
        if (Replies.asLong(reply.get(0)) != 1) {
            return new Attempt(null, Replies.asLong(reply.get(1)));
        }
        LeaseHandle lease = new LeaseHandle(this, target, ownerToken, Replies.asText(reply.get(1)), sent + leaseMillis);
        held.put(target.tag(), lease);
        lease.start();
        return new Attempt(lease, 0);
    }

    /** Releases a grant too few replicas confirmed, so that it does not block others for a whole lease. */
    private void withdraw(LockTarget target, String value, String fence, ReplicaAckException cause) {
        metrics.increment("unconfirmed");
        LOG.warn(
                "lock '{}' of RedisLock '{}' was granted but confirmed by {} of {} replicas; releasing it",
                target.name(),
                settings.name(),
                cause.acknowledged(),
                cause.required());
        try {
            releaseScript(target, value, fence);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private LockTarget target(String name) {
        KeySpace.Slot slot = keys.slot(name, "name");
        return new LockTarget(name, slot.tag(), slot.key("owner"), slot.key("fence"), slot.key("waiters"));
    }

    private void checkUsable(LockTarget target) {
        if (closed) {
            throw new IllegalStateException("RedisLock '" + settings.name() + "' is closed");
        }
        LeaseHandle mine = held.get(target.tag());
        if (mine != null && mine.acquiredBy() == Thread.currentThread() && mine.isValid()) {
            throw new IllegalStateException(
                    "lock '" + target.name() + "' is already held by this thread (fencing token " + mine.fencingToken()
                            + "); RedisLock is not reentrant");
        }
    }

    ReleaseOutcome releaseScript(LockTarget target, String value, String fence) {
        return metrics.time(
                "release",
                () -> {
                    long code = Replies.asLong(ops.execute(RELEASE.call(
                            List.of(target.ownerKey(), target.fenceKey(), target.waitersKey()),
                            List.of(value, fence, channel, target.tag()))));
                    if (code == 1) {
                        return ReleaseOutcome.RELEASED;
                    }
                    return code == 2
                            ? ReleaseOutcome.EXPIRED
                            : code == 3 ? ReleaseOutcome.STATE_LOST : ReleaseOutcome.LOST;
                },
                o -> o.name().toLowerCase(java.util.Locale.ROOT));
    }

    void stateLost(LeaseHandle lease) {
        LOG.warn(
                "lease on lock '{}' of RedisLock '{}' (fencing token {}): at release Redis no longer had the lock nor its"
                        + " fencing counter at this token (restart without data, flush, eviction, counter TTL or failover); nobody"
                        + " holds it now and no takeover is known, but Redis cannot prove that nobody held it meanwhile",
                lease.name(),
                settings.name(),
                lease.fencingToken());
    }

    void releaseRetried() {
        metrics.increment("release_retried");
    }

    void releaseAbandoned(LeaseHandle lease, RuntimeException cause) {
        metrics.increment("release_abandoned");
        LOG.warn(
                "lease on lock '{}' of RedisLock '{}' (fencing token {}): the release could not reach Redis before the"
                        + " lease's deadline; the lock expires in Redis at the end of its lease time: {}",
                lease.name(),
                settings.name(),
                lease.fencingToken(),
                cause.toString());
    }

    void forget(LeaseHandle lease) {
        held.remove(lease.target().tag(), lease);
    }

    void leaseLost(LeaseHandle lease, LostReason reason) {
        held.remove(lease.target().tag(), lease);
        metrics.increment("lost");
        LOG.warn(
                "lease on lock '{}' of RedisLock '{}' (fencing token {}) was lost: {}",
                lease.name(),
                settings.name(),
                lease.fencingToken(),
                reason);
    }

    /** Schedules a lease task; returns null once the instance is closed. */
    @Nullable
    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        ScheduledThreadPoolExecutor s;
        synchronized (this) {
            if (closed) {
                return null;
            }
            if (scheduler == null) {
                AtomicInteger n = new AtomicInteger();
                scheduler = new ScheduledThreadPoolExecutor(2, r -> {
                    Thread t = new Thread(r, "redkit-lock-" + settings.name() + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                scheduler.setRemoveOnCancelPolicy(true);
            }
            s = scheduler;
        }
        try {
            return s.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    RedisOps ops() {
        return ops;
    }

    LockSettings settings() {
        return settings;
    }

    long leaseMillis() {
        return leaseMillis;
    }

    String leaseArg() {
        return leaseArg;
    }

    private static String newOwnerToken() {
        return SecretHasher.randomToken(OWNER_TOKEN_BYTES);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public Duration leaseTime() {
        return settings.leaseTime();
    }

    @Override
    public void close() {
        ScheduledThreadPoolExecutor s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = scheduler;
            scheduler = null;
        }
        notifier.close();
        if (s != null) {
            s.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "RedisLock{" + settings + '}';
    }

    /** The result of one acquire script run: a lease, or the holder's time left in ms. */
    private static final class Attempt {
        final @Nullable LeaseHandle lease;
        final long holderPttl;

        Attempt(@Nullable LeaseHandle lease, long holderPttl) {
            this.lease = lease;
            this.holderPttl = holderPttl;
        }
    }
}
