package dev.redkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 19: the scripts pick the most restrictive limit themselves and answer one short string, write
 * nothing on a refusal, and keep a window's TTL (SET KEEPTTL) instead of setting it again on every grant.
 */
@RedisTest
class ScriptDecisionIT {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    @ParameterizedTest
    @EnumSource(Kind.class)
    void severalLimitsAnswerForTheMostRestrictive(Kind kind, RedisConnector redis, RedisTestContext ctx)
            throws Exception {
        // the limits' windows end at different times: not within the last minute of the hour
        new ServerClock(ctx).awaitRoom(HOUR, Duration.ofMinutes(2));
        // allowed: the fewest permits left wins, whatever its position
        RateLimiter fewest = kind.create(redis, "fewest", Limit.perMinute(100), Limit.perDay(4), Limit.perHour(10));
        RateLimitDecision first = fewest.tryAcquire("k");
        assertThat(first.allowed()).isTrue();
        assertThat(first.window()).isEqualTo(DAY);
        assertThat(first.limit()).isEqualTo(4);
        assertThat(first.remaining()).isEqualTo(3);
        assertThat(first.retryAfter()).isZero();

        // allowed with as many left on both: the later reset wins
        RateLimiter tie = kind.create(redis, "tie", Limit.perMinute(4), Limit.perHour(4));
        RateLimitDecision tied = tie.tryAcquire("k");
        assertThat(tied.allowed()).isTrue();
        assertThat(tied.window()).isEqualTo(HOUR);
        assertThat(tied.remaining()).isEqualTo(3);
        assertThat(tied.resetAfter()).isGreaterThan(Duration.ofMinutes(1));

        // refused by both: the longer retry wins
        RateLimiter both = kind.create(redis, "both", Limit.perMinute(2), Limit.perHour(2));
        assertThat(both.tryAcquire("k", 2).allowed()).isTrue();
        RateLimitDecision refused = both.tryAcquire("k");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.window()).isEqualTo(HOUR);
        assertThat(refused.retryAfter()).isGreaterThan(Duration.ofMinutes(1));

        // refused by the middle one of three: its retry, and nothing taken from the other two (windows of a
        // day or more, so that a bucket refills nothing while the test runs)
        Limit daily = Limit.perDay(100);
        Limit twoDays = Limit.of(50, Duration.ofDays(2));
        RateLimiter middle = kind.create(redis, "middle", daily, Limit.perHour(3), twoDays);
        assertThat(middle.tryAcquire("k", 3).remaining()).isZero();
        RateLimitDecision byMiddle = middle.tryAcquire("k");
        assertThat(byMiddle.allowed()).isFalse();
        assertThat(byMiddle.window()).isEqualTo(HOUR);
        assertThat(byMiddle.limit()).isEqualTo(3);
        assertThat(byMiddle.retryAfter()).isPositive().isLessThanOrEqualTo(HOUR.multipliedBy(2));
        assertThat(kind.create(redis, "middle", daily).peek("k").remaining()).isEqualTo(97);
        assertThat(kind.create(redis, "middle", twoDays).peek("k").remaining()).isEqualTo(47);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRefusedRequestLeavesEveryKeyAsItWas(Kind kind, RedisConnector redis, RedisTestContext ctx) throws Exception {
        new ServerClock(ctx).awaitRoom(HOUR, Duration.ofSeconds(10));
        RateLimiter one = kind.create(redis, "one", Limit.perHour(5));
        RateLimiter two = kind.create(redis, "two", Limit.perHour(5), Limit.perDay(4));
        assertThat(one.tryAcquire("k", 3).allowed()).isTrue();
        assertThat(two.tryAcquire("k", 3).allowed()).isTrue();
        List<String> before = snapshot(ctx);
        long ttlBefore = maxTtl(ctx);
        Faults.await(() -> maxTtl(ctx) < ttlBefore, Duration.ofSeconds(5));

        assertThat(one.tryAcquire("k", 3).allowed()).isFalse();
        assertThat(two.tryAcquire("k", 2).allowed()).isFalse();
        assertThat(one.peek("k").allowed()).isTrue();

        assertThat(snapshot(ctx)).isEqualTo(before);
        // no TTL was set again: each one only ran down
        assertThat(maxTtl(ctx)).isLessThan(ttlBefore);
    }

