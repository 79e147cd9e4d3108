package dev.redkit.docs.javadoc;

import dev.redkit.core.RedisConnector;
import dev.redkit.ratelimit.FailurePolicy;
import dev.redkit.ratelimit.FixedWindowRateLimiter;
import dev.redkit.ratelimit.GcraRateLimiter;
import dev.redkit.ratelimit.Limit;
import dev.redkit.ratelimit.RateLimitDecision;
import dev.redkit.ratelimit.RateLimitHeaders;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.ratelimit.RateLimiters;
import dev.redkit.ratelimit.SlidingWindowRateLimiter;
import java.time.Duration;

/** The Javadoc examples of the RateLimit module, compiled; see {@code JavadocExamples}. */
class RateLimitSnippets {

    // ratelimit/src/main/java/dev/redkit/ratelimit/FixedWindowRateLimiter.java
    void fixedWindowRateLimiter(RedisConnector connector, String remoteAddress) {
        // region fixedWindowRateLimiter
        FixedWindowRateLimiter api = RateLimiter.builder(connector, "api").fixedWindow(Limit.perMinute(100));
        boolean ok = api.tryAcquire("ip:" + remoteAddress).allowed();
        // endregion
    }

    // ratelimit/src/main/java/dev/redkit/ratelimit/GcraRateLimiter.java
    void gcraRateLimiter(RedisConnector connector, String phoneNumber) {
        // region gcraRateLimiter
        GcraRateLimiter sms = RateLimiter.builder(connector, "sms")
                .gcra(Limit.of(10, Duration.ofSeconds(1)).burst(20));
        RateLimitDecision d = sms.tryAcquire(phoneNumber);
        // endregion
    }

    // ratelimit/src/main/java/dev/redkit/ratelimit/Limit.java
    void limit() {
        // region limit
        Limit api = Limit.perMinute(100);
        Limit daily = Limit.perDay(100);
        Limit sms = Limit.of(10, Duration.ofSeconds(1)).burst(20);
        // endregion
    }

    // ratelimit/src/main/java/dev/redkit/ratelimit/RateLimitHeaders.java
    void rateLimitHeaders(RateLimiter api, String ip, Response response) {
        // region rateLimitHeaders
        RateLimitDecision d = api.tryAcquire(ip);
        RateLimitHeaders.of(d).forEach(response::setHeader);
        if (!d.allowed()) {
            response.setStatus(429);
        }
        // endregion
    }

    // ratelimit/src/main/java/dev/redkit/ratelimit/RateLimiter.java
    void rateLimiter(RedisConnector connector, Response response) {
        // region rateLimiter
        RateLimiter api = RateLimiter.builder(connector, "api").fixedWindow(Limit.perMinute(100));
        RateLimitDecision d = api.tryAcquire("ip:203.0.113.7");
        if (!d.allowed()) {
            RateLimitHeaders.of(d).forEach(response::setHeader);
            response.setStatus(429);
        }
        // endregion
    }

    // ratelimit/src/main/java/dev/redkit/ratelimit/RateLimiters.java
    void rateLimiters(RedisConnector connector) {
        // region rateLimiters
        RateLimiter api = RateLimiters.builder(connector, "api")
                .failurePolicy(FailurePolicy.FAIL_OPEN)
                .fixedWindow(Limit.perMinute(100));
        RateLimiter redeem = RateLimiters.slidingWindow(connector, "redeem", Limit.perMinute(5), Limit.perDay(100));
        RateLimiter sms = RateLimiters.gcra(
                connector, "sms", Limit.of(10, Duration.ofSeconds(1)).burst(20));
        // endregion
    }

    // ratelimit/src/main/java/dev/redkit/ratelimit/SlidingWindowRateLimiter.java
    void slidingWindowRateLimiter(RedisConnector connector) {
        // region slidingWindowRateLimiter
        SlidingWindowRateLimiter redeem =
                RateLimiter.builder(connector, "redeem").slidingWindow(Limit.perMinute(5), Limit.perDay(100));
        SlidingWindowRateLimiter exact = RateLimiter.builder(connector, "login").slidingLog(Limit.perMinute(5));
        // endregion
    }

    /** The part of an HTTP response the examples set. */
    interface Response {
        void setHeader(String name, String value);

        void setStatus(int status);
    }
}
