package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.RedisConnector;
import dev.redkit.ratelimit.FailurePolicy;
import dev.redkit.ratelimit.Limit;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.ratelimit.RateLimiterBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rate limiters configured under {@code redkit.ratelimit.limits.<name>.*}, by name.
 * <!-- snippet: SpringSnippets#redkitRateLimiters -->
 * <pre>{@code
 * RateLimitDecision d = limiters.get("login").tryAcquire(phone, 1);
 * }</pre>
 * Immutable and thread-safe.
 */
public final class RedkitRateLimiters {

    private final Map<String, RateLimiter> limiters;

    private RedkitRateLimiters(Map<String, RateLimiter> limiters) {
        this.limiters = Collections.unmodifiableMap(limiters);
    }

    static RedkitRateLimiters create(RedisConnector connector, Map<String, RedkitProperties.LimitSpec> specs) {
        Map<String, RateLimiter> map = new LinkedHashMap<>();
        specs.forEach((name, spec) -> map.put(name, build(connector, name, spec)));
        return new RedkitRateLimiters(map);
    }

    private static RateLimiter build(RedisConnector connector, String name, RedkitProperties.LimitSpec spec) {
        String property = "redkit.ratelimit.limits." + name;
        if (spec.getPermits() <= 0 || spec.getWindow() == null) {
            throw new IllegalStateException(property + ".permits and " + property + ".window must be set");
        }
        Limit limit;
        try {
            limit = spec.getBurst() == null
                    ? Limit.of(spec.getPermits(), spec.getWindow())
                    : new Limit(spec.getPermits(), spec.getWindow(), spec.getBurst());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + ": " + e.getMessage(), e);
        }
        RateLimiterBuilder b = RateLimiter.builder(connector, name)
                .failurePolicy(spec.isFailOpen() ? FailurePolicy.FAIL_OPEN : FailurePolicy.FAIL_CLOSED);
        switch (spec.getAlgorithm()) {
            case FIXED_WINDOW:
                return b.fixedWindow(limit);
            case GCRA:
                return b.gcra(limit);
            default:
                return b.slidingWindow(limit);
        }
    }

    /**
     * The limiter of a name.
     *
     * @param name the name under {@code redkit.ratelimit.limits}
     * @return the limiter
     * @throws IllegalArgumentException if no limiter of that name is configured
     */
    public RateLimiter get(String name) {
        RateLimiter limiter = limiters.get(name);
        if (limiter == null) {
            throw new IllegalArgumentException("no rate limit '" + name + "': configure redkit.ratelimit.limits." + name
                    + ".permits and .window (configured: " + limiters.keySet() + ")");
        }
        return limiter;
    }

    /** @return every limiter by name, in configuration order */
    public Map<String, RateLimiter> all() {
        return limiters;
    }
}
