package dev.redkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.Topology;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redis stops answering (its processes are paused, so connections hang rather than being refused):
 * limiters answer by their failure policy, count every failure and return within the socket timeout
 * (times the Cluster attempts on Cluster).
 */
@RedisTest
class FailurePolicyIT {

    private static final Duration SOCKET_TIMEOUT = Duration.ofMillis(300);

    private static RedisConnector shortTimeouts(RedisTestContext ctx) {
        return ctx.newConnector(b ->
                b.socketTimeout(SOCKET_TIMEOUT).connectTimeout(SOCKET_TIMEOUT).maxWaitForConnection(SOCKET_TIMEOUT));
    }

    /**
     * How long one call may take, plus slack for a loaded machine: the socket timeout on standalone. On
     * Cluster, Jedis tries up to {@code clusterMaxAttempts} times and then refreshes its slot map from
     * the (unresponsive) nodes; measured about 2.6 s with 300 ms timeouts and 3 attempts.
     */
    private static Duration bound(RedisTestContext ctx) {
        if (ctx.topology() == Topology.CLUSTER) {
            return SOCKET_TIMEOUT
                    .multipliedBy(3L * ctx.config().clusterMaxAttempts())
                    .plusSeconds(2);
        }
        return SOCKET_TIMEOUT.plusSeconds(1);
    }

