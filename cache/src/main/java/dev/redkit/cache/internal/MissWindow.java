package dev.redkit.cache.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The outcome of the last {@value #SIZE} Redis reads of one cache's gets, one bit each (1 = miss), which picks
 * the read path of the next get: the lease script while at least {@value #SCRIPT_AT} of them missed (1 in 4),
 * the plain read otherwise. A new cache, and one whose generation changed ({@code invalidateAll}), starts as if
 * every read had missed: a cold cache reads through the script, and moves to the plain read after
 * {@value #HITS_TO_WARM} hits in a row.
 *
 * <p>Lock-free and allocation-free: one {@link AtomicLong}. A hit on a window without misses writes nothing,
 * so a warm cache's gets only read it; an outcome that loses a race with another thread's is dropped (the
 * window is an estimate). Thread-safe.
 */
final class MissWindow {

    /** The number of reads remembered. */
    static final int SIZE = Long.SIZE;
    /** The number of misses among the last {@value #SIZE} reads from which gets read through the script. */
    static final int SCRIPT_AT = SIZE / 4;
    /** Hits in a row that take a new (all-miss) window below {@value #SCRIPT_AT} misses. */
    static final int HITS_TO_WARM = SIZE - SCRIPT_AT + 1;

    private static final long COLD = -1L;

    private final AtomicLong misses = new AtomicLong(COLD);

    /** @return whether the next get should read through the lease script (misses are frequent) */
    boolean missesFrequent() {
        return Long.bitCount(misses.get()) >= SCRIPT_AT;
    }

    /** Forgets the outcomes: the cache is cold again (its generation changed). */
    void coldStart() {
        misses.set(COLD);
    }

    /** Records the outcome of one Redis read. */
    void record(boolean miss) {
        long before = misses.get();
        long after = (before << 1) | (miss ? 1 : 0);
        if (after != before) {
            misses.compareAndSet(before, after);
        }
    }
}
