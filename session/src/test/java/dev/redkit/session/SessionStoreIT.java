package dev.redkit.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@RedisTest
class SessionStoreIT {

    record Cart(String id, int items) {}

    @Test
    void createsAndReadsBackASessionWithTypedAttributes(RedisConnector redis) {
        SessionStore sessions =
                SessionStore.builder(redis, "default", TestKeys.SESSION_KEY).build();
        String user = "user:42 {x} é";
        NewSession created = sessions.create(
                user,
                Map.of("role", "customer", "level", 3, "cart", new Cart("c-1", 2)),
                ClientInfo.of("203.0.113.7", "Firefox/140"));

        assertThat(created.token()).hasSize(46).matches("[A-Za-z0-9_-]{2}\\.[A-Za-z0-9_-]{43}");
        assertThat(created.toString()).doesNotContain(created.token());
        Session s = sessions.get(created.token()).orElseThrow();
        assertThat(s.userId()).isEqualTo(user);
        assertThat(s.id()).isEqualTo(created.session().id());
        assertThat(s.stringAttribute("role")).contains("customer");
        assertThat(s.attribute("level", Long.class)).contains(3L);
        assertThat(s.attribute("cart", Cart.class)).contains(new Cart("c-1", 2));
        assertThat(s.attribute("missing", String.class)).isEmpty();
        assertThatThrownBy(() -> s.attribute("role", Cart.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'role'");
        assertThat(s.attributes()).isEqualTo(created.session().attributes());
        assertThat(s.clientInfo()).isEqualTo(new ClientInfo("203.0.113.7", "Firefox/140"));
        assertThat(s.createdAt()).isEqualTo(created.session().createdAt());

        List<SessionInfo> listed = sessions.list(user);
        assertThat(listed).containsExactly(s.info());
        assertThat(listed.get(0).clientInfo().userAgent()).isEqualTo("Firefox/140");
        assertThat(sessions.list("someone-else")).isEmpty();
    }

    @Test
    void aSecondInstanceSeesTheSameSessions(RedisConnector redis, RedisTestContext ctx) {
        NewSession s = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .build()
                .create("u1", Map.of(), ClientInfo.unknown());
        SessionStore other = SessionStore.builder(ctx.newConnector(), "default", TestKeys.SESSION_KEY)
                .build();
        assertThat(other.get(s.token())).isPresent();
        assertThat(other.revoke(s.token())).isTrue();
        assertThat(other.get(s.token())).isEmpty();
    }

    @Test
    void getIsOneRoundTrip(RedisConnector redis, RedisTestContext ctx) {
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .maxSessionsPerUser(5)
                .build();
        NewSession s = sessions.create("u1", Map.of("a", 1), ClientInfo.unknown());
        sessions.get(s.token());
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(sessions.get(s.token())).isPresent();
            assertThat(counter.delta()).containsExactly(Map.entry("hgetall", 1L));
            assertThat(counter.scriptDelta()).isEmpty();
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            sessions.create("u1", Map.of(), ClientInfo.unknown());
            sessions.list("u1");
            sessions.update(s.token(), Map.of("b", 2));
            sessions.rotate(s.token());
            sessions.revokeAll("u1");
            assertThat(counter.delta()).containsExactly(Map.entry("evalsha", 5L));
        }
    }

    @Test
    void rotateInvalidatesTheOldTokenAtOnce(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .clock(clock)
                .build();
        NewSession s = sessions.create("u1", Map.of("k", "v"), ClientInfo.of("10.0.0.1", "ua"));
        clock.advance(Duration.ofMinutes(5));
        NewSession rotated = sessions.rotate(s.token()).orElseThrow();

        assertThat(rotated.token()).isNotEqualTo(s.token());
        assertThat(sessions.get(s.token())).isEmpty();
        assertThat(sessions.rotate(s.token())).isEmpty();
        Session now = sessions.get(rotated.token()).orElseThrow();
        assertThat(now.attributes()).isEqualTo(Map.of("k", "v"));
        assertThat(now.createdAt()).isEqualTo(s.session().createdAt());
        assertThat(now.absoluteExpiresAt()).isEqualTo(s.session().absoluteExpiresAt());
        assertThat(now.lastSeenAt()).isEqualTo(clock.instant());
        assertThat(sessions.list("u1"))
                .extracting(SessionInfo::id)
                .containsExactly(rotated.session().id());
        assertThat(ctx.keys()).hasSize(2);
    }

    @Test
    void updateMergesRemovesAndEnforcesTheSizeLimit(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .clock(clock)
                .maxAttributeBytes(100)
                .build();
        NewSession s = sessions.create("u1", Map.of("a", "1", "b", "2"), ClientInfo.unknown());
        Map<String, Object> change = new HashMap<>();
        change.put("a", null);
        change.put("c", List.of(1, 2));
        clock.advance(Duration.ofMinutes(1));
        assertThat(sessions.update(s.token(), change)).isTrue();
        Session after = sessions.get(s.token()).orElseThrow();
        assertThat(after.attributes()).isEqualTo(Map.of("b", "2", "c", List.of(1, 2)));

        assertThatThrownBy(() -> sessions.update(s.token(), Map.of("d", "x".repeat(90))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttributeBytes");
        assertThat(sessions.get(s.token()).orElseThrow().attributes()).containsOnlyKeys("b", "c");

        sessions.revoke(s.token());
        assertThat(sessions.update(s.token(), Map.of("a", 1))).isFalse();
        assertThat(ctx.keys()).isEmpty();
    }

    @Test
    void revokesOneAllOrAllButOne(RedisConnector redis, RedisTestContext ctx) {
        SessionStore sessions =
                SessionStore.builder(redis, "default", TestKeys.SESSION_KEY).build();
        NewSession a = sessions.create("u1", Map.of(), ClientInfo.unknown());
        NewSession b = sessions.create("u1", Map.of(), ClientInfo.unknown());
        NewSession c = sessions.create("u1", Map.of(), ClientInfo.unknown());
        NewSession other = sessions.create("u2", Map.of(), ClientInfo.unknown());

        assertThat(sessions.revoke("u2", a.session().id())).isFalse();
        assertThat(sessions.revoke("u1", a.session().id())).isTrue();
        assertThat(sessions.get(a.token())).isEmpty();
        assertThat(sessions.revokeAllExcept("u1", c.token())).isEqualTo(1);
        assertThat(sessions.get(b.token())).isEmpty();
        assertThat(sessions.list("u1"))
                .extracting(SessionInfo::id)
                .containsExactly(c.session().id());
        assertThat(sessions.revokeAll("u1")).isEqualTo(1);
        assertThat(sessions.revokeAll("u1")).isZero();
        assertThat(sessions.get(other.token())).isPresent();
        assertThat(sessions.revoke(other.token())).isTrue();
        assertThat(sessions.revoke(other.token())).isFalse();
        assertThat(ctx.keys()).isEmpty();
    }

    @Test
    void evictsTheSessionClosestToExpiry(RedisConnector redis) {
        MutableClock clock = MutableClock.now();
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .clock(clock)
                .maxSessionsPerUser(2)
                .build();
        NewSession first = sessions.create("u1", Map.of(), ClientInfo.unknown());
        clock.advance(Duration.ofMinutes(1));
        NewSession second = sessions.create("u1", Map.of(), ClientInfo.unknown());
        clock.advance(Duration.ofMinutes(1));
        sessions.get(first.token());
        NewSession third = sessions.create("u1", Map.of(), ClientInfo.unknown());

        assertThat(third.evicted()).isEqualTo(1);
        assertThat(sessions.get(second.token())).isEmpty();
        assertThat(sessions.get(first.token())).isPresent();
        assertThat(sessions.list("u1"))
                .extracting(SessionInfo::id)
                .containsExactlyInAnyOrder(first.session().id(), third.session().id());
    }

    @Test
    void rejectPolicyRefusesAtTheLimit(RedisConnector redis) {
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .maxSessionsPerUser(2)
                .maxSessionsPolicy(MaxSessionsPolicy.REJECT)
                .build();
        NewSession a = sessions.create("u1", Map.of(), ClientInfo.unknown());
        sessions.create("u1", Map.of(), ClientInfo.unknown());
        assertThat(sessions.tryCreate("u1", Map.of(), ClientInfo.unknown())).isEmpty();
        assertThatThrownBy(() -> sessions.create("u1", Map.of(), ClientInfo.unknown()))
                .isInstanceOf(SessionLimitExceededException.class)
                .hasMessageContaining("2");
        assertThat(sessions.list("u1")).hasSize(2);
        sessions.revoke(a.token());
        assertThat(sessions.tryCreate("u1", Map.of(), ClientInfo.unknown())).isPresent();
    }

    @Test
    void keyedHashingSeparatesSecrets(RedisConnector redis) {
        SessionStore one = SessionStore.builder(redis, "default", new byte[32]).build();
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        SessionStore two = SessionStore.builder(redis, "default", otherKey).build();
        NewSession s = one.create("u1", Map.of(), ClientInfo.unknown());
        assertThat(one.get(s.token())).isPresent();
        assertThat(two.get(s.token())).isEmpty();
    }

    @Test
    void recordsMetrics(RedisConnector redis) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SessionStore sessions = SessionStore.builder(redis, "web", TestKeys.SESSION_KEY)
                .maxSessionsPerUser(1)
                .meterRegistry(registry)
                .build();
        NewSession a = sessions.create("u1", Map.of(), ClientInfo.unknown());
        NewSession b = sessions.create("u1", Map.of(), ClientInfo.unknown());
        sessions.get(a.token());
        sessions.get(b.token());
        sessions.get("malformed");
        sessions.revoke(b.token());

        assertThat(registry.get("redkit.session.created")
                        .tag("name", "web")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("redkit.session.evicted").counter().count()).isEqualTo(1);
        assertThat(registry.get("redkit.session.revoked").counter().count()).isEqualTo(1);
        assertThat(registry.get("redkit.session.get")
                        .tag("outcome", "hit")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("redkit.session.get")
                        .tag("outcome", "miss")
                        .timer()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void builderValidatesAndNamesFields(RedisConnector redis) {
        assertThatThrownBy(() -> SessionStore.builder(redis).idleTimeout(Duration.ZERO))
                .hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> SessionStore.builder(redis).maxSessionsPerUser(0))
                .hasMessageContaining("maxSessionsPerUser");
        assertThatThrownBy(() -> SessionStore.builder(redis, "default", new byte[3]))
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> SessionStore.builder(redis).name("Bad Name")).hasMessageContaining("name");
        assertThatThrownBy(() -> SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                        .idleTimeout(Duration.ofHours(2))
                        .absoluteTimeout(Duration.ofHours(1))
                        .build())
                .hasMessageContaining("absoluteTimeout");
        assertThatThrownBy(() -> SessionStore.builder(redis, "Bad Name", TestKeys.SESSION_KEY))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> SessionStore.builder(redis, "web", TestKeys.SESSION_KEY)
                        .maxSessionsPerUser(3)
                        .maxSessionsPerUser(4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxSessionsPerUser was already set to 3");
        assertThatThrownBy(() ->
                        SessionStore.builder(redis, "web", TestKeys.SESSION_KEY).name("api"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("name was already set to web");
        assertThatThrownBy(() ->
                        SessionStore.builder(redis, "web", TestKeys.SESSION_KEY).secret(new byte[32]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("secret was already set");
        SessionStore s = SessionStore.builder(redis, "default", new byte[32]).build();
        assertThat(s.toString()).contains("maxSessionsPerUser=10").contains("key=****");
        assertThat(Optional.of(s)).isPresent();
    }
}
