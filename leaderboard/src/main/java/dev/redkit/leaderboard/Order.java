package dev.redkit.leaderboard;

/** Which scores rank first. */
public enum Order {
    /** Highest score first (points, earnings, clicks): the default. */
    DESCENDING,
    /** Lowest score first (lap times, golf strokes). */
    ASCENDING
}
