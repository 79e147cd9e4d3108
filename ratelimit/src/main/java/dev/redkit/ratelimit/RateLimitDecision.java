package dev.redkit.ratelimit;

import java.time.Duration;

/**
 * The answer of a {@link RateLimiter}: whether the request may proceed, and the state of the limit
 * that binds it, for HTTP headers ({@link RateLimitHeaders}) and client back-off.
 *
 * <p>With several limits in one limiter, the decision describes one of them: for a denied request the
 * limit that denies it for longest, otherwise the limit with the fewest permits left. All durations are
 * measured on the Redis server's clock at the moment of the decision. Immutable and thread-safe.
 *
 * @param allowed whether the permits were granted (for {@link RateLimiter#peek}: whether one permit
 *     would be)
 * @param limit the capacity of the reported limit: its permits per window, or its burst for GCRA
 * @param remaining permits left in that limit after this decision, never negative
 * @param resetAfter time until that limit is fully replenished (for a fixed window: until the window
 *     ends); zero if it is already full
 * @param retryAfter zero if allowed; otherwise the time after which the same request can succeed if
 *     nothing else consumes permits meanwhile
 * @param window the window of the reported limit
 */
public record RateLimitDecision(
        boolean allowed, long limit, long remaining, Duration resetAfter, Duration retryAfter, Duration window) {

    /**
     * Validates the components.
     *
     * @param allowed whether allowed
     * @param limit the limit
     * @param remaining the remaining permits
     * @param resetAfter the time until reset
     * @param retryAfter the time until a retry can succeed
     * @param window the window
     * @throws IllegalArgumentException if a value is null or negative, or an allowed decision has a
     *     non-zero {@code retryAfter}
     */
    public RateLimitDecision {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        if (remaining < 0) {
            throw new IllegalArgumentException("remaining must not be negative, was " + remaining);
        }
        if (resetAfter == null || resetAfter.isNegative()) {
            throw new IllegalArgumentException("resetAfter must not be null or negative, was " + resetAfter);
        }
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be null or negative, was " + retryAfter);
        }
        if (allowed && !retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be zero for an allowed decision, was " + retryAfter);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }
}
