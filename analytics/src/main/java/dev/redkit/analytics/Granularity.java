package dev.redkit.analytics;

import java.time.Duration;

/**
 * The size of a counter bucket. Bucket boundaries are computed from the configured
 * {@link AnalyticsConfig#clock() clock} in the configured {@link AnalyticsConfig#zone() zone}: a minute
 * bucket starts at a whole local minute, an hour bucket at a whole local hour (in the hour that a
 * daylight saving change repeats, each occurrence is its own bucket), a day bucket at local midnight
 * (so a day bucket spans 23 or 25 hours on the days the clocks change).
 */
public enum Granularity {
    /** One-minute buckets. */
    MINUTE(Duration.ofMinutes(1)),
    /** One-hour buckets in the configured zone. */
    HOUR(Duration.ofHours(1)),
    /** Calendar days in the configured zone, from local midnight to the next. */
    DAY(Duration.ofDays(1));

    private final Duration nominal;

    Granularity(Duration nominal) {
        this.nominal = nominal;
    }

    /** @return the nominal bucket length (a {@link #DAY} bucket may be 23 or 25 hours long) */
    public Duration nominalLength() {
        return nominal;
    }
}
