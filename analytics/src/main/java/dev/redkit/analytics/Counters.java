package dev.redkit.analytics;

import java.time.Instant;

/**
 * Counters in minute, hour and day buckets that expire by themselves: each bucket key lives until the
 * bucket ends plus the {@linkplain AnalyticsConfig#retention(Granularity) retention} of its size, as
 * measured on the configured clock (sent to Redis as a relative {@code PEXPIRE} by the call that
 * creates the key, so a changed retention applies to new buckets only). No reset job is needed:
 * "today" is simply the bucket of the current local day.
 *
 * <p>A metric is a code-chosen name ({@code clicks}); a dimension is untrusted text (an offer id, a
 * merchant slug, or a fixed word such as {@code all} for a global count). All buckets of one dimension
 * live in one Cluster hash slot. Each new dimension value creates new keys; bound untrusted dimensions with
 * {@link AnalyticsBuilder#maxDimensionsPerMetric(int)}, which counts values over the cap under
 * {@link AnalyticsConfig#OVERFLOW_DIMENSION} (the increments then return that dimension's count, and a value not
 * yet seen admitted by this instance today costs one more round trip). Thread-safe; every method is otherwise
 * one round trip.
 * <!-- snippet: AnalyticsSnippets#counters -->
 * <pre>{@code
 * Counters counters = analytics.counters();
 * counters.increment("clicks", offerId);
 * long today = counters.today("clicks", offerId);
 * CounterSeries hours = counters.last24Hours("clicks", offerId);
 * }</pre>
 */
public interface Counters {

    /**
     * Adds one to the current minute, hour and day buckets, atomically (one script).
     *
     * @param metric 1-60 characters from {@code a-z 0-9 . _ -}
     * @param dimension any text of 1-512 characters
     * @return the count of the current day after the increment (of the overflow dimension if the value was over
     *     the cap)
     * @throws IllegalArgumentException naming the invalid parameter
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    long increment(String metric, String dimension);

    /**
     * Adds an amount to the current minute, hour and day buckets, atomically (one script).
     *
     * @param metric 1-60 characters from {@code a-z 0-9 . _ -}
     * @param dimension any text of 1-512 characters
     * @param amount positive
     * @return the count of the current day after the increment (of the overflow dimension if the value was over
     *     the cap)
     * @throws IllegalArgumentException naming the invalid parameter, or for a non-positive amount
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    long increment(String metric, String dimension, long amount);

    /**
     * Reads every bucket from the one containing {@code from} to the one containing {@code to}, with one
     * {@code MGET}. Buckets older than the retention read as zero.
     *
     * @param metric the metric
     * @param dimension the dimension
     * @param granularity the bucket size
     * @param from the first instant (inclusive)
     * @param to the last instant (inclusive), not before {@code from}
     * @return the series, oldest first
     * @throws IllegalArgumentException for invalid names, a reversed range or more than 10,000 buckets
     */
    CounterSeries series(String metric, String dimension, Granularity granularity, Instant from, Instant to);

    /**
     * The current hour bucket and the 23 before it (so between 23 and 24 hours of history).
     *
     * @param metric the metric
     * @param dimension the dimension
     * @return 24 hourly points, oldest first
     * @throws IllegalArgumentException naming the invalid parameter
     */
    CounterSeries last24Hours(String metric, String dimension);

    /**
     * The count of the current local day (since midnight in the configured zone).
     *
     * @param metric the metric
     * @param dimension the dimension
     * @return the count, zero if nothing was counted today
     * @throws IllegalArgumentException naming the invalid parameter
     */
    long today(String metric, String dimension);
}
