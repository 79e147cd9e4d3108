package dev.redkit.cache.internal;

import dev.redkit.core.spi.Replies;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The cache generation this instance reads under ({@code invalidateAll} increments it in Redis), and when it
 * was last read. A change clears the near cache and starts the read path's {@link MissWindow} cold (every
 * key misses under a new generation). Thread-safe.
 */
final class Generation {

    private static final long UNKNOWN = Long.MIN_VALUE;

    private final long intervalMs;
    private final @Nullable NearCache<?> near;
    private final MissWindow misses;
    private final AtomicLong value = new AtomicLong();
    private volatile long readAt = UNKNOWN;

    /**
     * @param intervalMs how long a read generation is trusted; zero to read it with every get
     * @param near the near cache to clear on a change, or {@code null}
     * @param misses the read path's window, started cold on a change
     */
    Generation(long intervalMs, @Nullable NearCache<?> near, MissWindow misses) {
        this.intervalMs = intervalMs;
        this.near = near;
        this.misses = misses;
    }

    /** @return whether the next read must fetch the generation from Redis */
    boolean needsCheck(long now) {
        return intervalMs == 0 || readAt == UNKNOWN || now - readAt >= intervalMs;
    }

    /** @return the generation last seen */
    long current() {
        return value.get();
    }

    /** Records a generation read from Redis (or announced by another instance) at {@code now}. */
    void note(long generation, long now) {
        long previous = value.getAndSet(generation);
        readAt = now;
        if (previous != generation) {
            misses.coldStart();
            if (near != null) {
                near.clear();
            }
        }
    }

    /** Forgets when the generation was read, so that the next get reads it (after a resubscription). */
    void forget() {
        readAt = UNKNOWN;
    }

    /** @return the generation in a {@code GET} reply; 0 before the first {@code invalidateAll} */
    static long parse(@Nullable Object reply) {
        return reply == null ? 0 : Replies.asLong(reply);
    }
}
