package dev.redkit.analytics;

import dev.redkit.core.spi.Checks;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The immutable configuration of one {@link Analytics} instance, as {@link AnalyticsBuilder} set it; read it with
 * {@link Analytics#config()}. Holds no connection.
 */
public final class AnalyticsConfig {

    /** The most members a trending set may be configured to keep. */
    public static final int MAX_TRENDING_MEMBERS = 100_000;
    /** The largest {@link AnalyticsBuilder#maxDimensionsPerMetric(int)}. */
    public static final int MAX_DIMENSIONS_PER_METRIC = 1_000_000;
    /**
     * The dimension under which a capped metric counts the events of dimension values beyond its cap
     * ({@link AnalyticsBuilder#maxDimensionsPerMetric(int)}); read it like any dimension, for example
     * {@code counters().today("clicks", AnalyticsConfig.OVERFLOW_DIMENSION)}.
     */
    public static final String OVERFLOW_DIMENSION = "_other";

    private final String name;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<Granularity, Duration> retention;
    private final Duration uniqueRetention;
    private final UniqueMode uniqueMode;
    private final Duration unionCacheTtl;
    private final Duration trendingHalfLife;
    private final int trendingMaxMembers;
    private final int maxDimensionsPerMetric;
    private final Duration activeWindow;
    private final @Nullable MeterRegistry meterRegistry;

    AnalyticsConfig(
            String name,
            Clock clock,
            ZoneId zone,
            Map<Granularity, Duration> retention,
            Duration uniqueRetention,
            UniqueMode uniqueMode,
            Duration unionCacheTtl,
            Duration trendingHalfLife,
            int trendingMaxMembers,
            int maxDimensionsPerMetric,
            Duration activeWindow,
            @Nullable MeterRegistry meterRegistry) {
        this.name = name;
        this.clock = clock;
        this.zone = zone;
        this.retention = Map.copyOf(retention);
        this.uniqueRetention = uniqueRetention;
        this.uniqueMode = uniqueMode;
        this.unionCacheTtl = unionCacheTtl;
        this.trendingHalfLife = trendingHalfLife;
        this.trendingMaxMembers = trendingMaxMembers;
        this.maxDimensionsPerMetric = maxDimensionsPerMetric;
        this.activeWindow = activeWindow;
        this.meterRegistry = meterRegistry;
    }

    /** @return the instance name */
    public String name() {
        return name;
    }

    /** @return the clock that decides bucket boundaries, key expiry and trending decay (default UTC system clock) */
    public Clock clock() {
        return clock;
    }

    /** @return the zone of local days and hours (default UTC) */
    public ZoneId zone() {
        return zone;
    }

    /**
     * How long a counter bucket is kept after it ends.
     *
     * @param granularity the bucket size
     * @return the retention (defaults: minute 3 hours, hour 8 days, day 90 days)
     */
    public Duration retention(Granularity granularity) {
        Duration value = retention.get(Checks.notNull(granularity, "granularity"));
        if (value == null) {
            throw new IllegalStateException("no retention for " + granularity);
        }
        return value;
    }

    /** @return how long a day's unique-count key is kept after the day ends (default 35 days) */
    public Duration uniqueRetention() {
        return uniqueRetention;
    }

    /** @return how distinct members are counted (default {@link UniqueMode#HYPERLOGLOG}) */
    public UniqueMode uniqueMode() {
        return uniqueMode;
    }

    /** @return how long a multi-day unique count is cached in Redis (default 30 s; zero disables the cache) */
    public Duration unionCacheTtl() {
        return unionCacheTtl;
    }

    /** @return the time after which a trending event's weight has halved (default 6 hours) */
    public Duration trendingHalfLife() {
        return trendingHalfLife;
    }

    /** @return the most members a trending set keeps; the lowest scores are trimmed (default 1000) */
    public int trendingMaxMembers() {
        return trendingMaxMembers;
    }

    /**
     * @return the most distinct dimension values a metric accepts per local day, or 0 for no cap (the default);
     *     see {@link AnalyticsBuilder#maxDimensionsPerMetric(int)}
     */
    public int maxDimensionsPerMetric() {
        return maxDimensionsPerMetric;
    }

    /** @return the window of {@link ActiveUsers#now()}, whole minutes (default 5 minutes) */
    public Duration activeWindow() {
        return activeWindow;
    }

    /** @return the Micrometer registry, or {@code null} to record nothing (default: the connector's) */
    public @Nullable MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    @Override
    public String toString() {
        return "AnalyticsConfig{name=" + name + ", zone=" + zone + ", clock=" + clock + ", retention=" + retention
                + ", uniqueRetention=" + uniqueRetention + ", uniqueMode=" + uniqueMode + ", unionCacheTtl="
                + unionCacheTtl
                + ", trendingHalfLife=" + trendingHalfLife + ", trendingMaxMembers=" + trendingMaxMembers
                + ", maxDimensionsPerMetric=" + (maxDimensionsPerMetric == 0 ? "unlimited" : maxDimensionsPerMetric)
                + ", activeWindow=" + activeWindow + ", metrics=" + (meterRegistry != null) + '}';
    }
}
