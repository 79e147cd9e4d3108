package dev.redkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@RedisTest
class SessionExpiryIT {

    @Test
    void idleExpirySlidesButNeverPastTheAbsoluteExpiry(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        Instant t0 = clock.instant();
        SessionStore sessions = SessionStore.builder(redis).secret(TestKeys.SESSION_KEY).clock(clock)
                .idleTimeout(Duration.ofHours(1)).absoluteTimeout(Duration.ofHours(3)).build();
        NewSession s = sessions.create("u1", Map.of(), ClientInfo.unknown());
        assertThat(s.session().expiresAt()).isEqualTo(t0.plus(Duration.ofHours(1)));
        assertThat(s.session().absoluteExpiresAt()).isEqualTo(t0.plus(Duration.ofHours(3)));

        for (int step = 1; step <= 2; step++) {
            clock.advance(Duration.ofMinutes(50));
            Session seen = sessions.get(s.token()).orElseThrow(() -> new AssertionError("expired while in use"));
            assertThat(seen.lastSeenAt()).isEqualTo(clock.instant());
            assertThat(seen.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
            assertThat(seen.absoluteExpiresAt()).isEqualTo(t0.plus(Duration.ofHours(3)));
        }
        clock.advance(Duration.ofMinutes(50));  // t0 + 2h30m: the idle expiry would be t0 + 3h30m
        Session capped = sessions.get(s.token()).orElseThrow();
        assertThat(capped.expiresAt()).isEqualTo(t0.plus(Duration.ofHours(3)));
        String key = ctx.keys().stream().filter(k -> k.contains(":s:")).findFirst().orElseThrow();
        assertThat((Long) ctx.raw(key, "PTTL", key)).isBetween(1L, Duration.ofMinutes(30).toMillis());

        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.get(s.token())).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(sessions.get(s.token())).isEmpty();
        assertThat(sessions.list("u1")).isEmpty();
        assertThat(ctx.keys()).isEmpty();
    }

    @Test
    void unusedSessionExpiresAfterTheIdleTimeout(RedisConnector redis) {
        MutableClock clock = MutableClock.now();
        SessionStore sessions = SessionStore.builder(redis).secret(TestKeys.SESSION_KEY).clock(clock).idleTimeout(Duration.ofMinutes(30)).build();
        NewSession s = sessions.create("u1", Map.of(), ClientInfo.unknown());
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.get(s.token())).isEmpty();
    }

    @Test
    void expiredSessionsVanishFromListAndFromRedis(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        SessionStore sessions = SessionStore.builder(redis).secret(TestKeys.SESSION_KEY).clock(clock).idleTimeout(Duration.ofMinutes(30)).build();
        NewSession old1 = sessions.create("u1", Map.of(), ClientInfo.unknown());
        sessions.create("u1", Map.of(), ClientInfo.unknown());
        clock.advance(Duration.ofMinutes(20));
        NewSession fresh = sessions.create("u1", Map.of(), ClientInfo.unknown());
        assertThat(sessions.list("u1")).hasSize(3);
        assertThat(ctx.keys()).hasSize(4);

        clock.advance(Duration.ofMinutes(15));
        List<SessionInfo> left = sessions.list("u1");
        assertThat(left).extracting(SessionInfo::id).containsExactly(fresh.session().id());
        assertThat(ctx.keys()).hasSize(2).noneMatch(k -> k.endsWith(old1.session().id()));

        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.list("u1")).isEmpty();
        assertThat(ctx.keys()).isEmpty();
    }

    @Test
    void indexLivesExactlyAsLongAsItsLongestSession(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        SessionStore sessions = SessionStore.builder(redis).secret(TestKeys.SESSION_KEY).clock(clock).idleTimeout(Duration.ofMinutes(30)).build();
        sessions.create("u1", Map.of(), ClientInfo.unknown());
        clock.advance(Duration.ofMinutes(10));
        NewSession later = sessions.create("u1", Map.of(), ClientInfo.unknown());
        String index = ctx.keys().stream().filter(k -> k.contains(":u:")).findFirst().orElseThrow();
        String laterKey = ctx.keys().stream().filter(k -> k.endsWith(later.session().id())).findFirst().orElseThrow();
        long indexTtl = (Long) ctx.raw(index, "PTTL", index);
        long sessionTtl = (Long) ctx.raw(laterKey, "PTTL", laterKey);
        assertThat(indexTtl).isBetween(sessionTtl - 1000, Duration.ofMinutes(30).toMillis());
    }

    @Test
    void redisDeletesEverythingOnItsOwnWhenNobodyComesBack(RedisConnector redis, RedisTestContext ctx)
            throws InterruptedException {
        // Redis' own TTLs at work (server time, not client-computed time): the only real wait in the suite
        SessionStore sessions = SessionStore.builder(redis).secret(TestKeys.SESSION_KEY).idleTimeout(Duration.ofMillis(300))
                .absoluteTimeout(Duration.ofSeconds(1)).build();
        sessions.create("u1", Map.of("a", 1), ClientInfo.of("10.0.0.1", "ua"));
        sessions.create("u1", Map.of(), ClientInfo.unknown());
        assertThat(ctx.keys()).hasSize(3);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ctx.keys().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ctx.keys()).isEmpty();
    }
}
