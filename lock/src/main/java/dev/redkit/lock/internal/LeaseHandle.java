package dev.redkit.lock.internal;

import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.Replies;
import dev.redkit.lock.Lease;
import dev.redkit.lock.LostReason;
import dev.redkit.lock.ReleaseOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease: the owner token and fencing token of one acquire, the client-clock deadline, and either the
 * watchdog's renewal task or (once a lost callback is registered) the timer that reports the deadline.
 * Thread-safe: state changes are guarded by {@code state}, a monitor never held across a Redis call; the release
 * round trip by {@code releasing}, a {@link ReentrantLock} (a virtual thread waiting on it or holding it across the
 * round trip does not pin its carrier).
 *
 * <p>A release that cannot reach Redis (no pooled connection in time, Redis paused or down) is retried in the
 * background on the instance's scheduler until the lease's deadline on the client clock, so the lock is not left
 * to expire at the end of its lease; each retry counts {@code redkit.lock.release_retried}, and a release still
 * unsent when the deadline passes counts {@code redkit.lock.release_abandoned} (the lock then expires in Redis by
 * itself).
 */
final class LeaseHandle implements Lease {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseHandle.class);

    private final RedisLockImpl locks;
    private final LockTarget target;
    private final long fencingToken;
    private final String fenceArg;
    private final String value;
    private final Thread acquiredBy;
    private final Object state = new Object();
    private final ReentrantLock releasing = new ReentrantLock();
    private final List<Consumer<LostReason>> callbacks = new ArrayList<>();
    private volatile long deadline;
    private volatile boolean released;
    private @Nullable LostReason lost;
    private @Nullable ReleaseOutcome outcome;
    private @Nullable ScheduledFuture<?> task;
    private @Nullable ScheduledFuture<?> releaseRetry;
    private int releaseAttempts;

    LeaseHandle(RedisLockImpl locks, LockTarget target, String ownerToken, String fence, long deadline) {
        this.locks = locks;
        this.target = target;
        this.fenceArg = fence;
        this.fencingToken = Long.parseLong(fence);
        this.value = ownerToken + ':' + fence;
        this.deadline = deadline;
        this.acquiredBy = Thread.currentThread();
    }

    /** Starts the watchdog if the instance renews leases. */
    void start() {
        if (locks.settings().watchdog()) {
            synchronized (state) {
                task = locks.schedule(this::renew, Math.max(1, locks.leaseMillis() / 3));
            }
        }
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public long fencingToken() {
        return fencingToken;
    }

    @Override
    public boolean isValid() {
        return !released && lostReason() == null && locks.settings().clock().millis() < deadline;
    }

    @Override
    public Duration remaining() {
        if (released || lostReason() != null) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.max(0, deadline - locks.settings().clock().millis()));
    }

    @Override
    public boolean extend(Duration duration) {
        Checks.positiveMillis(duration, "duration");
        if (released) {
            throw new IllegalStateException("lease on lock '" + target.name() + "' was released");
        }
        if (lostReason() != null) {
            return false;
        }
        long ms = duration.toMillis();
        long sent = locks.settings().clock().millis();
        boolean extended = extendScript(Long.toString(ms));
        if (extended) {
            advanceDeadline(sent + ms);
        } else {
            markLost(LostReason.NOT_OWNER, false);
        }
        return extended;
    }

    @Override
    public Lease onLost(Consumer<LostReason> callback) {
        Checks.notNull(callback, "callback");
        LostReason already;
        synchronized (state) {
            already = lost;
            if (already == null) {
                callbacks.add(callback);
                if (!locks.settings().watchdog() && !released && task == null) {
                    task = locks.schedule(this::checkDeadline, remaining().toMillis());
                }
            }
        }
        if (already != null) {
            run(callback, already);
        }
        return this;
    }

    @Override
    public ReleaseOutcome release() {
        releasing.lock();
        try {
            if (outcome != null) {
                return outcome;
            }
            released = true;
            cancelTask();
            try {
                return releaseOnce();
            } catch (RedisUnavailableException e) {
                retryReleaseLater(e);
                throw e;
            }
        } finally {
            releasing.unlock();
        }
    }

    /** Runs the release script once; the caller holds {@code releasing}. */
    private ReleaseOutcome releaseOnce() {
        ReleaseOutcome result = locks.releaseScript(target, value, fenceArg);
        outcome = result;
        if (result == ReleaseOutcome.LOST) {
            markLost(LostReason.NOT_OWNER, true);
        } else if (result == ReleaseOutcome.STATE_LOST) {
            locks.stateLost(this);
        }
        locks.forget(this);
        return result;
    }

    /** Schedules another release attempt while the lease's deadline has not passed; the caller holds {@code releasing}. */
    private void retryReleaseLater(RedisUnavailableException cause) {
        long left = deadline - locks.settings().clock().millis();
        if (left <= 0) {
            abandonRelease(cause);
            return;
        }
        if (releaseRetry != null) {
            releaseRetry.cancel(false);
            releaseRetry = null;
        }
        releaseAttempts++;
        long delay = Math.min(
                left, Math.min(1000, Math.max(1, (locks.leaseMillis() / 20) << Math.min(releaseAttempts - 1, 4))));
        @Nullable ScheduledFuture<?> next = locks.schedule(this::retryRelease, delay);
        if (next == null) {
            abandonRelease(cause);
            return;
        }
        releaseRetry = next;
        LOG.debug(
                "release of lock '{}' could not reach Redis, retrying in {} ms ({} ms of lease left): {}",
                target.name(),
                delay,
                left,
                cause.toString());
    }

    /** One background release attempt after a release that could not reach Redis. */
    private void retryRelease() {
        if (!releasing.tryLock()) {
            // a caller's release() is running now; it schedules the next attempt if it fails
            return;
        }
        try {
            releaseRetry = null;
            if (outcome != null) {
                return;
            }
            locks.releaseRetried();
            try {
                ReleaseOutcome result = releaseOnce();
                LOG.debug("release of lock '{}' succeeded on retry {}: {}", target.name(), releaseAttempts, result);
            } catch (RedisUnavailableException e) {
                retryReleaseLater(e);
            } catch (RuntimeException e) {
                abandonRelease(e);
            }
        } finally {
            releasing.unlock();
        }
    }

    private void abandonRelease(RuntimeException cause) {
        locks.releaseAbandoned(this, cause);
        locks.forget(this);
    }

    @Override
    public void close() {
        release();
    }

    LockTarget target() {
        return target;
    }

    Thread acquiredBy() {
        return acquiredBy;
    }

    private @Nullable LostReason lostReason() {
        synchronized (state) {
            return lost;
        }
    }

    private void advanceDeadline(long candidate) {
        synchronized (state) {
            if (candidate > deadline) {
                deadline = candidate;
            }
        }
    }

    private void cancelTask() {
        synchronized (state) {
            if (task != null) {
                task.cancel(false);
                task = null;
            }
        }
    }

    /** Runs the extend script with the given TTL in ms; true if this lease still owns the lock. */
    private boolean extendScript(String ttlMillis) {
        return Replies.asLong(locks.ops()
                        .executeAcknowledged(
                                RedisLockImpl.EXTEND.call(List.of(target.ownerKey()), List.of(value, ttlMillis)),
                                locks.settings().replicaAck()))
                == 1;
    }

    /** One watchdog renewal; reschedules itself until released or lost. */
    private void renew() {
        if (released || lostReason() != null) {
            return;
        }
        long leaseMs = locks.leaseMillis();
        long sent = locks.settings().clock().millis();
        long next;
        try {
            boolean extended = extendScript(locks.leaseArg());
            if (released) {
                return;
            }
            if (!extended) {
                markLost(LostReason.NOT_OWNER, false);
                return;
            }
            advanceDeadline(sent + leaseMs);
            next = Math.max(1, leaseMs / 3);
        } catch (RuntimeException e) {
            if (released) {
                return;
            }
            long left = deadline - locks.settings().clock().millis();
            if (left <= 0) {
                LOG.debug("renewal of lock '{}' failed past its deadline: {}", target.name(), e.toString());
                markLost(LostReason.UNREACHABLE, false);
                return;
            }
            LOG.debug("renewal of lock '{}' failed, {} ms left: {}", target.name(), left, e.toString());
            next = Math.max(1, Math.min(Math.max(1, leaseMs / 10), left));
        }
        synchronized (state) {
            if (!released && lost == null) {
                task = locks.schedule(this::renew, next);
            }
        }
    }

    /** The deadline timer of a lease without watchdog that has lost callbacks. */
    private void checkDeadline() {
        if (released || lostReason() != null) {
            return;
        }
        long left = deadline - locks.settings().clock().millis();
        if (left <= 0) {
            markLost(LostReason.EXPIRED, false);
            return;
        }
        synchronized (state) {
            if (!released && lost == null) {
                task = locks.schedule(this::checkDeadline, left);
            }
        }
    }

    /** Records the loss once and runs the callbacks registered so far, on the calling thread. */
    private void markLost(LostReason reason, boolean foundByRelease) {
        List<Consumer<LostReason>> toRun;
        synchronized (state) {
            if (lost != null || (released && !foundByRelease)) {
                return;
            }
            lost = reason;
            toRun = List.copyOf(callbacks);
            callbacks.clear();
            if (task != null) {
                task.cancel(false);
                task = null;
            }
        }
        locks.leaseLost(this, reason);
        for (Consumer<LostReason> callback : toRun) {
            run(callback, reason);
        }
    }

    private void run(Consumer<LostReason> callback, LostReason reason) {
        try {
            callback.accept(reason);
        } catch (RuntimeException e) {
            LOG.warn("lost-lease callback for lock '{}' threw", target.name(), e);
        }
    }

    @Override
    public String toString() {
        String st;
        synchronized (state) {
            st = released ? "released" : lost != null ? "lost (" + lost + ")" : "held";
        }
        return "Lease{name=" + target.name() + ", fencingToken=" + fencingToken + ", " + st + '}';
    }
}
