package dev.redkit.ratelimit;

import dev.redkit.core.RedisConnector;
import java.util.List;

/**
 * A named, distributed rate limiter: decides whether a caller (an IP address, a user, a phone number)
 * may take permits now, against one or more {@link Limit}s kept in Redis.
 * <!-- snippet: RateLimitSnippets#rateLimiter -->
 * <pre>{@code
 * RateLimiter api = RateLimiter.builder(connector, "api").fixedWindow(Limit.perMinute(100));
 * RateLimitDecision d = api.tryAcquire("ip:203.0.113.7");
 * if (!d.allowed()) {
 *     RateLimitHeaders.of(d).forEach(response::setHeader);
 *     response.setStatus(429);
 * }
 * }</pre>
 *
 * <h2>Atomicity and round trips</h2>
 * Each call is one Lua script and one round trip ({@code EVALSHA}). All limits of the limiter are
 * checked and consumed together: when one limit denies, nothing is consumed from the others. Time is the
 * Redis server's clock ({@code TIME} inside the script), so clock skew between application servers does
 * not matter, and every key the script writes gets a TTL in the same script: no key ever exists without
 * one.
 *
 * <h2>Failures</h2>
 * When Redis cannot answer, {@link #tryAcquire} and {@link #peek} do not throw: they answer according to
 * the limiter's {@link FailurePolicy} and count the failure. On Redis Cluster the driver may re-send a
 * script whose reply timed out; such a re-sent {@code tryAcquire} may count its permits twice. The error
 * is an over-count, never an under-count: a caller may be limited slightly early, never let through.
 *
 * <p>Implementations are thread-safe and hold no per-caller state in the JVM; any number of application
 * instances may share a limiter name. Implementations in this module:
 * {@link FixedWindowRateLimiter}, {@link SlidingWindowRateLimiter}, {@link GcraRateLimiter}.
 */
public interface RateLimiter {

    /**
     * Starts building a limiter with its mandatory name; the builder's last step picks the algorithm and the
     * limits ({@link RateLimiterBuilder#fixedWindow}, {@link RateLimiterBuilder#slidingWindow},
     * {@link RateLimiterBuilder#slidingLog}, {@link RateLimiterBuilder#gcra}) and creates the limiter.
     *
     * @param connector the connector
     * @param name the limiter name: 1-64 characters from {@code a-z 0-9 . _ -}; it names the keys and the metrics
     * @return a builder with the defaults ({@link FailurePolicy#FAIL_CLOSED}, no Redis back-off, the system
     *     clock, the connector's meter registry)
     * @throws IllegalArgumentException for a null connector or a bad name
     */
    static RateLimiterBuilder builder(RedisConnector connector, String name) {
        return new RateLimiterBuilder(connector, name);
    }

    /** @return the limiter's name, as given at creation; it names its keys and metrics */
    String name();

    /** @return the limits, all of which must allow a request; never empty, unmodifiable */
    List<Limit> limits();

    /**
     * Takes one permit if every limit allows it.
     *
     * @param key the caller, for example {@code ip:203.0.113.7}; any text up to 512 characters
     * @return the decision
     * @throws IllegalArgumentException if the key is null, empty or longer than 512 characters
     */
    default RateLimitDecision tryAcquire(String key) {
        return tryAcquire(key, 1);
    }

    /**
     * Takes {@code permits} permits if every limit has that many left; otherwise takes nothing.
     *
     * @param key the caller; any text up to 512 characters
     * @param permits the weight of the request, from 1 to the smallest capacity among the limits
     * @return the decision
     * @throws IllegalArgumentException if the key is null, empty or too long, or {@code permits} is not
     *     positive or larger than some limit could ever grant
     */
    RateLimitDecision tryAcquire(String key, long permits);

    /**
     * Reads the state without consuming anything: {@code allowed} tells whether one permit would be
     * granted now, {@code remaining} how many are left. Writes nothing to Redis.
     *
     * @param key the caller
     * @return the decision for one permit
     * @throws IllegalArgumentException if the key is null, empty or too long
     */
    RateLimitDecision peek(String key);

    /**
     * Forgets everything this limiter counted for the caller, so that every limit is full again. One
     * {@code DEL} of the caller's keys.
     *
     * @param key the caller
     * @throws IllegalArgumentException if the key is null, empty or too long
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached (the failure policy
     *     does not apply to administrative calls)
     */
    void reset(String key);
}
