package dev.redkit.leaderboard;

import dev.redkit.core.spi.Checks;
import dev.redkit.core.Codec;
import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.leaderboard.internal.RedisLeaderboard;
import dev.redkit.leaderboard.internal.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/**
 * A named leaderboard on Redis: members with scores, ranked under a {@link TiePolicy}, with optional member
 * data (display name, avatar) returned beside each entry, and optional daily, weekly and monthly boards that
 * every write updates too, that expire by themselves and that roll up server-side.
 * <pre>{@code
 * Leaderboard referrals = Leaderboard.builder(connector, "referrals")
 *     .ties(TiePolicy.COMPETITION)
 *     .period(Period.DAY, Duration.ofDays(8))
 *     .build();
 * referrals.increment("user-42", 150.0);
 * List<Entry> top = referrals.top(10);
 * Optional<Entry> me = referrals.entry("user-42");
 * List<Entry> near = referrals.around("user-42", 2);    // two above, two below
 * List<Entry> week = referrals.rollup(Period.DAY, 7).top(10);
 * }</pre>
 *
 * <h2>Atomicity and round trips</h2>
 * Every write is one Lua script that updates the all-time board, each configured period's current board and
 * the tie-policy structures together; every read is one script. All keys of one leaderboard name share one
 * hash tag, so this holds on Redis Cluster too.
 *
 * <h2>Members and scores</h2>
 * Members are untrusted strings stored as sorted-set members (never as key parts): non-empty, at most
 * {@link Builder#maxMemberLength(int)} characters, no unpaired surrogates. Scores are finite {@code double}s.
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
    static Builder builder(RedisConnector connector, String name) {
        return new Builder(connector, name);
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
     * ({@link Builder#rollupCacheTtl(Duration)}).
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
     * @param period a period configured with {@link Builder#period(Period, Duration)}
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
     * {@link Builder#rollupCacheTtl(Duration)}, so <b>a roll-up may lag writes by up to that long</b>. Boards
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

    /**
     * Configures a {@link Leaderboard}. Every setter validates at once and may be called only once. Not
     * thread-safe.
     */
    final class Builder {
        private static final Map<Period, Duration> MAX_RETENTION = Map.of(Period.DAY, Duration.ofDays(1000),
                Period.WEEK, Duration.ofDays(7000), Period.MONTH, Duration.ofDays(30000));

        private final RedisConnector connector;
        private final String name;
        private TiePolicy ties;
        private Order order;
        private Clock clock;
        private ZoneId zone;
        private Duration rollupCacheTtl;
        private Integer maxMemberLength;
        private MeterRegistry meterRegistry;
        private boolean meterRegistrySet;
        private final Map<Period, Duration> periods = new EnumMap<>(Period.class);

        private Builder(RedisConnector connector, String name) {
            this.connector = Checks.notNull(connector, "connector");
            this.name = KeySpace.identifier(name, "name");
        }

        /**
         * How equal scores rank; default {@link TiePolicy#LEXICAL}. Changing the policy of an existing board
         * needs a rebuild: {@code DENSE} and {@code EARLIEST_FIRST} keep structures written only under them.
         *
         * @param ties the policy
         * @return this builder
         */
        public Builder ties(TiePolicy ties) {
            once(this.ties, "ties");
            this.ties = Checks.notNull(ties, "ties");
            return this;
        }

        /**
         * Which scores rank first; default {@link Order#DESCENDING} (highest first).
         *
         * @param order the order
         * @return this builder
         */
        public Builder order(Order order) {
            once(this.order, "order");
            this.order = Checks.notNull(order, "order");
            return this;
        }

        /**
         * Keeps a board per period, written by every write beside the all-time board. The board of a period
         * expires {@code retention} after the period ends ({@code PEXPIREAT} set by each write from this
         * leaderboard's clock).
         *
         * @param period the period
         * @param retention how long after its end a period's board is kept, positive, at most 1000 periods
         *     (1000 days, 7000 days, 30000 days)
         * @return this builder
         * @throws IllegalStateException if the period is already configured
         */
        public Builder period(Period period, Duration retention) {
            Checks.notNull(period, "period");
            if (periods.containsKey(period)) {
                throw new IllegalStateException("period " + period + " is already configured");
            }
            Checks.positive(retention, "retention");
            Duration max = MAX_RETENTION.get(period);
            if (retention.compareTo(max) > 0) {
                throw new IllegalArgumentException("retention of " + period + " boards must be at most " + max
                        + ", was " + retention);
            }
            periods.put(period, retention);
            return this;
        }

        /**
         * The zone in which days, weeks and months begin; default UTC.
         *
         * @param zone the zone
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            once(this.zone, "zone");
            this.zone = Checks.notNull(zone, "zone");
            return this;
        }

        /**
         * The clock that decides the current period and period boards' expiry; default {@code Clock.systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            once(this.clock, "clock");
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /**
         * How long a computed roll-up is cached in Redis (measured by the Redis server); default 10 seconds.
         *
         * @param ttl the lifetime, positive
         * @return this builder
         */
        public Builder rollupCacheTtl(Duration ttl) {
            once(this.rollupCacheTtl, "rollupCacheTtl");
            this.rollupCacheTtl = Checks.positive(ttl, "rollupCacheTtl");
            return this;
        }

        /**
         * The longest member accepted, in characters; default 256, at most 4096.
         *
         * @param length the length
         * @return this builder
         */
        public Builder maxMemberLength(int length) {
            once(this.maxMemberLength, "maxMemberLength");
            this.maxMemberLength = (int) Checks.between(length, 1, 4096, "maxMemberLength");
            return this;
        }

        /**
         * The registry for timers {@code redkit.leaderboard.<operation>} tagged with the leaderboard name;
         * default the connector's registry. {@code null} records nothing.
         *
         * @param registry the registry or null
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            if (meterRegistrySet) {
                throw new IllegalStateException("meterRegistry is already set");
            }
            this.meterRegistry = registry;
            this.meterRegistrySet = true;
            return this;
        }

        /**
         * Builds the leaderboard; contacts no server.
         *
         * @return the leaderboard
         */
        public Leaderboard build() {
            return new RedisLeaderboard(connector, new Settings(name,
                    ties == null ? TiePolicy.LEXICAL : ties,
                    order == null ? Order.DESCENDING : order,
                    clock == null ? Clock.systemUTC() : clock,
                    zone == null ? ZoneId.of("UTC") : zone,
                    periods,
                    rollupCacheTtl == null ? Duration.ofSeconds(10) : rollupCacheTtl,
                    maxMemberLength == null ? 256 : maxMemberLength),
                    meterRegistrySet ? meterRegistry : connector.meterRegistry());
        }

        private static void once(Object current, String field) {
            if (current != null) {
                throw new IllegalStateException(field + " is already set");
            }
        }
    }
}
