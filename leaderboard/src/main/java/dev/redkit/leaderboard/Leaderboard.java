package dev.redkit.leaderboard;

import dev.redkit.core.Codec;
import dev.redkit.core.RedisConnector;
import java.time.LocalDate;

/**
 * A named leaderboard on Redis: members with scores, ranked under a {@link TiePolicy}, with optional member
 * data (display name, avatar) returned beside each entry, and optional daily, weekly and monthly boards that
 * every write updates too, that expire by themselves and that roll up server-side.
 * <!-- snippet: LeaderboardSnippets#leaderboard -->
 * <pre>{@code
 * Leaderboard referrals = Leaderboard.builder(connector, "referrals")
 *         .ties(TiePolicy.COMPETITION)
 *         .period(Period.DAY, Duration.ofDays(8))
 *         .build();
 * referrals.increment("user-42", 150.0);
 * List<Entry> top = referrals.top(10);
 * Optional<Entry> me = referrals.entry("user-42");
 * List<Entry> near = referrals.around("user-42", 2); // two above, two below
 * List<Entry> week = referrals.rollup(Period.DAY, 7).top(10);
 * }</pre>
 *
 * <h2>Atomicity and round trips</h2>
 * Every write is one Lua script that updates the all-time board, each configured period's current board and
 * the tie-policy structures together; every read is one script, or one pipeline of plain commands where no
 * script is needed ({@code top} on a board without member data: see {@link LeaderboardView}).
 * All keys of one leaderboard name share one hash tag, so this holds on Redis Cluster too.
 *
 * <h2>Members and scores</h2>
 * Members are untrusted strings stored as sorted-set members (never as key parts): non-empty, at most
 * {@link LeaderboardBuilder#maxMemberLength(int)} characters, no unpaired surrogates. Scores are finite {@code double}s.
 *
 * <h2>Retries</h2>
 * On Cluster a write whose reply timed out may be re-sent by the driver (see
 * {@link dev.redkit.core.RedisConfig}): a repeated {@link #increment} counts twice; {@link #setScore},
 * {@link #setScoreIfHigher}, {@link #setScoreIfLower} and {@link #remove} are idempotent.
 *
 * <p>Instances are immutable and thread-safe; build one per name and share it.
 */
public interface Leaderboard extends LeaderboardView {

    /**
     * Starts configuring a leaderboard.
     *
     * @param connector the connector
     * @param name the leaderboard name, an identifier ({@code a-z 0-9 . _ -}); all its keys share this hash tag
     * @return a builder
     * @throws IllegalArgumentException if an argument is null or the name is not an identifier
     */
    static LeaderboardBuilder builder(RedisConnector connector, String name) {
        return new LeaderboardBuilder(connector, name);
    }

    /**
     * Adds to a member's score (the member starts at 0), on the all-time board and every current period board.
     *
     * @param member the member
     * @param delta the amount, finite, may be negative
     * @return the member's all-time score after the increment
     * @throws IllegalArgumentException if the member is invalid, delta is not finite, or the sum would overflow
     *     to infinity (nothing is written then)
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    double increment(String member, double delta);

    /**
     * Sets a member's score on the all-time board and every current period board.
     *
     * @param member the member
     * @param score the score, finite
     * @throws IllegalArgumentException if the member is invalid or the score is not finite
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    void setScore(String member, double score);

    /**
     * Sets a member's score where it is absent or lower, atomically, on each board independently (a period
     * board keeps the best score of its period). A concurrent write can never be lowered by this one.
     *
     * @param member the member
     * @param score the score, finite
     * @return whether the all-time score changed
     * @throws IllegalArgumentException if the member is invalid or the score is not finite
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    boolean setScoreIfHigher(String member, double score);

    /**
     * Sets a member's score where it is absent or higher, atomically, on each board independently.
     *
     * @param member the member
     * @param score the score, finite
     * @return whether the all-time score changed
     * @throws IllegalArgumentException if the member is invalid or the score is not finite
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    boolean setScoreIfLower(String member, double score);

    /**
     * Removes a member from the all-time board and from every period board still retained, and deletes its
     * member data, atomically. <b>Cached roll-ups keep showing the member until they expire</b>
     * ({@link LeaderboardBuilder#rollupCacheTtl(Duration)}).
     *
     * @param member the member
     * @return whether the member was on the all-time board
     * @throws IllegalArgumentException if the member is invalid
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    boolean remove(String member);

    /**
     * Stores data returned with the member's entries (a display name, an avatar URL, a small JSON document).
     * Data never expires by itself; {@link #remove(String)} deletes it. A member need not be on the board.
     *
     * @param member the member
     * @param data the data, at most {@value #MAX_DATA_LENGTH} characters
     * @throws IllegalArgumentException if the member is invalid or data is null, empty or too long
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    void setData(String member, String data);

    /**
     * Stores data encoded by a codec that produces UTF-8 text (such as {@link dev.redkit.core.Codecs#json(Class)});
     * read it back with {@link Entry#data(Codec)}.
     *
     * @param member the member
     * @param data the data
     * @param codec the codec
     * @param <T> the data type
     * @throws IllegalArgumentException if the member is invalid, data is null or its encoding too long
     * @throws dev.redkit.core.CodecException if the data cannot be encoded
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    <T> void setData(String member, T data, Codec<T> codec);

    /** The longest member data accepted, in characters. */
    int MAX_DATA_LENGTH = 65_536;

    /**
     * The board of the current period, as the configured clock and zone see it now.
     *
     * @param period a period configured with {@link LeaderboardBuilder#period(Period, Duration)}
     * @return a read-only view of that board
     * @throws IllegalStateException if the period is not configured
     */
    LeaderboardView period(Period period);

    /**
     * The board of the period containing a date; empty once expired.
     *
     * @param period a configured period
     * @param date a date in the configured zone
     * @return a read-only view of that board
     * @throws IllegalStateException if the period is not configured
     * @throws IllegalArgumentException if date is null
     */
    LeaderboardView period(Period period, LocalDate date);

    /**
     * The sum of the last {@code count} boards of a period, the current one included ({@code rollup(DAY, 7)}
     * is "the last 7 days"), computed server-side with {@code ZUNIONSTORE} on first read and cached in Redis for
     * {@link LeaderboardBuilder#rollupCacheTtl(Duration)}, so <b>a roll-up may lag writes by up to that long</b>. Boards
     * already expired count as empty. Under {@link TiePolicy#EARLIEST_FIRST} equal totals are ranked as
     * {@link TiePolicy#COMPETITION}. Each read is still one round trip; a read that refreshes the cache costs
     * O(N log N) on the server for N members of the summed boards (and an O(N) pass for {@link TiePolicy#DENSE}).
     *
     * @param period a configured period
     * @param count how many periods, 1 to 366
     * @return a read-only view of the roll-up
     * @throws IllegalStateException if the period is not configured
     * @throws IllegalArgumentException if count is out of range
     */
    LeaderboardView rollup(Period period, int count);

    /** @return the leaderboard name */
    String name();
}
