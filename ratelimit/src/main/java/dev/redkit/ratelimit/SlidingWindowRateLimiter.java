package dev.redkit.ratelimit;

import dev.redkit.ratelimit.internal.LimiterEngine;

/**
 * Sliding window limiter: at most {@code permits} within any window-long span ending now, in one of two
 * variants.
 * <!-- snippet: RateLimitSnippets#slidingWindowRateLimiter -->
 * <pre>{@code
 * SlidingWindowRateLimiter redeem =
 *         RateLimiter.builder(connector, "redeem").slidingWindow(Limit.perMinute(5), Limit.perDay(100));
 * SlidingWindowRateLimiter exact = RateLimiter.builder(connector, "login").slidingLog(Limit.perMinute(5));
 * }</pre>
 *
 * <h2>Weighted counter ({@link RateLimiterBuilder#slidingWindow}, the default)</h2>
 * Keeps the counts of the current and the previous fixed window and estimates the sliding count as
 * {@code previous * (1 - elapsed / window) + current}, which assumes the previous window's requests were
 * spread evenly. <b>Tolerance:</b> it never admits more than {@code permits} within one fixed window, and
 * at most {@code permits * (1 + d / window)} within any span of length {@code d <= window} that crosses a
 * window boundary; so the edge burst of a fixed window (twice the limit in an instant) cannot happen,
 * but traffic concentrated at the end of one window can be followed by a share of {@code d / window} more
 * in the next. Memory: one small hash per limit and caller, whatever the limit.
 *
 * <h2>Exact log ({@link RateLimiterBuilder#slidingLog})</h2>
 * Keeps one sorted-set entry per permit granted within the last window and admits exactly
 * {@code permits} per any window-long span. <b>Memory cost: one entry (about 130 bytes; 127 measured on
 * Redis 7) per permit granted in the window, per caller</b>: 100 callers each at a limit of 10,000 per
 * hour hold 1,000,000 entries, about 127 MB. Each call also costs O(log n) in Redis. Its limits may therefore have at most
 * 100,000 permits. Use it for small limits where exactness matters (login attempts, OTP sends).
 *
 * <h2>Keys and TTL</h2>
 * One key per limit and caller, <code>prefix:ratelimit:name:{caller}:sw-windowMillis</code> (a hash)
 * or {@code ...:sl-windowMillis} (a sorted set). The TTL, set in the same script, is the rest of the
 * current window plus one window for the counter, one window for the log (Redis clock). Changing a
 * limit's permits keeps the counts; changing its window starts new keys, and the old ones expire.
 *
 * <p>Thread-safe; see {@link RateLimiter} for atomicity, failures and retries.
 */
public final class SlidingWindowRateLimiter extends AbstractRateLimiter {

    private final boolean exact;

    SlidingWindowRateLimiter(LimiterEngine engine, boolean exact) {
        super(engine);
        this.exact = exact;
    }

    /** @return true for the exact log variant, false for the weighted two-window counter */
    public boolean exact() {
        return exact;
    }
}
