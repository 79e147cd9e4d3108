package dev.redkit.analytics;

import java.util.List;

/**
 * Members ranked by a score that decays: each event adds its weight, and every weight halves each
 * {@link AnalyticsConfig#trendingHalfLife()}, so yesterday's burst fades behind today's steady interest.
 *
 * <p>The sorted set stores {@code log2} of the score scaled to a fixed origin (a log-sum-exp update in
 * one script), which never overflows and needs no rescaling job; ranks are exact and the current score
 * is computed on read. Whenever a new member arrives, members whose score fell below one millionth of
 * one event (20 half-lives) are dropped and only the {@link AnalyticsConfig#trendingMaxMembers()}
 * highest members are kept (updates of known members skip this, so the set never grows past the
 * limit); the key expires 20 half-lives after the last event. Time comes from the configured clock: an application
 * instance whose clock is {@code d} ahead gives its events {@code 2^(d/halfLife)} times their weight.
 * One set lives in one Cluster slot. Thread-safe.
 * <!-- snippet: AnalyticsSnippets#trending -->
 * <pre>{@code
 * Trending offers = analytics.trending("offers");
 * offers.record(offerId);
 * List<TrendingEntry> top = offers.top(10);
 * }</pre>
 */
public interface Trending {

    /** @return the trending set's name */
    String name();

    /**
     * Adds weight 1 to a member; one script call.
     *
     * @param member any text of 1-512 characters
     * @throws IllegalArgumentException if the member is null, empty or too long
     */
    void record(String member);

    /**
     * Adds weight to a member; one script call.
     *
     * @param member any text of 1-512 characters
     * @param weight finite and positive
     * @throws IllegalArgumentException naming the invalid parameter
     */
    void record(String member, double weight);

    /**
     * The highest-scoring members with their current decayed scores; one {@code ZREVRANGE}.
     *
     * @param n how many, 1 to {@link AnalyticsConfig#MAX_TRENDING_MEMBERS}
     * @return up to {@code n} entries, highest first
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    List<TrendingEntry> top(int n);

    /**
     * One member's current decayed score.
     *
     * @param member the member
     * @return the score, zero if the member is unknown or was trimmed
     * @throws IllegalArgumentException if the member is null, empty or too long
     */
    double score(String member);
}
