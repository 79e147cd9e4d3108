package dev.redkit.core;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The fair queue in front of the connection pool: one turn per pooled connection, so a call that has its turn
 * always finds a free connection, and callers beyond the pool wait in arrival order (a fair {@link Semaphore})
 * instead of racing for the pool, whose waiters are served in no fixed order.
 *
 * <p>A caller waits for at most the part of its {@linkplain RedisConfig#callTimeout() call deadline} that
 * leaves room for the call itself to run (see {@link #enter(Object, long)}); at most
 * {@link RedisConfig#maxQueuedCalls()} callers wait at once, and one more fails at once. Either failure is a
 * {@link RedisUnavailableException} with {@code mayHaveBeenApplied() == false}: nothing was sent.
 *
 * <p>On Cluster the pool is per node and the gate admits {@code maxConnections} calls in all, so no node's
 * pool can run out because of Redkit's calls. A subscription holds a turn for as long as it holds its
 * connection. Thread-safe; holds no monitor while waiting, so waiting virtual threads unmount.
 */
final class CallGate {

    private final Semaphore turns;
    private final int size;
    private final int maxWaiters;
    private final AtomicInteger waiters = new AtomicInteger();
    private final long callTimeoutNanos;
    private final long runBudgetNanos;
    private final String endpoint;
    private volatile @Nullable Timer waitTimer;

    /**
     * @param size turns, one per pooled connection
     * @param maxWaiters the most callers that wait at once
     * @param callTimeout the whole-call deadline
     * @param runBudget the time a call needs once it has its turn; a caller gets its turn only while this much
     *     of its deadline is left
     * @param endpoint for messages
     */
    CallGate(int size, int maxWaiters, Duration callTimeout, Duration runBudget, String endpoint) {
        this.turns = new Semaphore(size, true);
        this.size = size;
        this.maxWaiters = maxWaiters;
        this.callTimeoutNanos = callTimeout.toNanos();
        this.runBudgetNanos = runBudget.toNanos();
        this.endpoint = endpoint;
    }

    /**
     * Registers the gauges {@code redkit.pool.in_use}, {@code redkit.pool.waiters} and {@code redkit.pool.size}
     * and the timer {@code redkit.pool.wait} (each call's wait for its turn), tagged with the client name.
     */
    void bindTo(MeterRegistry registry, String clientName) {
        Gauge.builder("redkit.pool.in_use", this, CallGate::inUse)
                .tag("client", clientName)
                .description("Redis calls holding a pooled connection")
                .register(registry);
        Gauge.builder("redkit.pool.waiters", this, CallGate::waiters)
                .tag("client", clientName)
                .description("Redis calls waiting for their turn at the connection pool")
                .register(registry);
        Gauge.builder("redkit.pool.size", this, g -> g.size)
                .tag("client", clientName)
                .description("Redis calls the pool serves at once")
                .register(registry);
        waitTimer = Timer.builder("redkit.pool.wait")
                .tag("client", clientName)
                .description("time a Redis call waited for its turn at the connection pool")
                .register(registry);
    }

    /**
     * Waits, in arrival order, for a turn: for at most {@code callTimeout - runBudget} after {@code callStart}.
     *
     * @param what the call, turned into text only for a failure's message (the common case allocates nothing): a
     *     {@link RedisCommand}, a {@code List} of them (a pipeline) or a {@code String}
     * @param callStart {@link System#nanoTime()} when the call was made
     * @throws RedisUnavailableException (nothing sent) if the deadline leaves no room to run the call, if
     *     {@code maxQueuedCalls} callers are already waiting, or if the thread was interrupted (its interrupt
     *     flag is set again)
     */
    void enter(Object what, long callStart) {
        try {
            // with a timeout, tryAcquire honours the queue: no caller barges past the ones already waiting
            if (turns.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                record(0);
                return;
            }
        } catch (InterruptedException e) {
            throw interrupted(what, e);
        }
        if (waiters.incrementAndGet() > maxWaiters) {
            waiters.decrementAndGet();
            record(System.nanoTime() - callStart);
            throw new RedisUnavailableException(
                    endpoint,
                    "no free connection in the pool for " + describe(what) + " and " + maxWaiters
                            + " callers already waiting (maxQueuedCalls); nothing was sent",
                    null,
                    false);
        }
        boolean entered;
        try {
            long waitNanos = callStart + callTimeoutNanos - runBudgetNanos - System.nanoTime();
            entered = turns.tryAcquire(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw interrupted(what, e);
        } finally {
            waiters.decrementAndGet();
            record(System.nanoTime() - callStart);
        }
        if (!entered) {
            throw new RedisUnavailableException(
                    endpoint,
                    "no free connection in the pool for " + describe(what)
                            + " in time for its call deadline (callTimeout "
                            + Duration.ofNanos(callTimeoutNanos).toMillis()
                            + " ms, of which "
                            + Duration.ofNanos(callTimeoutNanos - runBudgetNanos)
                                    .toMillis()
                            + " ms may be spent waiting; " + size + " connections busy, " + waiters.get()
                            + " callers waiting); nothing was sent",
                    null,
                    false);
        }
    }

    private RedisUnavailableException interrupted(Object what, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new RedisUnavailableException(
                endpoint,
                "interrupted while waiting for a pooled connection for " + describe(what) + "; nothing was sent",
                e,
                false);
    }

    /** The text for {@code what} in a message: {@code script <name>}, the command's name, or the pipeline's size. */
    static String describe(Object what) {
        if (what instanceof RedisCommand) {
            return JedisErrors.describe((RedisCommand) what);
        }
        if (what instanceof List) {
            return "pipeline of " + ((List<?>) what).size() + " commands";
        }
        return String.valueOf(what);
    }

    private void record(long waitedNanos) {
        Timer t = waitTimer;
        if (t != null) {
            t.record(waitedNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Ends a turn that {@link #enter(Object, long)} or {@link #enterForSubscription()} began. */
    void leave() {
        turns.release();
    }

    /** Waits for a turn without a deadline (a subscription's own thread); returns false if interrupted. */
    boolean enterForSubscription() {
        try {
            turns.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the calls holding a turn now */
    int inUse() {
        return size - turns.availablePermits();
    }

    /** @return the callers waiting for a turn now */
    int waiters() {
        return waiters.get();
    }
}
