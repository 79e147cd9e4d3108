package dev.redkit.core;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClusterClient;

/**
 * Refreshes a Cluster client's slot map after a failed call, at most once per {@link #MIN_INTERVAL_MILLIS} and by
 * one thread at a time, so that a failover is followed without a refresh storm: Jedis refreshes the map on
 * {@code MOVED} and on repeated connection failures of a single command, but not for pipelines (which the cache's
 * Cluster reads and every strict-mode write use), so without this they kept dialling a dead master.
 */
final class ClusterTopology {

    /** The shortest time between two refreshes started here. */
    static final long MIN_INTERVAL_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTopology.class);
    private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MILLIS);

    private final RedisClusterClient client;
    private final ReentrantLock refreshing = new ReentrantLock();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long lastStarted = System.nanoTime() - MIN_INTERVAL_NANOS;
    private volatile long lastCompletedStart = System.nanoTime() - MIN_INTERVAL_NANOS;

    ClusterTopology(RedisClusterClient client) {
        this.client = client;
    }

    /**
     * Refreshes the slot map on {@code executor} unless a refresh ran less than the minimum interval ago or is
     * already scheduled, so that a failed call is not made slower by a refresh it does not wait for (a refresh
     * that meets a hanging node can take a socket timeout).
     *
     * @param executor where the refresh runs
     */
    void refreshInBackground(Executor executor) {
        if (System.nanoTime() - lastStarted < MIN_INTERVAL_NANOS || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    refreshAfter(System.nanoTime());
                } finally {
                    scheduled.set(false);
                }
            });
        } catch (RejectedExecutionException closed) {
            scheduled.set(false);
        }
    }

    /**
     * Refreshes the slot map unless a refresh ran less than the minimum interval ago or is running now.
     *
     * @param failedAt {@link System#nanoTime()} when the caller's failure happened
     * @return whether a refresh that started after {@code failedAt} has completed, so a retry may use a fresh map
     */
    boolean refreshAfter(long failedAt) {
        if (lastCompletedStart - failedAt >= 0) {
            return true;
        }
        if (System.nanoTime() - lastStarted < MIN_INTERVAL_NANOS || !refreshing.tryLock()) {
            return false;
        }
        try {
            long start = System.nanoTime();
            if (start - lastStarted < MIN_INTERVAL_NANOS) {
                return lastCompletedStart - failedAt >= 0;
            }
            lastStarted = start;
            client.refreshClusterTopology();
            lastCompletedStart = start;
            LOG.debug("refreshed the Cluster slot map after a failed call");
            return start - failedAt >= 0;
        } catch (RuntimeException e) {
            LOG.debug("refreshing the Cluster slot map failed: {}", e.toString());
            return false;
        } finally {
            refreshing.unlock();
        }
    }
}
