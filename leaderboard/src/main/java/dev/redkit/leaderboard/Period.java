package dev.redkit.leaderboard;

/**
 * A calendar period with its own board. Periods are computed from the leaderboard's
 * {@link LeaderboardBuilder#clock(java.time.Clock) clock} in its {@link LeaderboardBuilder#zone(java.time.ZoneId)
 * zone} (default UTC): a day runs from midnight to midnight, a week from Monday to Monday (ISO-8601), a month
 * from the first day to the first day of the next month.
 */
public enum Period {
    /** A calendar day. */
    DAY,
    /** An ISO-8601 week, Monday to Sunday. */
    WEEK,
    /** A calendar month. */
    MONTH
}