    @ParameterizedTest
    @EnumSource(
            value = Kind.class,
            names = {"FIXED_WINDOW", "SLIDING_WINDOW"})
    void theTtlEndsWithTheWindowsTheStateCounts(Kind kind, RedisConnector redis, RedisTestContext ctx)
            throws Exception {
        ServerClock clock = new ServerClock(ctx);
        Duration window = Duration.ofSeconds(1);
        // the counts matter until the end of their window (fixed) or of the next one (weighted)
        long windowsCounted = kind == Kind.FIXED_WINDOW ? 1 : 2;
        RateLimiter limiter = kind.create(redis, "keep", Limit.of(1000, window));
        clock.awaitPosition(window, Duration.ofMillis(100), Duration.ofMillis(200));
        int grants = 0;
        // grants early and late in one window, then in the next: the first of each window sets the TTL, the
        // others keep it
        for (long pause : new long[] {0, 300, 300, 400, 200}) {
            Thread.sleep(pause);
            assertThat(limiter.tryAcquire("k").allowed()).isTrue();
            grants++;
            String key = ctx.keys().get(0);
            // read before the TTL: the end computed from both may only come out a little early
            long nowMillis = clock.micros() / 1000;
            long ttl = (Long) ctx.raw(key, "PTTL", key);
            String state = new String((byte[]) ctx.raw(key, "GET", key), StandardCharsets.US_ASCII);
            long stored = Long.parseLong(state.substring(0, state.indexOf(':')));
            long end = (stored + windowsCounted) * window.toMillis();
            assertThat(nowMillis + ttl)
                    .as("end of the TTL after grant %d (state %s)", grants, state)
                    .isBetween(end - 100, end + 2);
        }
        assertThat(ctx.keys()).hasSize(1);
    }

    /**
     * The exact log names a grant's entries after the entries its window holds ({@code <now>-<count + 1>}),
     * which is free unless the Redis clock went back to a microsecond it had granted in after entries were
     * removed. Here the names are taken on purpose, for every microsecond of the grant's time: the grant must
     * still add one entry per permit under the next free name.
     */
    @Test
    void slidingLogAddsAnEntryPerPermitWhenTheNameItPicksIsTaken(RedisConnector redis, RedisTestContext ctx)
            throws Exception {
        ServerClock clock = new ServerClock(ctx);
        int span = 90_000;
        boolean collided = false;
        for (int attempt = 0; attempt < 5 && !collided; attempt++) {
            String name = "names" + attempt;
            RateLimiter limiter = Kind.SLIDING_LOG.create(redis, name, Limit.perHour(100_000));
            assertThat(limiter.tryAcquire("k").allowed()).isTrue();
            String key = ctx.keys().stream()
                    .filter(k -> k.contains(":" + name + ":"))
                    .findFirst()
                    .orElseThrow();
            // with these, the window holds span + 1 entries: the next grant in [from, from + span) picks the
            // taken name '<now>-<span + 2>'
            long from = clock.micros() + 500_000;
            String[] args = new String[1 + 2 * span];
            args[0] = key;
            for (int i = 0; i < span; i++) {
                String stamp = Long.toString(from + i);
                args[1 + 2 * i] = stamp;
                args[2 + 2 * i] = stamp + "-" + (span + 2);
            }
            ctx.raw(key, "ZADD", args);
            Faults.await(() -> clock.micros() >= from + 2_000, Duration.ofSeconds(5));
            RateLimitDecision d = limiter.tryAcquire("k");
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(100_000 - span - 2);
            assertThat((Long) ctx.raw(key, "ZCARD", key)).isEqualTo(span + 2L);
            // the grant's microsecond holds the taken name and the grant's own entry
            Object stamped = ctx.raw(key, "ZRANGEBYSCORE", key, Long.toString(from), Long.toString(from + span - 1));
            collided = ((List<?>) stamped).size() == span + 1;
        }
        assertThat(collided)
                .as("a grant landed on a taken name within 5 attempts")
                .isTrue();
    }

    private static List<String> snapshot(RedisTestContext ctx) {
        List<String> state = new ArrayList<>();
        for (String key : ctx.keys().stream().sorted().toList()) {
            Object type = ctx.raw(key, "TYPE", key);
            String t = type instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : String.valueOf(type);
            Object value =
                    t.equals("zset") ? ctx.raw(key, "ZRANGE", key, "0", "-1", "WITHSCORES") : ctx.raw(key, "GET", key);
            state.add(key + " " + t + " " + render(value));
        }
        return state;
    }

    private static String render(Object value) {
        if (value instanceof byte[] b) {
            return new String(b, StandardCharsets.US_ASCII);
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object o : list) {
                parts.add(render(o));
            }
            return parts.toString();
        }
        return String.valueOf(value);
    }

    private static long maxTtl(RedisTestContext ctx) {
        long max = 0;
        for (String key : ctx.keys()) {
            max = Math.max(max, (Long) ctx.raw(key, "PTTL", key));
        }
        return max;
    }
}
