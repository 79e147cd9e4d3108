package dev.redkit.leaderboard;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.SetOnce;
import dev.redkit.leaderboard.internal.LeaderboardSettings;
import dev.redkit.leaderboard.internal.RedisLeaderboard;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link Leaderboard}; {@link Leaderboard#builder(RedisConnector, String)} creates it with the
 * mandatory name. Every option validates at once, naming the field, and may be set once: a second call throws
 * {@link IllegalStateException} naming the earlier value. Not thread-safe; the built leaderboard is.
 */
public final class LeaderboardBuilder {
    private static final Map<Period, Duration> MAX_RETENTION = Map.of(
            Period.DAY,
            Duration.ofDays(1000),
            Period.WEEK,
            Duration.ofDays(7000),
            Period.MONTH,
            Duration.ofDays(30000));

    private final RedisConnector connector;
    private final SetOnce<TiePolicy> ties = SetOnce.withDefault("ties", TiePolicy.LEXICAL);
    private final SetOnce<Order> order = SetOnce.withDefault("order", Order.DESCENDING);
    private final SetOnce<Clock> clock = SetOnce.withDefault("clock", Clock.systemUTC());
    private final SetOnce<ZoneId> zone = SetOnce.withDefault("zone", ZoneId.of("UTC"));
    private final SetOnce<Duration> rollupCacheTtl = SetOnce.withDefault("rollupCacheTtl", Duration.ofSeconds(10));
    private final SetOnce<Integer> maxMemberLength = SetOnce.withDefault("maxMemberLength", 256);
    private final SetOnce<MeterRegistry> meterRegistry = SetOnce.unset("meterRegistry");
    private final String name;
    private final Map<Period, Duration> periods = new EnumMap<>(Period.class);

    LeaderboardBuilder(RedisConnector connector, String name) {
        this.connector = Checks.notNull(connector, "connector");
        this.name = KeySpace.identifier(name, "name");
    }

    /**
     * How equal scores rank; default {@link TiePolicy#LEXICAL}. Changing the policy of an existing board
     * needs a rebuild: {@code DENSE} and {@code EARLIEST_FIRST} keep structures written only under them.
     *
     * @param ties the policy
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public LeaderboardBuilder ties(TiePolicy ties) {
        this.ties.set(Checks.notNull(ties, "ties"));
        return this;
    }

    /**
     * Which scores rank first; default {@link Order#DESCENDING} (highest first).
     *
     * @param order the order
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public LeaderboardBuilder order(Order order) {
        this.order.set(Checks.notNull(order, "order"));
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
    public LeaderboardBuilder period(Period period, Duration retention) {
        Checks.notNull(period, "period");
        if (periods.containsKey(period)) {
            throw new IllegalStateException("period " + period + " was already set to " + periods.get(period));
        }
        Checks.positive(retention, "retention");
        Duration max = MAX_RETENTION.get(period);
        if (retention.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    "retention of " + period + " boards must be at most " + max + ", was " + retention);
        }
        periods.put(period, retention);
        return this;
    }

    /**
     * The zone in which days, weeks and months begin; default UTC.
     *
     * @param zone the zone
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public LeaderboardBuilder zone(ZoneId zone) {
        this.zone.set(Checks.notNull(zone, "zone"));
        return this;
    }

    /**
     * The clock that decides the current period and period boards' expiry; default {@code Clock.systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public LeaderboardBuilder clock(Clock clock) {
        this.clock.set(Checks.notNull(clock, "clock"));
        return this;
    }

    /**
     * How long a computed roll-up is cached in Redis (measured by the Redis server); default 10 seconds.
     *
     * @param ttl the lifetime, positive
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public LeaderboardBuilder rollupCacheTtl(Duration ttl) {
        this.rollupCacheTtl.set(Checks.positive(ttl, "rollupCacheTtl"));
        return this;
    }

    /**
     * The longest member accepted, in characters; default 256, at most 4096.
     *
     * @param length the length
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public LeaderboardBuilder maxMemberLength(int length) {
        this.maxMemberLength.set((int) Checks.between(length, 1, 4096, "maxMemberLength"));
        return this;
    }

    /**
     * The registry for timers {@code redkit.leaderboard.<operation>} tagged with the leaderboard name;
     * default the connector's registry. {@code null} records nothing.
     *
     * @param registry the registry or null
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public LeaderboardBuilder meterRegistry(@Nullable MeterRegistry registry) {
        this.meterRegistry.set(registry);
        return this;
    }

    /**
     * Builds the leaderboard; contacts no server.
     *
     * @return the leaderboard
     */
    public Leaderboard build() {
        return new RedisLeaderboard(
                connector,
                new LeaderboardSettings(
                        name,
                        ties.get(),
                        order.get(),
                        clock.get(),
                        zone.get(),
                        periods,
                        rollupCacheTtl.get(),
                        maxMemberLength.get()),
                meterRegistry.isSet() ? meterRegistry.orNull() : connector.meterRegistry());
    }
}
