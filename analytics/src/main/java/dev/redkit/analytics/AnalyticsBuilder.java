package dev.redkit.analytics;

import dev.redkit.analytics.internal.RedisAnalytics;
import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.SetOnce;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Configures an {@link Analytics} instance; {@link Analytics#builder(RedisConnector, String)} creates it with the
 * mandatory name. Every option validates at once with a message naming the field and may be set once: a second
 * call throws {@link IllegalStateException} naming the earlier value. The options end up in the instance's
 * immutable {@link AnalyticsConfig}. Not thread-safe; the built instance is.
 * <!-- snippet: AnalyticsSnippets#analyticsBuilder -->
 * <pre>{@code
 * Analytics analytics = Analytics.builder(connector, "shop")
 *         .zone(ZoneId.of("Europe/Berlin"))
 *         .retention(Granularity.MINUTE, Duration.ofHours(2))
 *         .trendingHalfLife(Duration.ofHours(6))
 *         .build();
 * }</pre>
 */
public final class AnalyticsBuilder {
    private final RedisConnector connector;
    private final SetOnce<Clock> clock = SetOnce.withDefault("clock", Clock.systemUTC());
    private final SetOnce<ZoneId> zone = SetOnce.withDefault("zone", ZoneId.of("UTC"));
    private final SetOnce<Duration> uniqueRetention = SetOnce.withDefault("uniqueRetention", Duration.ofDays(35));
    private final SetOnce<UniqueMode> uniqueMode = SetOnce.withDefault("uniqueMode", UniqueMode.HYPERLOGLOG);
    private final SetOnce<Duration> unionCacheTtl = SetOnce.withDefault("unionCacheTtl", Duration.ofSeconds(30));
    private final SetOnce<Duration> trendingHalfLife = SetOnce.withDefault("trendingHalfLife", Duration.ofHours(6));
    private final SetOnce<Integer> trendingMaxMembers = SetOnce.withDefault("trendingMaxMembers", 1000);
    private final SetOnce<Integer> maxDimensionsPerMetric = SetOnce.withDefault("maxDimensionsPerMetric", 0);
    private final SetOnce<Duration> activeWindow = SetOnce.withDefault("activeWindow", Duration.ofMinutes(5));
    private final SetOnce<MeterRegistry> meterRegistry = SetOnce.unset("meterRegistry");
    private final String name;
    private final Map<Granularity, SetOnce<Duration>> retention = new EnumMap<>(Granularity.class);

    AnalyticsBuilder(RedisConnector connector, String name) {
        this.connector = Checks.notNull(connector, "connector");
        this.name = KeySpace.identifier(name, "name");
        retention.put(Granularity.MINUTE, SetOnce.withDefault("retention.MINUTE", Duration.ofHours(3)));
        retention.put(Granularity.HOUR, SetOnce.withDefault("retention.HOUR", Duration.ofDays(8)));
        retention.put(Granularity.DAY, SetOnce.withDefault("retention.DAY", Duration.ofDays(90)));
    }

    /**
     * Sets the clock for bucket boundaries, key expiry and trending decay.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public AnalyticsBuilder clock(Clock clock) {
        Checks.notNull(clock, "clock");
        this.clock.set(clock);
        return this;
    }

    /**
     * Sets the zone of local days and hours ("today", day buckets, DAU).
     *
     * @param zone the zone
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public AnalyticsBuilder zone(ZoneId zone) {
        Checks.notNull(zone, "zone");
        this.zone.set(zone);
        return this;
    }

    /**
     * Sets how long counter buckets of one size are kept after they end.
     *
     * @param granularity the bucket size
     * @param retention at least one bucket length
     * @return this builder
     * @throws IllegalArgumentException if null or shorter than one bucket
     * @throws IllegalStateException if already set for this granularity
     */
    public AnalyticsBuilder retention(Granularity granularity, Duration retention) {
        Checks.notNull(granularity, "granularity");
        Checks.positive(retention, "retention");
        if (retention.compareTo(granularity.nominalLength()) < 0) {
            throw new IllegalArgumentException("retention of " + granularity + " must be at least "
                    + granularity.nominalLength() + ", was " + retention);
        }
        SetOnce<Duration> setting = this.retention.get(granularity);
        if (setting == null) {
            throw new IllegalStateException("no retention setting for " + granularity);
        }
        setting.set(retention);
        return this;
    }

    /**
     * Sets how long a day's unique-count key (and daily active users key) is kept after the day ends;
     * it bounds how many days {@link UniqueCounts#lastDays} and {@link ActiveUsers#monthly()} can see.
     *
     * @param retention at least 30 days, so that monthly active users can be counted
     * @return this builder
     * @throws IllegalArgumentException if null or shorter than 30 days
     * @throws IllegalStateException if already set
     */
    public AnalyticsBuilder uniqueRetention(Duration retention) {
        Checks.positive(retention, "uniqueRetention");
        if (retention.compareTo(Duration.ofDays(30)) < 0) {
            throw new IllegalArgumentException("uniqueRetention must be at least 30 days, was " + retention);
        }
        this.uniqueRetention.set(retention);
        return this;
    }

    /**
     * Sets how distinct members are counted.
     *
     * @param mode the mode
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public AnalyticsBuilder uniqueMode(UniqueMode mode) {
        Checks.notNull(mode, "uniqueMode");
        this.uniqueMode.set(mode);
        return this;
    }

    /**
     * Sets how long a multi-day unique count is cached in Redis.
     *
     * @param ttl zero to disable, else at least one millisecond
     * @return this builder
     * @throws IllegalArgumentException if null or negative
     * @throws IllegalStateException if already set
     */
    public AnalyticsBuilder unionCacheTtl(Duration ttl) {
        Checks.notNegative(ttl, "unionCacheTtl");
        this.unionCacheTtl.set(ttl);
        return this;
    }

    /**
     * Sets the half-life of trending scores.
     *
     * @param halfLife at least one second
     * @return this builder
     * @throws IllegalArgumentException if null or shorter than a second
     * @throws IllegalStateException if already set
     */
    public AnalyticsBuilder trendingHalfLife(Duration halfLife) {
        Checks.positive(halfLife, "trendingHalfLife");
        if (halfLife.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("trendingHalfLife must be at least 1 s, was " + halfLife);
        }
        this.trendingHalfLife.set(halfLife);
        return this;
    }

    /**
     * Sets the most members one trending set keeps.
     *
     * @param max 1 to {@value AnalyticsConfig#MAX_TRENDING_MEMBERS}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public AnalyticsBuilder trendingMaxMembers(int max) {
        Checks.between(max, 1, AnalyticsConfig.MAX_TRENDING_MEMBERS, "trendingMaxMembers");
        this.trendingMaxMembers.set(max);
        return this;
    }

    /**
     * Caps the distinct dimension values of each metric (counters and unique counts) per local day. Without a
     * cap every new dimension value creates new keys (see the cost table in {@code docs/analytics.md}), so a
     * dimension taken from untrusted input (a path, a referrer, a campaign code) lets anyone fill Redis. With
     * a cap, the first {@code max} distinct values of a metric in a day are counted as themselves and every
     * later new value is counted under {@link AnalyticsConfig#OVERFLOW_DIMENSION} ({@code _other}), so
     * totals stay right and memory stays bounded; each such event increments the Micrometer counter
     * {@code redkit.analytics.dimension.overflow} (tag {@code metric}). The cap is enforced by one script on
     * a per-metric, per-day registry set, so concurrent instances never admit more than {@code max} values.
     * The {@code _other} dimension itself is always admitted and not counted against the cap.
     *
     * @param max 1 to {@value AnalyticsConfig#MAX_DIMENSIONS_PER_METRIC}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public AnalyticsBuilder maxDimensionsPerMetric(int max) {
        Checks.between(max, 1, AnalyticsConfig.MAX_DIMENSIONS_PER_METRIC, "maxDimensionsPerMetric");
        this.maxDimensionsPerMetric.set(max);
        return this;
    }

    /**
     * Sets the window of {@link ActiveUsers#now()}.
     *
     * @param window whole minutes, 1 minute to 24 hours
     * @return this builder
     * @throws IllegalArgumentException if null, not whole minutes or out of range
     * @throws IllegalStateException if already set
     */
    public AnalyticsBuilder activeWindow(Duration window) {
        Checks.positive(window, "activeWindow");
        if (window.toSeconds() % 60 != 0
                || window.getNano() != 0
                || window.toMinutes() < 1
                || window.toMinutes() > 1440) {
            throw new IllegalArgumentException(
                    "activeWindow must be whole minutes between 1 minute and 24 hours, was " + window);
        }
        this.activeWindow.set(window);
        return this;
    }

    /**
     * Sets the Micrometer registry.
     *
     * @param registry the registry, or {@code null} to record nothing
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public AnalyticsBuilder meterRegistry(@Nullable MeterRegistry registry) {
        this.meterRegistry.set(registry);
        return this;
    }

    /** @return the configuration */
    public Analytics build() {
        Map<Granularity, Duration> retentions = new EnumMap<>(Granularity.class);
        retention.forEach((g, r) -> retentions.put(g, r.get()));
        AnalyticsConfig config = new AnalyticsConfig(
                name,
                clock.get(),
                zone.get(),
                retentions,
                uniqueRetention.get(),
                uniqueMode.get(),
                unionCacheTtl.get(),
                trendingHalfLife.get(),
                trendingMaxMembers.get(),
                maxDimensionsPerMetric.get(),
                activeWindow.get(),
                meterRegistry.isSet() ? meterRegistry.orNull() : connector.meterRegistry());
        return new RedisAnalytics(connector, config);
    }
}
