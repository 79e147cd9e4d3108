/**
 * Real-time analytics on Redis: start with {@link dev.redkit.analytics.Analytics#builder(dev.redkit.core.RedisConnector, String)}.
 * {@link dev.redkit.analytics.Counters} count events in minute, hour and day buckets that expire by
 * themselves; {@link dev.redkit.analytics.UniqueCounts} estimate distinct members per day with
 * HyperLogLog; {@link dev.redkit.analytics.Trending} ranks members by a score that halves every
 * half-life; {@link dev.redkit.analytics.ActiveUsers} gives daily, weekly, monthly and current active
 * users; {@link dev.redkit.analytics.Analytics#track(Event)} updates several of these in one round trip
 * and {@link dev.redkit.analytics.Analytics#snapshot(DashboardQuery)} reads many in one pipeline.
 */
@NullMarked
package dev.redkit.analytics;

import org.jspecify.annotations.NullMarked;
