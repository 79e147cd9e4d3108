package dev.redkit.analytics;

/**
 * A trending member and its current score: the sum over its events of {@code weight * 2^(-age/halfLife)},
 * evaluated at the configured clock's current time.
 *
 * @param member the member, as recorded
 * @param score the current decayed score, positive
 */
public record TrendingEntry(String member, double score) {}
