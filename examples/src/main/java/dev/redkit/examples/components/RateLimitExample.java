package dev.redkit.examples.components;

import dev.redkit.ratelimit.Limit;
import dev.redkit.ratelimit.RateLimitDecision;
import dev.redkit.ratelimit.RateLimitHeaders;
import dev.redkit.ratelimit.RateLimiter;

/** Rate limiting: five requests per minute per IP on a sliding window, and the HTTP headers to send. */
public final class RateLimitExample {

    private RateLimitExample() {}

    /**
     * Runs the example.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (ExampleRedis redis = ExampleRedis.start()) {
            RateLimiter limiter = RateLimiter.builder(redis.connector(), "api").slidingWindow(Limit.perMinute(5));
            for (int i = 1; i <= 7; i++) {
                RateLimitDecision d = limiter.tryAcquire("203.0.113.7");
                System.out.println("request " + i + ": " + (d.allowed() ? "allowed" : "429") + ", remaining "
                        + d.remaining()
                        + (d.allowed() ? "" : ", retry after " + d.retryAfter().toSeconds() + " s"));
            }
            System.out.println("headers: " + RateLimitHeaders.of(limiter.peek("203.0.113.7")));
            System.out.println(
                    "another IP: " + limiter.tryAcquire("198.51.100.1").allowed());
        }
    }
}
