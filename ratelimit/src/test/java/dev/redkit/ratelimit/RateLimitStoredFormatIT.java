package dev.redkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.embedded.junit.StoredLayout;
import org.junit.jupiter.api.Test;

/**
 * Pins the stored format of every algorithm (docs/COMPATIBILITY.md): limiters of the same name on old and new
 * instances of a rolling deploy must count in the same keys.
 */
@RedisTest
class RateLimitStoredFormatIT {

    @Test
    void eachAlgorithmKeepsItsDocumentedKeysPerCallerAllExpiring(RedisConnector redis, RedisTestContext ctx) {
        RateLimiter.builder(redis, "fixed").fixedWindow(Limit.perMinute(5)).tryAcquire("ip-1");
        RateLimiter.builder(redis, "sliding").slidingWindow(Limit.perMinute(5)).tryAcquire("ip-1");
        RateLimiter.builder(redis, "log").slidingLog(Limit.perMinute(5)).tryAcquire("ip-1");
        RateLimiter.builder(redis, "gcra").gcra(Limit.perMinute(5)).tryAcquire("ip-1");

        assertThat(StoredLayout.of(ctx))
                .containsExactly(
                        "ratelimit:fixed:{ip-1}:fw2-60000 string ttl",
                        "ratelimit:gcra:{ip-1}:gcra2-60000 string ttl",
                        "ratelimit:log:{ip-1}:sl-60000 zset ttl",
                        "ratelimit:sliding:{ip-1}:sw2-60000 string ttl");
    }
}
