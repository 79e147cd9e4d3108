package dev.redkit.ratelimit;

import dev.redkit.ratelimit.internal.LimiterEngine;

/**
 * GCRA (generic cell rate algorithm), the token bucket in one timestamp: permits come back smoothly, one
 * every {@code window / permits}, and up to {@link Limit#burst() burst} permits (by default
 * {@code permits}) may be taken at once after a quiet period.
 * <!-- snippet: RateLimitSnippets#gcraRateLimiter -->
 * <pre>{@code
 * GcraRateLimiter sms = RateLimiter.builder(connector, "sms")
 *         .gcra(Limit.of(10, Duration.ofSeconds(1)).burst(20));
 * RateLimitDecision d = sms.tryAcquire(phoneNumber);
 * }</pre>
 *
 * <h2>Trade-offs</h2>
 * Smooth: no edge burst; within any span of length {@code d} it admits at most
 * {@code burst + permits * d / window}. The decision's {@code limit} is the burst, its
 * {@code remaining} the permits that could be taken at once now, and {@code resetAfter} the time until
 * the bucket is full again. Memory: one small hash per limit and caller.
 *
 * <h2>Keys and TTL</h2>
 * One hash per limit and caller, <code>prefix:ratelimit:name:{caller}:gcra-windowMillis</code>, holding
 * the theoretical arrival time (TAT) and the emission interval it was computed with. Its TTL, set in the
 * same script, ends at the TAT (Redis clock), when the bucket is full and the key says nothing. A changed
 * rate or burst takes effect at once: the stored debt is converted to the new emission interval.
 *
 * <p>Thread-safe; see {@link RateLimiter} for atomicity, failures and retries.
 */
public final class GcraRateLimiter extends AbstractRateLimiter {

    GcraRateLimiter(LimiterEngine engine) {
        super(engine);
    }
}
