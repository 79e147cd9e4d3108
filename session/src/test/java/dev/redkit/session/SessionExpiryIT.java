package dev.redkit.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.CommandCounter;
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
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .clock(clock)
                .idleTimeout(Duration.ofHours(1))
                .absoluteTimeout(Duration.ofHours(3))
                .build();
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
        clock.advance(Duration.ofMinutes(50)); // t0 + 2h30m: the idle expiry would be t0 + 3h30m
        Session capped = sessions.get(s.token()).orElseThrow();
        assertThat(capped.expiresAt()).isEqualTo(t0.plus(Duration.ofHours(3)));
        String key =
                ctx.keys().stream().filter(k -> k.contains(":s:")).findFirst().orElseThrow();
        assertThat((Long) ctx.raw(key, "PTTL", key))
                .isBetween(1L, Duration.ofMinutes(30).toMillis());

        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.get(s.token())).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(sessions.get(s.token())).isEmpty();
        assertThat(sessions.list("u1")).isEmpty();
        assertThat(ctx.keys()).isEmpty();
    }

    /**
     * Issue 19: every get rewrote last-seen, expiry, the TTL and the user index, and pruned the index (7 Redis
     * commands inside the script). Within the touch interval a get now only reads the session, with a plain
     * {@code HGETALL} (no script); a due touch is a second round trip, the get script.
     */
    @Test
    void getWithinTheTouchIntervalOnlyReads(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        Instant t0 = clock.instant();
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .clock(clock)
                .idleTimeout(Duration.ofMinutes(30))
                .touchInterval(Duration.ofMinutes(1))
                .build();
        NewSession s = sessions.create("u1", Map.of(), ClientInfo.unknown());
        try (CommandCounter counter = ctx.commandCounter()) {
            clock.advance(Duration.ofSeconds(59));
            Session read = sessions.get(s.token()).orElseThrow();
            assertThat(read.lastSeenAt()).isEqualTo(t0);
            assertThat(read.expiresAt()).isEqualTo(t0.plus(Duration.ofMinutes(30)));
            assertThat(counter.delta()).containsExactly(entry("hgetall", 1L));
            assertThat(counter.scriptDelta()).isEmpty();
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            clock.advance(Duration.ofSeconds(1));
            Session touched = sessions.get(s.token()).orElseThrow();
            assertThat(touched.lastSeenAt()).isEqualTo(clock.instant());
            assertThat(touched.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
            // plus one EVAL when this server has not run the get script yet
            assertThat(counter.delta())
                    .containsEntry("hgetall", 1L)
                    .containsEntry("evalsha", 1L)
                    .containsOnlyKeys("hgetall", "evalsha", "eval");
            assertThat(counter.scriptDelta())
                    .containsOnly(entry("hgetall", 1L), entry("hset", 1L), entry("pexpire", 2L), entry("zadd", 1L));
        }
        String index =
                ctx.keys().stream().filter(k -> k.contains(":u:")).findFirst().orElseThrow();
        String key =
                ctx.keys().stream().filter(k -> k.contains(":s:")).findFirst().orElseThrow();
        long sessionTtl = (Long) ctx.raw(key, "PTTL", key);
        assertThat(sessionTtl)
                .isBetween(
                        Duration.ofMinutes(29).toMillis(),
                        Duration.ofMinutes(30).toMillis());
        assertThat((Long) ctx.raw(index, "PTTL", index)).isGreaterThanOrEqualTo(sessionTtl - 1000);
        assertThat(sessions.list("u1"))
                .extracting(SessionInfo::expiresAt)
                .containsExactly(clock.instant().plus(Duration.ofMinutes(30)));
    }

    @Test
    void aTouchRecreatingAnExpiredIndexGivesItATtl(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .clock(clock)
                .idleTimeout(Duration.ofMinutes(30))
                .touchInterval(Duration.ofMinutes(1))
                .build();
        NewSession s = sessions.create("u1", Map.of(), ClientInfo.unknown());
        // the index expired before the session (instances whose clocks disagree set their TTLs apart)
        String index =
                ctx.keys().stream().filter(k -> k.contains(":u:")).findFirst().orElseThrow();
        ctx.raw(index, "DEL", index);
        clock.advance(Duration.ofMinutes(2));
        assertThat(sessions.get(s.token())).isPresent();
        assertThat((Long) ctx.raw(index, "PTTL", index))
                .isBetween(1L, Duration.ofMinutes(30).toMillis());
    }

    @Test
    void idleExpiryIsExactToWithinTheTouchInterval(RedisConnector redis) {
        MutableClock clock = MutableClock.now();
        Duration idle = Duration.ofMinutes(30);
        Duration touch = Duration.ofMinutes(1);
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .clock(clock)
                .idleTimeout(idle)
                .touchInterval(touch)
                .build();
        NewSession s = sessions.create("u1", Map.of(), ClientInfo.unknown());
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(59));
            assertThat(sessions.get(s.token())).isPresent();
        }
        Instant lastUse = clock.instant();
        // never earlier than idle - touchInterval after the last use ...
        clock.set(lastUse.plus(idle).minus(touch).minusMillis(1));
        assertThat(sessions.get(s.token())).isPresent();
        // ... and never later than idle after it (the get above touched, so restart from it)
        lastUse = clock.instant();
        clock.set(lastUse.plus(idle));
        assertThat(sessions.get(s.token())).isEmpty();
    }

    @Test
    void touchIntervalMustBeShorterThanTheIdleTimeout(RedisConnector redis) {
        assertThatThrownBy(() -> SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                        .idleTimeout(Duration.ofMinutes(1))
                        .touchInterval(Duration.ofMinutes(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("touchInterval");
        assertThatThrownBy(() -> SessionStore.builder(redis).touchInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("touchInterval");
        assertThat(SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                        .idleTimeout(Duration.ofSeconds(100))
                        .build()
                        .toString())
                .contains("touchInterval=PT10S");
    }

    @Test
    void unusedSessionExpiresAfterTheIdleTimeout(RedisConnector redis) {
        MutableClock clock = MutableClock.now();
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .clock(clock)
                .idleTimeout(Duration.ofMinutes(30))
                .build();
        NewSession s = sessions.create("u1", Map.of(), ClientInfo.unknown());
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.get(s.token())).isEmpty();
    }

    @Test
    void expiredSessionsVanishFromListAndFromRedis(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .clock(clock)
                .idleTimeout(Duration.ofMinutes(30))
                .build();
        NewSession old1 = sessions.create("u1", Map.of(), ClientInfo.unknown());
        sessions.create("u1", Map.of(), ClientInfo.unknown());
        clock.advance(Duration.ofMinutes(20));
        NewSession fresh = sessions.create("u1", Map.of(), ClientInfo.unknown());
        assertThat(sessions.list("u1")).hasSize(3);
        assertThat(ctx.keys()).hasSize(4);

        clock.advance(Duration.ofMinutes(15));
        List<SessionInfo> left = sessions.list("u1");
        assertThat(left)
                .extracting(SessionInfo::id)
                .containsExactly(fresh.session().id());
        assertThat(ctx.keys())
                .hasSize(2)
                .noneMatch(k -> k.endsWith(old1.session().id()));

        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.list("u1")).isEmpty();
        assertThat(ctx.keys()).isEmpty();
    }

    @Test
    void indexLivesExactlyAsLongAsItsLongestSession(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .clock(clock)
                .idleTimeout(Duration.ofMinutes(30))
                .build();
        sessions.create("u1", Map.of(), ClientInfo.unknown());
        clock.advance(Duration.ofMinutes(10));
        NewSession later = sessions.create("u1", Map.of(), ClientInfo.unknown());
        String index =
                ctx.keys().stream().filter(k -> k.contains(":u:")).findFirst().orElseThrow();
        String laterKey = ctx.keys().stream()
                .filter(k -> k.endsWith(later.session().id()))
                .findFirst()
                .orElseThrow();
        long indexTtl = (Long) ctx.raw(index, "PTTL", index);
        long sessionTtl = (Long) ctx.raw(laterKey, "PTTL", laterKey);
        assertThat(indexTtl).isBetween(sessionTtl - 1000, Duration.ofMinutes(30).toMillis());
    }

    @Test
    void redisDeletesEverythingOnItsOwnWhenNobodyComesBack(RedisConnector redis, RedisTestContext ctx)
            throws InterruptedException {
        // Redis' own TTLs at work (server time, not client-computed time): the only real wait in the suite
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .idleTimeout(Duration.ofMillis(300))
                .absoluteTimeout(Duration.ofSeconds(1))
                .build();
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
