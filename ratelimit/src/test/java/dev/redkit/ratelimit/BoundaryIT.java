package dev.redkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The edge burst: a full limit at the end of one window and again at the start of the next. Windows
 * follow the Redis clock, so the test aligns itself to window boundaries by reading {@code TIME}.
 */
@RedisTest
class BoundaryIT {

    private static final int LIMIT = 10;
    private static final Duration WINDOW = Duration.ofSeconds(2);

    /** Permits granted in two bursts that straddle a window boundary, and the server times around them. */
    private static final class Bursts {
        int first;
        int second;
        long start;
        long end;

        double spanShare() {
            return (end - start) / (double) (WINDOW.toNanos() / 1000);
        }
    }

    private static Bursts straddle(RateLimiter limiter, RedisTestContext ctx) throws InterruptedException {
        ServerClock clock = new ServerClock(ctx);
        for (int attempt = 0; attempt < 5; attempt++) {
            String key = "caller-" + attempt;
            Bursts b = new Bursts();
            b.start = clock.awaitPosition(WINDOW, WINDOW.minusMillis(250), WINDOW.minusMillis(150));
            for (int i = 0; i < LIMIT; i++) {
                b.first += limiter.tryAcquire(key).allowed() ? 1 : 0;
            }
            long afterFirst = clock.micros();
            long crossed = clock.awaitPosition(WINDOW, Duration.ZERO, Duration.ofMillis(100));
            for (int i = 0; i < LIMIT; i++) {
                b.second += limiter.tryAcquire(key).allowed() ? 1 : 0;
            }
            b.end = clock.micros();
            long window = ServerClock.windowIndex(b.start, WINDOW);
            if (ServerClock.windowIndex(afterFirst, WINDOW) == window
                    && ServerClock.windowIndex(crossed, WINDOW) == window + 1
                    && ServerClock.windowIndex(b.end, WINDOW) == window + 1) {
                return b;
            }
        }
        throw new IllegalStateException("could not place two bursts around a window boundary in 5 attempts");
    }

    @Test
    void fixedWindowAllowsTwiceTheLimitAcrossTheBoundary(RedisConnector redis, RedisTestContext ctx) throws Exception {
        Bursts b = straddle(RateLimiter.builder(redis, "edge").fixedWindow(Limit.of(LIMIT, WINDOW)), ctx);
        assertThat(b.first).isEqualTo(LIMIT);
        assertThat(b.second).isEqualTo(LIMIT);
        assertThat(b.spanShare()).isLessThan(0.5);
    }

    @Test
    void slidingWindowStaysWithinItsTolerance(RedisConnector redis, RedisTestContext ctx) throws Exception {
        Bursts b = straddle(RateLimiter.builder(redis, "edge").slidingWindow(Limit.of(LIMIT, WINDOW)), ctx);
        assertThat(b.first).isEqualTo(LIMIT);
        // documented bound: at most limit * (1 + d / window) within a span d that crosses a boundary
        assertThat(b.first + b.second).isLessThanOrEqualTo(LIMIT + (int) Math.floor(LIMIT * b.spanShare()));
        assertThat(b.second).isLessThanOrEqualTo(LIMIT / 4);
    }

    @Test
    void slidingLogAllowsNothingMoreWithinTheWindow(RedisConnector redis, RedisTestContext ctx) throws Exception {
        Bursts b = straddle(RateLimiter.builder(redis, "edge").slidingLog(Limit.of(LIMIT, WINDOW)), ctx);
        assertThat(b.first).isEqualTo(LIMIT);
        assertThat(b.second).isZero();
    }

    @Test
    void gcraOnlyRefillsAtItsRate(RedisConnector redis, RedisTestContext ctx) throws Exception {
        Bursts b = straddle(RateLimiter.builder(redis, "edge").gcra(Limit.of(LIMIT, WINDOW)), ctx);
        assertThat(b.first).isEqualTo(LIMIT);
        // one permit comes back every window / limit = 200 ms
        assertThat(b.second).isLessThanOrEqualTo((int) Math.floor(LIMIT * b.spanShare()));
        assertThat(b.second).isLessThanOrEqualTo(LIMIT / 4);
    }
}
