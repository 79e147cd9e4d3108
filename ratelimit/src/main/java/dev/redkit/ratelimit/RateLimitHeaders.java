package dev.redkit.ratelimit;

import dev.redkit.core.spi.Checks;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a {@link RateLimitDecision} into HTTP response header fields, framework-free.
 * <!-- snippet: RateLimitSnippets#rateLimitHeaders -->
 * <pre>{@code
 * RateLimitDecision d = api.tryAcquire(ip);
 * RateLimitHeaders.of(d).forEach(response::setHeader);
 * if (!d.allowed()) {
 *     response.setStatus(429);
 * }
 * }</pre>
 * For a decision {@code allowed=false, limit=100, remaining=0, resetAfter=17.2s, retryAfter=17.2s,
 * window=1m} the fields are:
 * <pre>
 * X-RateLimit-Limit: 100
 * X-RateLimit-Remaining: 0
 * X-RateLimit-Reset: 18
 * RateLimit-Policy: "100-per-60s";q=100;w=60
 * RateLimit: "100-per-60s";r=0;t=18
 * Retry-After: 18
 * </pre>
 * {@code RateLimit} and {@code RateLimit-Policy} follow draft-ietf-httpapi-ratelimit-headers (structured
 * fields; the policy item is named after its quota and window). All times are delta-seconds, rounded up:
 * {@code X-RateLimit-Reset} is the number of seconds until the reported limit is replenished, not an
 * epoch time. {@code Retry-After} is present only for a denied decision. With several limits the fields
 * describe the one the decision reports (see {@link RateLimitDecision}).
 */
public final class RateLimitHeaders {

    /** {@code X-RateLimit-Limit}: the capacity of the reported limit. */
    public static final String X_RATE_LIMIT_LIMIT = "X-RateLimit-Limit";
    /** {@code X-RateLimit-Remaining}: permits left. */
    public static final String X_RATE_LIMIT_REMAINING = "X-RateLimit-Remaining";
    /** {@code X-RateLimit-Reset}: seconds until the limit is replenished. */
    public static final String X_RATE_LIMIT_RESET = "X-RateLimit-Reset";
    /** {@code RateLimit-Policy}: the IETF quota policy field. */
    public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    /** {@code RateLimit}: the IETF field with remaining quota and reset time. */
    public static final String RATE_LIMIT = "RateLimit";
    /** {@code Retry-After}: seconds until a retry can succeed (denied decisions only). */
    public static final String RETRY_AFTER = "Retry-After";

    private RateLimitHeaders() {}

    /**
     * The header fields for a decision, in a stable order.
     *
     * @param decision the decision
     * @return an unmodifiable map from field name to value
     * @throws IllegalArgumentException if the decision is null
     */
    public static Map<String, String> of(RateLimitDecision decision) {
        Checks.notNull(decision, "decision");
        long reset = seconds(decision.resetAfter());
        long window = Math.max(1, seconds(decision.window()));
        String policy = '"' + Long.toString(decision.limit()) + "-per-" + window + "s\"";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(X_RATE_LIMIT_LIMIT, Long.toString(decision.limit()));
        headers.put(X_RATE_LIMIT_REMAINING, Long.toString(decision.remaining()));
        headers.put(X_RATE_LIMIT_RESET, Long.toString(reset));
        headers.put(RATE_LIMIT_POLICY, policy + ";q=" + decision.limit() + ";w=" + window);
        headers.put(RATE_LIMIT, policy + ";r=" + decision.remaining() + ";t=" + reset);
        if (!decision.allowed()) {
            headers.put(RETRY_AFTER, Long.toString(Math.max(1, seconds(decision.retryAfter()))));
        }
        return Collections.unmodifiableMap(headers);
    }

    private static long seconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }
}
