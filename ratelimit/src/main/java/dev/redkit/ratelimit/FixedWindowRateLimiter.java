package dev.redkit.ratelimit;

import dev.redkit.ratelimit.internal.LimiterEngine;

/**
 * Fixed window counter, the classic {@code INCR} + {@code EXPIRE} limiter done atomically: at most
 * {@code permits} per window, windows aligned to multiples of their length since the Unix epoch on the
 * Redis server's clock (a per-minute window starts at second 0 of every minute, a per-day window at
 * 00:00 UTC).
 * <!-- snippet: RateLimitSnippets#fixedWindowRateLimiter -->
 * <pre>{@code
 * FixedWindowRateLimiter api = RateLimiter.builder(connector, "api").fixedWindow(Limit.perMinute(100));
 * boolean ok = api.tryAcquire("ip:" + remoteAddress).allowed();
 * }</pre>
 *
 * <h2>Trade-offs</h2>
 * The cheapest algorithm (one small hash per limit and caller) and the easiest to explain, but
 * <b>it allows a burst of up to twice the limit across a window boundary</b>: {@code permits} at the end
 * of one window and {@code permits} again at the start of the next. Use
 * {@link SlidingWindowRateLimiter} or {@link GcraRateLimiter} where that matters.
 *
 * <h2>Keys and TTL</h2>
 * One hash per limit and caller, <code>prefix:ratelimit:name:{caller}:fw-windowMillis</code>, holding
 * the window index and its count; its TTL, set in the same script, ends with the window (Redis clock).
 * Changing a limit's permits keeps counting in the current window; changing its window starts new keys,
 * and the old ones expire by their TTL.
 *
 * <p>Thread-safe; see {@link RateLimiter} for atomicity, failures and retries.
 */
public final class FixedWindowRateLimiter extends AbstractRateLimiter {

    FixedWindowRateLimiter(LimiterEngine engine) {
        super(engine);
    }
}
