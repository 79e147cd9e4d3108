package dev.redkit.analytics;

import java.time.LocalDate;
import java.util.Collection;

/**
 * Distinct members (unique viewers, buyers) per metric, dimension and local day. By default each day is
 * a HyperLogLog: at most about 12 KB whatever the number of members, with a standard error of 0.81%
 * (so a count of 100,000 is typically within 1,000 of the truth); {@link UniqueMode#EXACT} uses sets.
 * Day keys live until the day ends plus {@link AnalyticsConfig#uniqueRetention()}.
 *
 * <p>Multi-day counts merge the days inside Redis ({@code PFCOUNT} over several keys, which share one
 * Cluster slot per dimension) and cache the count for {@link AnalyticsConfig#unionCacheTtl()}, so a
 * count read within that time may miss the newest members. Dimension values over
 * {@link AnalyticsBuilder#maxDimensionsPerMetric(int)} are counted under
 * {@link AnalyticsConfig#OVERFLOW_DIMENSION}. Thread-safe; each method is one round trip (plus one to admit a
 * dimension value this instance has not yet seen admitted today, when a cap is set).
 * <!-- snippet: AnalyticsSnippets#uniqueCounts -->
 * <pre>{@code
 * analytics.uniques().add("viewers", offerId, userId);
 * long weekly = analytics.uniques().lastDays("viewers", offerId, 7);
 * }</pre>
 */
public interface UniqueCounts {

    /**
     * Adds a member to today's count.
     *
     * @param metric 1-60 characters from {@code a-z 0-9 . _ -}
     * @param dimension any text of 1-512 characters
     * @param member any text of 1-512 characters
     * @return whether the count (or estimate) changed
     * @throws IllegalArgumentException naming the invalid parameter
     */
    boolean add(String metric, String dimension, String member);

    /**
     * Adds many members to today's count in one round trip (for imports and backfills).
     *
     * @param metric the metric
     * @param dimension the dimension
     * @param members 1 to 100,000 members of 1-512 characters each
     * @throws IllegalArgumentException naming the invalid parameter
     */
    void addAll(String metric, String dimension, Collection<String> members);

    /**
     * The distinct members of one local day.
     *
     * @param metric the metric
     * @param dimension the dimension
     * @param day the day in the configured zone
     * @return the count (an estimate in HyperLogLog mode)
     * @throws IllegalArgumentException naming the invalid parameter
     */
    long count(String metric, String dimension, LocalDate day);

    /**
     * The distinct members of the current local day.
     *
     * @param metric the metric
     * @param dimension the dimension
     * @return the count
     * @throws IllegalArgumentException naming the invalid parameter
     */
    long today(String metric, String dimension);

    /**
     * The distinct members of the current local day and the {@code days - 1} days before it, each member
     * counted once; cached briefly.
     *
     * @param metric the metric
     * @param dimension the dimension
     * @param days 1 up to the number of days in {@link AnalyticsConfig#uniqueRetention()}
     * @return the count
     * @throws IllegalArgumentException naming the invalid parameter
     */
    long lastDays(String metric, String dimension, int days);
}
