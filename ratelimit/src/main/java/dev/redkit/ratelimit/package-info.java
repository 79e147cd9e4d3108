/**
 * Distributed rate limiters on Redis behind one {@link dev.redkit.ratelimit.RateLimiter} interface.
 *
 * <p>Create limiters with {@link dev.redkit.ratelimit.RateLimiter#builder}, ending in {@code fixedWindow},
 * {@code slidingWindow}, {@code slidingLog} or {@code gcra}, each taking one or more
 * {@link dev.redkit.ratelimit.Limit}s that are checked and consumed together. Every call answers with an
 * immutable {@link dev.redkit.ratelimit.RateLimitDecision}, which
 * {@link dev.redkit.ratelimit.RateLimitHeaders} turns into HTTP response headers. What happens when Redis
 * is unavailable is chosen per limiter with {@link dev.redkit.ratelimit.FailurePolicy}.
 */
@NullMarked
package dev.redkit.ratelimit;

import org.jspecify.annotations.NullMarked;
