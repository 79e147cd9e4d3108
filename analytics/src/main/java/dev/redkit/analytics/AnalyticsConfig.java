package dev.redkit.analytics;

import dev.redkit.core.spi.Checks;
import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The immutable configuration of one {@link Analytics} instance. Every setter validates at once with a
 * message naming the field, and refuses to be called twice.
 * <pre>{@code
 * AnalyticsConfig config = AnalyticsConfig.builder(connector, "shop")
 *         .zone(ZoneId.of("Europe/Berlin"))
 *         .retention(Granularity.MINUTE, Duration.ofHours(2))
 *         .trendingHalfLife(Duration.ofHours(6))
 *         .build();
 * }</pre>
 */
public final class AnalyticsConfig {

    /** The most members a trending set may be configured to keep. */
    public static final int MAX_TRENDING_MEMBERS = 100_000;
    /** The largest {@link Builder#maxDimensionsPerMetric(int)}. */
    public static final int MAX_DIMENSIONS_PER_METRIC = 1_000_000;
    /**
     * The dimension under which a capped metric counts the events of dimension values beyond its cap
     * ({@link Builder#maxDimensionsPerMetric(int)}); read it like any dimension, for example
     * {@code counters().today("clicks", AnalyticsConfig.OVERFLOW_DIMENSION)}.
     */
    public static final String OVERFLOW_DIMENSION = "_other";

    private final RedisConnector connector;
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
    private final MeterRegistry meterRegistry;

    private AnalyticsConfig(Builder b) {
        this.connector = b.connector;
        this.name = b.name;
        this.clock = b.clock;
        this.zone = b.zone;
        this.retention = Map.copyOf(b.retention);
        this.uniqueRetention = b.uniqueRetention;
        this.uniqueMode = b.uniqueMode;
        this.unionCacheTtl = b.unionCacheTtl;
        this.trendingHalfLife = b.trendingHalfLife;
        this.trendingMaxMembers = b.trendingMaxMembers;
        this.maxDimensionsPerMetric = b.maxDimensionsPerMetric;
        this.activeWindow = b.activeWindow;
        this.meterRegistry = b.meterRegistry;
    }

    /**
     * Starts a configuration.
     *
     * @param connector the Redis connection
     * @param name the instance name, an identifier ({@code a-z 0-9 . _ -}); part of every key
     * @return a builder
     * @throws IllegalArgumentException if the connector is null or the name is not an identifier
     */
    public static Builder builder(RedisConnector connector, String name) {
        return new Builder(Checks.notNull(connector, "connector"), KeySpace.identifier(name, "name"));
    }

