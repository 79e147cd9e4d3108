package dev.redkit.ratelimit;

/**
 * What a {@link RateLimiter} answers when Redis cannot give a decision: it is unreachable, does not
 * answer within the socket timeout ({@link dev.redkit.core.RedisConfig#socketTimeout()}), or answers
 * with an error. Either way the call returns instead of throwing, and the counter
 * {@code redkit.ratelimit.failures} (tag {@code name}) is incremented once per failed call.
 *
 * <p>How long a failing call takes is set by the connector: on standalone and Sentinel one socket
 * timeout (or connect timeout, or the wait for a pooled connection). On Cluster the driver tries up to
 * {@link dev.redkit.core.RedisConfig#clusterMaxAttempts()} times and refreshes its slot map, so a call
 * against unresponsive masters takes several timeouts (measured: about 2.6 s with 300 ms connect and
 * socket timeouts and 3 attempts). A script whose reply timed out may still run on the server later
 * (when a stalled server resumes, or as a Cluster retry), so a failed {@code tryAcquire} may still
 * count: an over-count, never an under-count.
 *
 * <p>The default is {@link #FAIL_CLOSED}: a limiter that guards OTP codes, coupons or SMS sends must not
 * turn into "unlimited" when Redis is down. Choose {@link #FAIL_OPEN} for limiters whose job is to
 * protect capacity (API calls per IP), where refusing every request during a Redis outage would be a
 * bigger outage than the one being guarded against.
 */
public enum FailurePolicy {

    /**
     * Allow the request. The decision reports {@code remaining = limit - permits}, and zero
     * {@code resetAfter} and {@code retryAfter}, because the true state is unknown.
     */
    FAIL_OPEN,

    /**
     * Deny the request. The decision reports {@code remaining = 0} and a {@code retryAfter} and
     * {@code resetAfter} of one second.
     */
    FAIL_CLOSED
}
