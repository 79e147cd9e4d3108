package dev.redkit.ratelimit;

import dev.redkit.core.RedisConnector;

/**
 * Creates rate limiters; kept for source compatibility: {@link RateLimiter#builder(RedisConnector, String)} is the
 * one way in, ending with the algorithm and its limits ({@code .fixedWindow(limits)}, ...). The short forms use the defaults ({@link FailurePolicy#FAIL_CLOSED}, no Redis
 * back-off, the connector's meter registry); {@link #builder(RedisConnector, String)} sets options first.
 * <!-- snippet: RateLimitSnippets#rateLimiters -->
 * <pre>{@code
 * RateLimiter api = RateLimiters.builder(connector, "api")
 *         .failurePolicy(FailurePolicy.FAIL_OPEN)
 *         .fixedWindow(Limit.perMinute(100));
 * RateLimiter redeem = RateLimiters.slidingWindow(connector, "redeem", Limit.perMinute(5), Limit.perDay(100));
 * RateLimiter sms = RateLimiters.gcra(
 *         connector, "sms", Limit.of(10, Duration.ofSeconds(1)).burst(20));
 * }</pre>
 *
 * <h2>Limits</h2>
 * A limiter takes 1 to 8 limits with different windows; a request must pass all of them and consumes
 * from all of them, atomically. Limiters are cheap: creating one talks to no server. Two limiters of
 * the same name and algorithm share their counters for limits with the same window, whatever their
 * permits, so a changed limit applies at once to the counts already made.
 *
 * <h2>Metrics</h2>
 * With a registry, each limiter records the timers {@code redkit.ratelimit.acquire} and
 * {@code redkit.ratelimit.peek} (tags {@code name} and {@code outcome} = {@code allowed} or
 * {@code denied}, failures included as answered by the policy) and the counter
 * {@code redkit.ratelimit.failures} (tag {@code name}), once per call Redis could not answer. With
 * {@link RateLimiterBuilder#redisBackoff(Duration, Duration) redisBackoff}, decisions answered by the policy without
 * calling Redis are counted as {@code redkit.ratelimit.bypassed} (tag {@code name}) instead, and timed
 * like the others.
 */
@Deprecated
public final class RateLimiters {

    private RateLimiters() {}

    /**
     * A fixed window limiter with the default options.
     *
     * @param connector the connector
     * @param name the limiter name: 1-64 characters from {@code a-z 0-9 . _ -}
     * @param limits the limits, at least one
     * @return the limiter
     * @throws IllegalArgumentException for a null connector, a bad name, or missing or invalid limits
     * @deprecated use {@link RateLimiter#builder(RedisConnector, String)}
     */
    @Deprecated
    public static FixedWindowRateLimiter fixedWindow(RedisConnector connector, String name, Limit... limits) {
        return builder(connector, name).fixedWindow(limits);
    }

    /**
     * A sliding window limiter (weighted two-window counter) with the default options.
     *
     * @param connector the connector
     * @param name the limiter name
     * @param limits the limits, at least one
     * @return the limiter
     * @throws IllegalArgumentException for a null connector, a bad name, or missing or invalid limits
     * @deprecated use {@link RateLimiter#builder(RedisConnector, String)}
     */
    @Deprecated
    public static SlidingWindowRateLimiter slidingWindow(RedisConnector connector, String name, Limit... limits) {
        return builder(connector, name).slidingWindow(limits);
    }

    /**
     * An exact sliding log limiter with the default options; see {@link SlidingWindowRateLimiter} for its
     * memory cost.
     *
     * @param connector the connector
     * @param name the limiter name
     * @param limits the limits, at least one, each with at most 100,000 permits
     * @return the limiter
     * @throws IllegalArgumentException for a null connector, a bad name, or missing or invalid limits
     * @deprecated use {@link RateLimiter#builder(RedisConnector, String)}
     */
    @Deprecated
    public static SlidingWindowRateLimiter slidingLog(RedisConnector connector, String name, Limit... limits) {
        return builder(connector, name).slidingLog(limits);
    }

    /**
     * A GCRA limiter with the default options.
     *
     * @param connector the connector
     * @param name the limiter name
     * @param limits the limits, at least one
     * @return the limiter
     * @throws IllegalArgumentException for a null connector, a bad name, or missing or invalid limits
     * @deprecated use {@link RateLimiter#builder(RedisConnector, String)}
     */
    @Deprecated
    public static GcraRateLimiter gcra(RedisConnector connector, String name, Limit... limits) {
        return builder(connector, name).gcra(limits);
    }

    /**
     * Starts building a limiter with options; the algorithm method at the end creates it.
     *
     * @param connector the connector
     * @param name the limiter name: 1-64 characters from {@code a-z 0-9 . _ -}; it names the keys and
     *     the metrics
     * @return a builder
     * @throws IllegalArgumentException for a null connector or a bad name
     * @deprecated use {@link RateLimiter#builder(RedisConnector, String)}
     */
    @Deprecated
    public static RateLimiterBuilder builder(RedisConnector connector, String name) {
        return RateLimiter.builder(connector, name);
    }
}
