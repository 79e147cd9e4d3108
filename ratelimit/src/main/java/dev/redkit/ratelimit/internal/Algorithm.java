package dev.redkit.ratelimit.internal;

import dev.redkit.core.LuaScript;
import dev.redkit.ratelimit.Limit;
import java.util.List;

/**
 * The algorithms, each one Lua script and a key suffix that keeps their keys apart. The suffix also names
 * the stored format: the counters moved from hashes to strings under new suffixes ({@code fw2}, {@code sw2},
 * {@code gcra2}), so a rolling deploy that mixes versions on one Redis counts on separate keys for the
 * length of one window instead of failing with {@code WRONGTYPE}.
 */
public enum Algorithm {

    /** Counter per window aligned to the epoch. */
    FIXED_WINDOW("fw2"),
    /** Weighted count of the current and previous window. */
    SLIDING_WINDOW("sw2"),
    /** Sorted set of the times of every permit granted within one window. */
    SLIDING_LOG("sl"),
    /** Theoretical arrival time of the generic cell rate algorithm. */
    GCRA("gcra2");

    /** The arguments and the Redis clock every limiter script shares, in front of each. */
    private static final LuaScript LIMITER = LuaScript.fromResource(Algorithm.class, "limiter.lua");

    private static final LuaScript FIXED_WINDOW_SCRIPT = script("fixed-window.lua");
    private static final LuaScript SLIDING_WINDOW_SCRIPT = script("sliding-window.lua");
    private static final LuaScript SLIDING_LOG_SCRIPT = script("sliding-log.lua");
    private static final LuaScript GCRA_SCRIPT = script("gcra.lua");

    private final String keyPrefix;

    Algorithm(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    private static LuaScript script(String resource) {
        return LuaScript.fromResource(Algorithm.class, resource).withLibrary(LIMITER);
    }

    /** @return the script that checks, and optionally consumes, every limit of a limiter */
    public LuaScript script() {
        switch (this) {
            case FIXED_WINDOW:
                return FIXED_WINDOW_SCRIPT;
            case SLIDING_WINDOW:
                return SLIDING_WINDOW_SCRIPT;
            case SLIDING_LOG:
                return SLIDING_LOG_SCRIPT;
            default:
                return GCRA_SCRIPT;
        }
    }

    /**
     * The key suffix of one limit: the algorithm and the window, so that a changed window or algorithm
     * starts from fresh keys while a changed number of permits keeps counting on the same key.
     *
     * @param limit the limit
     * @return for example {@code fw2-60000}
     */
    public String keySuffix(Limit limit) {
        return keyPrefix + '-' + limit.window().toMillis();
    }

    /**
     * The most permits one request can ever get from a limit.
     *
     * @param limit the limit
     * @return the burst for GCRA, else the permits per window
     */
    public long capacity(Limit limit) {
        return this == GCRA ? limit.burst() : limit.permits();
    }

    static List<LuaScript> scripts() {
        return List.of(FIXED_WINDOW_SCRIPT, SLIDING_WINDOW_SCRIPT, SLIDING_LOG_SCRIPT, GCRA_SCRIPT);
    }
}
