package dev.redkit.leaderboard;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The read side of a board: the all-time {@link Leaderboard} itself, one of its
 * {@linkplain Leaderboard#period(Period) period boards} or a cached {@linkplain Leaderboard#rollup(Period, int)
 * roll-up}.
 *
 * <p>Every method is one Redis round trip, whatever the number of entries: one script call that sees one
 * consistent state of the board (ranks, scores and member data of a list all come from the same instant), or,
 * where no script is needed, one pipeline of plain commands. On a stored board (not a roll-up) under any
 * policy but {@link TiePolicy#EARLIEST_FIRST}, {@link #top(int)} is {@code ZRANGE ... WITHSCORES} and an
 * {@code EXISTS} of the member-data hash while this instance has seen no member data (the call that first
 * finds some reads it in a second round trip, and list reads take the script from then on). That
 * {@code ZRANGE} returns scores and ranks of one instant; only member data found by that second round trip may
 * be newer than the scores. {@link #entry(String)} stays one script under every policy, so its score, rank and
 * data always come from one instant.
 * Ranks are 1-based under the board's {@link TiePolicy}; lists are in board order (best first). Methods
 * returning lists never return {@code null}. Thread-safe.
 */
public interface LeaderboardView {

    /**
     * The largest {@code count}, {@code size}, {@code limit} or {@code distance} one read accepts, which bounds
     * the work of one script call ({@link #around} returns up to {@code 2 * distance + 1} entries).
     */
    int MAX_ENTRIES = 10_000;

    /**
     * A member's rank, score and data.
     *
     * @param member the member
     * @return the entry, or empty if the member is not on the board
     * @throws IllegalArgumentException if the member is null, empty or too long
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    Optional<Entry> entry(String member);

    /**
     * The best {@code count} entries.
     *
     * @param count how many, 1 to {@value #MAX_ENTRIES}
     * @return up to {@code count} entries, fewer if the board is smaller
     * @throws IllegalArgumentException if count is out of range
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    List<Entry> top(int count);

    /**
     * A member with up to {@code distance} entries ranked just above and just below it. Near the top or the
     * bottom of the board the window is cut, not shifted: {@code around(first, 2)} returns at most three
     * entries.
     *
     * @param member the member
     * @param distance entries on each side, 0 to {@value #MAX_ENTRIES}
     * @return the entries in board order, including the member; empty if the member is not on the board
     * @throws IllegalArgumentException if the member is invalid or distance is out of range
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    List<Entry> around(String member, int distance);

    /**
     * One page of the board.
     *
     * @param number the 1-based page number; a page beyond the end is empty
     * @param size entries per page, 1 to {@value #MAX_ENTRIES}
     * @return the page with the board's size read in the same round trip
     * @throws IllegalArgumentException if number is less than 1 or size is out of range
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    Page<Entry> page(int number, int size);

    /**
     * The entries whose score lies between two bounds, inclusive, in board order.
     *
     * @param min the lower bound, may be {@code Double.NEGATIVE_INFINITY}
     * @param max the upper bound, may be {@code Double.POSITIVE_INFINITY}
     * @param limit the most entries to return, 1 to {@value #MAX_ENTRIES}
     * @return the first {@code limit} such entries in board order
     * @throws IllegalArgumentException if a bound is NaN, min is greater than max or limit is out of range
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    List<Entry> rangeByScore(double min, double max, int limit);

    /**
     * The number of members on the board.
     *
     * @return the size, 0 for a board never written or expired
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    long size();

    /**
     * The percentage of the board's members whose score is not better than this member's, the member
     * included: 100 for the best score, {@code 100 / size} for a unique worst score. Members with equal scores
     * get the same value under every tie policy.
     *
     * @param member the member
     * @return the percentile in (0, 100], or empty if the member is not on the board
     * @throws IllegalArgumentException if the member is invalid
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    OptionalDouble percentile(String member);
}
