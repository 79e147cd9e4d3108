package dev.redkit.lock.internal;

import dev.redkit.core.RedisOps;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The one release subscription of a lock instance, shared by all its waiting acquires. A release
 * message names a lock (by its hash tag) and wakes one waiter of that lock that has no wake-up pending;
 * a (re)subscription wakes every waiter, since messages sent while disconnected are lost. The
 * subscription starts with the first waiter and lives until {@link #close()}. Thread-safe; the subscription
 * state is guarded by a {@link ReentrantLock}, not a monitor, since subscribing reaches into the connection pool.
 */
final class ReleaseNotifier implements RedisOps.MessageListener {

    private final RedisOps ops;
    private final String channel;
    private final ConcurrentMap<String, Queue<Waiter>> waiters = new ConcurrentHashMap<>();
    private final ReentrantLock state = new ReentrantLock();
    private RedisOps.@Nullable Subscription subscription;
    private boolean closed;

    ReleaseNotifier(RedisOps ops, String channel) {
        this.ops = ops;
        this.channel = channel;
    }

    /**
     * Registers a waiter for a lock, then subscribes if needed (in this order, so that the wake-up of the
     * first subscription reaches it). The caller must
     * {@link #unregister(Waiter, boolean)} it in a {@code finally} block.
     */
    Waiter register(String tag) {
        Waiter w = new Waiter(tag);
        waiters.compute(tag, (k, q) -> {
            Queue<Waiter> queue = q == null ? new ConcurrentLinkedQueue<>() : q;
            queue.add(w);
            return queue;
        });
        try {
            ensureSubscribed();
        } catch (RuntimeException e) {
            unregister(w, false);
            throw e;
        }
        return w;
    }

    /**
     * Removes a waiter; if it leaves with a wake-up it did not use, passes the wake-up on to another
     * waiter of the same lock so that it is not lost.
     */
    void unregister(Waiter w, boolean passOnUnusedWakeUp) {
        waiters.computeIfPresent(w.tag, (k, q) -> {
            q.remove(w);
            return q.isEmpty() ? null : q;
        });
        if (passOnUnusedWakeUp && w.hasWakeUp()) {
            wakeOne(w.tag);
        }
    }

    /**
     * Whether other waiters of the same lock are registered here: a waiter that wins the lock then keeps
     * the lock's waiters marker, since they were not woken and will not mark it before their next attempt.
     */
    boolean othersWaiting(Waiter w) {
        Queue<Waiter> queue = waiters.get(w.tag);
        return queue != null && queue.stream().anyMatch(other -> other != w);
    }

    private void ensureSubscribed() {
        state.lock();
        try {
            if (closed) {
                throw new IllegalStateException("RedisLock is closed");
            }
            if (subscription == null) {
                subscription = ops.subscribe(channel, this);
            }
        } finally {
            state.unlock();
        }
    }

    @Override
    public void onMessage(String ch, byte[] message) {
        wakeOne(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public void onSubscribed() {
        wakeAll();
    }

    private void wakeOne(String tag) {
        Queue<Waiter> queue = waiters.get(tag);
        if (queue == null) {
            return;
        }
        for (Waiter w : queue) {
            if (!w.hasWakeUp()) {
                w.wake();
                return;
            }
        }
    }

    private void wakeAll() {
        waiters.values().forEach(q -> q.forEach(Waiter::wake));
    }

    /** Ends the subscription and wakes every waiter, which then sees the instance closed. */
    void close() {
        RedisOps.Subscription s;
        state.lock();
        try {
            closed = true;
            s = subscription;
            subscription = null;
        } finally {
            state.unlock();
        }
        if (s != null) {
            s.close();
        }
        wakeAll();
    }

    /** One waiting acquire: a semaphore that a release message or a resubscription signals. */
    static final class Waiter {
        final String tag;
        private final Semaphore wakeUps = new Semaphore(0);

        Waiter(String tag) {
            this.tag = tag;
        }

        /** Waits for a wake-up; returns false when the time ran out first. */
        boolean await(long nanos) throws InterruptedException {
            return wakeUps.tryAcquire(nanos, TimeUnit.NANOSECONDS);
        }

        /** Forgets wake-ups that arrived before the attempt about to be made. */
        void clear() {
            wakeUps.drainPermits();
        }

        boolean hasWakeUp() {
            return wakeUps.availablePermits() > 0;
        }

        void wake() {
            wakeUps.release();
        }
    }
}
