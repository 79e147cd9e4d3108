package dev.redkit.analytics;

import dev.redkit.core.RedisConnector;

/**
 * Real-time analytics on Redis for one named instance: bucketed {@link #counters() counters},
 * {@link #uniques() unique counts}, {@link #trending(String) trending} sets with time decay,
 * {@link #activeUsers() active users}, a one-round-trip {@link #track(Event) track} for the click path
 * and a one-pipeline {@link #snapshot(DashboardQuery) dashboard snapshot}.
 *
 * <h2>Round trips</h2>
 * {@code track} sends one script call per Cluster hash slot group it touches, all in one pipeline: on a
 * standalone (or Sentinel) server that is a single {@code EVALSHA} and the event is applied atomically;
 * on Cluster it is one {@code EVALSHA} per group (each dimension, each trending set, the active users)
 * and one network round trip per node involved, atomic per group but not across groups.
 *
 * <h2>Time</h2>
 * Bucket boundaries, key expiry and trending decay come from the configured {@link java.time.Clock}
 * (client time, not Redis time), days and hours in the configured zone. TTLs are sent as relative
 * {@code PEXPIRE}s computed from that clock.
 *
 * <p>Thread-safe. Example:
 * <!-- snippet: AnalyticsSnippets#analytics -->
 * <pre>{@code
 * Analytics analytics = Analytics.builder(connector, "shop")
 *         .zone(ZoneId.of("Europe/Berlin"))
 *         .build();
 * analytics.track(Event.builder()
 *         .count("clicks", offerId)
 *         .unique("viewers", offerId, userId)
 *         .trend("offers", offerId)
 *         .active(userId)
 *         .build());
 * long clicksToday = analytics.counters().today("clicks", offerId);
 * List<TrendingEntry> hot = analytics.trending("offers").top(10);
 * }</pre>
 */
public interface Analytics {

    /**
     * Starts configuring an instance with its mandatory name; the others have the defaults described on
     * {@link AnalyticsBuilder}. The instance is cheap and opens nothing (the connector is shared).
     *
     * @param connector the Redis connection
     * @param name the instance name, an identifier ({@code a-z 0-9 . _ -}); part of every key
     * @return a builder
     * @throws IllegalArgumentException if the connector is null or the name is not an identifier
     */
    static AnalyticsBuilder builder(RedisConnector connector, String name) {
        return new AnalyticsBuilder(connector, name);
    }

    /** @return the time-bucketed counters */
    Counters counters();

    /** @return the distinct counts per day */
    UniqueCounts uniques();

    /**
     * A trending set; cheap, creates nothing in Redis until the first event.
     *
     * @param name 1-60 characters from {@code a-z 0-9 . _ -}
     * @return the set
     * @throws IllegalArgumentException if the name is invalid
     */
    Trending trending(String name);

    /** @return daily, weekly, monthly and current active users */
    ActiveUsers activeUsers();

    /**
     * Applies every update of an event in one round trip (see the class documentation for Cluster). A
     * retry by the driver after a timeout may apply the event twice; analytics counts tolerate that. With
     * {@link AnalyticsBuilder#maxDimensionsPerMetric(int)}, a dimension value this instance has not yet
     * seen admitted today first costs one admission round trip, and a value over the cap is counted under
     * {@link AnalyticsConfig#OVERFLOW_DIMENSION}.
     *
     * @param event the event
     * @throws IllegalArgumentException if the event is null
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    void track(Event event);

    /**
     * Runs every read of a query in one pipeline (one round trip, one per node on Cluster). The reads
     * are not a consistent point-in-time view: writes may land between them.
     *
     * @param query the query
     * @return the results by label
     * @throws IllegalArgumentException if the query is null or a read asks for more days than retained
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    Dashboard snapshot(DashboardQuery query);

    /** @return the configuration */
    AnalyticsConfig config();
}
