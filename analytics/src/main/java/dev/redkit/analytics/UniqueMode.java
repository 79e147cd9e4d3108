package dev.redkit.analytics;

/** How {@link UniqueCounts} and {@link ActiveUsers} count distinct members. */
public enum UniqueMode {
    /**
     * HyperLogLog (the default): at most about 12 KB per day and dimension whatever the number of
     * members, with a standard error of 0.81% (counts below a few hundred are nearly exact).
     */
    HYPERLOGLOG,
    /**
     * Redis sets: exact counts, but memory grows with every member (roughly 50-100 bytes each) and a
     * multi-day count transfers every member into the script. Only for small cardinalities.
     */
    EXACT
}