    /** @return the Redis connection */
    public RedisConnector connector() {
        return connector;
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
        return retention.get(Checks.notNull(granularity, "granularity"));
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
     *     see {@link Builder#maxDimensionsPerMetric(int)}
     */
    public int maxDimensionsPerMetric() {
        return maxDimensionsPerMetric;
    }

    /** @return the window of {@link ActiveUsers#now()}, whole minutes (default 5 minutes) */
    public Duration activeWindow() {
        return activeWindow;
    }

    /** @return the Micrometer registry, or {@code null} to record nothing (default: the connector's) */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    @Override
    public String toString() {
        return "AnalyticsConfig{name=" + name + ", zone=" + zone + ", clock=" + clock + ", retention=" + retention
                + ", uniqueRetention=" + uniqueRetention + ", uniqueMode=" + uniqueMode + ", unionCacheTtl=" + unionCacheTtl
                + ", trendingHalfLife=" + trendingHalfLife + ", trendingMaxMembers=" + trendingMaxMembers
                + ", maxDimensionsPerMetric=" + (maxDimensionsPerMetric == 0 ? "unlimited" : maxDimensionsPerMetric)
                + ", activeWindow=" + activeWindow + ", metrics=" + (meterRegistry != null) + '}';
    }

    /** Builds an {@link AnalyticsConfig}. Not thread-safe. */
    public static final class Builder {
        private final RedisConnector connector;
        private final String name;
        private final Set<String> set = new HashSet<>();
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.of("UTC");
        private final Map<Granularity, Duration> retention = new EnumMap<>(Granularity.class);
        private Duration uniqueRetention = Duration.ofDays(35);
        private UniqueMode uniqueMode = UniqueMode.HYPERLOGLOG;
        private Duration unionCacheTtl = Duration.ofSeconds(30);
        private Duration trendingHalfLife = Duration.ofHours(6);
        private int trendingMaxMembers = 1000;
        private int maxDimensionsPerMetric;
        private Duration activeWindow = Duration.ofMinutes(5);
        private MeterRegistry meterRegistry;

        private Builder(RedisConnector connector, String name) {
            this.connector = connector;
            this.name = name;
            this.meterRegistry = connector.meterRegistry();
            retention.put(Granularity.MINUTE, Duration.ofHours(3));
            retention.put(Granularity.HOUR, Duration.ofDays(8));
            retention.put(Granularity.DAY, Duration.ofDays(90));
        }

        private void once(String field) {
            if (!set.add(field)) {
                throw new IllegalStateException(field + " was already set");
            }
        }

        /**
         * Sets the clock for bucket boundaries, key expiry and trending decay.
         *
         * @param clock the clock
         * @return this builder
         * @throws IllegalArgumentException if null
         * @throws IllegalStateException if already set
         */
        public Builder clock(Clock clock) {
            Checks.notNull(clock, "clock");
            once("clock");
            this.clock = clock;
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
        public Builder zone(ZoneId zone) {
            Checks.notNull(zone, "zone");
            once("zone");
            this.zone = zone;
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
        public Builder retention(Granularity granularity, Duration retention) {
            Checks.notNull(granularity, "granularity");
            Checks.positive(retention, "retention");
            if (retention.compareTo(granularity.nominalLength()) < 0) {
                throw new IllegalArgumentException("retention of " + granularity + " must be at least "
                        + granularity.nominalLength() + ", was " + retention);
            }
            once("retention." + granularity);
            this.retention.put(granularity, retention);
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
        public Builder uniqueRetention(Duration retention) {
            Checks.positive(retention, "uniqueRetention");
            if (retention.compareTo(Duration.ofDays(30)) < 0) {
                throw new IllegalArgumentException("uniqueRetention must be at least 30 days, was " + retention);
            }
            once("uniqueRetention");
            this.uniqueRetention = retention;
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
        public Builder uniqueMode(UniqueMode mode) {
            Checks.notNull(mode, "uniqueMode");
            once("uniqueMode");
            this.uniqueMode = mode;
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
        public Builder unionCacheTtl(Duration ttl) {
            Checks.notNegative(ttl, "unionCacheTtl");
            once("unionCacheTtl");
            this.unionCacheTtl = ttl;
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
        public Builder trendingHalfLife(Duration halfLife) {
            Checks.positive(halfLife, "trendingHalfLife");
            if (halfLife.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("trendingHalfLife must be at least 1 s, was " + halfLife);
            }
            once("trendingHalfLife");
            this.trendingHalfLife = halfLife;
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
        public Builder trendingMaxMembers(int max) {
            Checks.between(max, 1, MAX_TRENDING_MEMBERS, "trendingMaxMembers");
            once("trendingMaxMembers");
            this.trendingMaxMembers = max;
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
        public Builder maxDimensionsPerMetric(int max) {
            Checks.between(max, 1, MAX_DIMENSIONS_PER_METRIC, "maxDimensionsPerMetric");
            once("maxDimensionsPerMetric");
            this.maxDimensionsPerMetric = max;
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
        public Builder activeWindow(Duration window) {
            Checks.positive(window, "activeWindow");
            if (window.toSeconds() % 60 != 0 || window.getNano() != 0 || window.toMinutes() < 1 || window.toMinutes() > 1440) {
                throw new IllegalArgumentException("activeWindow must be whole minutes between 1 minute and 24 hours, was " + window);
            }
            once("activeWindow");
            this.activeWindow = window;
            return this;
        }

        /**
         * Sets the Micrometer registry.
         *
         * @param registry the registry, or {@code null} to record nothing
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder meterRegistry(MeterRegistry registry) {
            once("meterRegistry");
            this.meterRegistry = registry;
            return this;
        }

        /** @return the configuration */
        public AnalyticsConfig build() {
            return new AnalyticsConfig(this);
        }
    }
}