    @Test
    void failOpenAllowsCountsAndDoesNotHang(RedisTestContext ctx) {
        RedisConnector redis = shortTimeouts(ctx);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<RateLimiter> limiters = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            limiters.add(kind.create(
                    RateLimiter.builder(redis, "open-" + kind.ordinal())
                            .failurePolicy(FailurePolicy.FAIL_OPEN)
                            .meterRegistry(registry),
                    Limit.perHour(5),
                    Limit.perDay(50)));
        }
        limiters.forEach(l -> assertThat(l.tryAcquire("k").allowed()).isTrue());
        pauseAll(ctx);
        try {
            for (RateLimiter l : limiters) {
                RateLimitDecision d = timed(ctx, () -> l.tryAcquire("k", 2));
                assertThat(d.allowed()).isTrue();
                assertThat(d.limit()).isEqualTo(5);
                assertThat(d.remaining()).isEqualTo(3);
            }
            RateLimiter first = limiters.get(0);
            RateLimitDecision peek = timed(ctx, () -> first.peek("k"));
            assertThat(peek.allowed()).isTrue();
            assertThat(peek.remaining()).isEqualTo(5);
            assertThatThrownBy(() -> first.reset("k")).isInstanceOf(RedisUnavailableException.class);
        } finally {
            resumeAll(ctx);
        }
        for (int i = 0; i < limiters.size(); i++) {
            assertThat(registry.get("redkit.ratelimit.failures")
                            .tag("name", "open-" + i)
                            .counter()
                            .count())
                    .isEqualTo(i == 0 ? 2.0 : 1.0);
            assertThat(registry.get("redkit.ratelimit.acquire")
                            .tag("name", "open-" + i)
                            .tag("outcome", "allowed")
                            .timer()
                            .count())
                    .isEqualTo(2);
        }
        // recovered: decisions come from Redis again. The paused server still ran the scripts that were
        // waiting in its socket buffers when it resumed (once, or on Cluster up to once per attempt), so
        // the timed-out acquire may have counted: over-counting, never under-counting.
        RateLimitDecision after = limiters.get(0).tryAcquire("k");
        assertThat(after.remaining()).isBetween(0L, 3L);
        assertThat(registry.get("redkit.ratelimit.failures")
                        .tag("name", "open-0")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void failClosedDeniesCountsAndDoesNotHang(RedisTestContext ctx) {
        RedisConnector redis = shortTimeouts(ctx);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<RateLimiter> limiters = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            // no policy set: FAIL_CLOSED is the default
            limiters.add(kind.create(
                    RateLimiter.builder(redis, "closed-" + kind.ordinal()).meterRegistry(registry),
                    Limit.perMinute(5)));
        }
        limiters.forEach(
                l -> assertThat(((AbstractRateLimiter) l).failurePolicy()).isEqualTo(FailurePolicy.FAIL_CLOSED));
        pauseAll(ctx);
        try {
            for (RateLimiter l : limiters) {
                RateLimitDecision d = timed(ctx, () -> l.tryAcquire("k"));
                assertThat(d.allowed()).isFalse();
                assertThat(d.remaining()).isZero();
                assertThat(d.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            }
            assertThat(timed(ctx, () -> limiters.get(0).peek("k")).allowed()).isFalse();
        } finally {
            resumeAll(ctx);
        }
        for (int i = 0; i < limiters.size(); i++) {
            assertThat(registry.get("redkit.ratelimit.failures")
                            .tag("name", "closed-" + i)
                            .counter()
                            .count())
                    .isEqualTo(i == 0 ? 2.0 : 1.0);
            assertThat(registry.get("redkit.ratelimit.acquire")
                            .tag("name", "closed-" + i)
                            .tag("outcome", "denied")
                            .timer()
                            .count())
                    .isEqualTo(1);
        }
        assertThat(limiters.get(0).tryAcquire("k").allowed()).isTrue();
        assertThat(registry.get("redkit.ratelimit.failures")
                        .tag("name", "closed-0")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void redisBackoffIsOffByDefaultValidatedWhenSetAndSetOnce(RedisTestContext ctx) {
        RateLimiterBuilder b = RateLimiter.builder(ctx.connector(), "options");
        assertThat(b.toString()).contains("redisBackoff=off");
        assertThat(b.gcra(Limit.perSecond(1)).toString()).contains("initial=0ms");
        assertThatThrownBy(() -> b.redisBackoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redisBackoff.initial must not be negative");
        assertThatThrownBy(() -> b.redisBackoff(Duration.ofNanos(1000), Duration.ofSeconds(1)))
                .hasMessageContaining("redisBackoff.initial must be at least 1 ms");
        assertThatThrownBy(() -> b.redisBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("redisBackoff.max must not be shorter than redisBackoff.initial");
        assertThatThrownBy(() -> b.redisBackoff(Duration.ofSeconds(1), null)).hasMessageContaining("redisBackoff.max");
        assertThatThrownBy(() -> b.clock(null)).hasMessageContaining("clock");
        b.redisBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(b.toString()).contains("redisBackoff=PT1S .. PT10S");
        assertThatThrownBy(() -> b.redisBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStoppedServerIsAFailureToo(RedisTestContext ctx) {
        try (EmbeddedRedis own = EmbeddedRedis.start()) {
            RedisConnector redis = ctx.newConnector(b -> b.standalone(own.host(), own.port())
                    .socketTimeout(SOCKET_TIMEOUT)
                    .connectTimeout(SOCKET_TIMEOUT));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RateLimiter open = RateLimiter.builder(redis, "own")
                    .failurePolicy(FailurePolicy.FAIL_OPEN)
                    .meterRegistry(registry)
                    .gcra(Limit.perSecond(10));
            RateLimiter closed =
                    RateLimiter.builder(redis, "own").meterRegistry(registry).gcra(Limit.perSecond(10));
            assertThat(open.tryAcquire("k").allowed()).isTrue();
            own.kill();
            assertThat(timed(ctx, () -> open.tryAcquire("k")).allowed()).isTrue();
            assertThat(timed(ctx, () -> closed.tryAcquire("k")).allowed()).isFalse();
            assertThat(registry.get("redkit.ratelimit.failures")
                            .tag("name", "own")
                            .counter()
                            .count())
                    .isEqualTo(2.0);
        }
    }

    private static RateLimitDecision timed(RedisTestContext ctx, java.util.function.Supplier<RateLimitDecision> call) {
        long start = System.nanoTime();
        RateLimitDecision d = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound(ctx));
        return d;
    }

    private static void pauseAll(RedisTestContext ctx) {
        ctx.dataNodes().forEach(EmbeddedRedis::pause);
    }

    private static void resumeAll(RedisTestContext ctx) {
        ctx.dataNodes().forEach(EmbeddedRedis::resume);
    }
}
