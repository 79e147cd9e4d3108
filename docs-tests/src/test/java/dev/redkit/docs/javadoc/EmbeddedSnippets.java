package dev.redkit.docs.javadoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisCluster;
import dev.redkit.embedded.EmbeddedRedisSentinel;
import dev.redkit.embedded.FaultProxy;
import dev.redkit.embedded.LogCapture;
import dev.redkit.embedded.OutageProbe;
import dev.redkit.embedded.junit.Burst;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.KeyAudit;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.Races;
import dev.redkit.embedded.junit.RandomInputs;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.embedded.junit.StoredLayout;
import dev.redkit.embedded.junit.VirtualThreads;
import dev.redkit.otp.OtpResult;
import dev.redkit.otp.OtpResult.Status;
import dev.redkit.otp.OtpService;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.SessionStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

/** The Javadoc examples of the Embedded module, compiled; see {@code JavadocExamples}. */
class EmbeddedSnippets {

    // embedded/src/main/java/dev/redkit/embedded/EmbeddedRedis.java
    void embeddedRedis() {
        // region embeddedRedis
        try (EmbeddedRedis redis = EmbeddedRedis.builder().start();
                RedisConnector connector = RedisConnector.create(redis.config())) {
            connector.ping();
        }
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/EmbeddedRedisCluster.java
    void embeddedRedisCluster() {
        // region embeddedRedisCluster
        try (EmbeddedRedisCluster cluster =
                        EmbeddedRedisCluster.builder().masters(3).start();
                RedisConnector connector = RedisConnector.create(cluster.config())) {
            connector.ping();
        }
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/EmbeddedRedisSentinel.java
    void embeddedRedisSentinel() {
        // region embeddedRedisSentinel
        try (EmbeddedRedisSentinel sentinel = EmbeddedRedisSentinel.builder().start();
                RedisConnector connector = RedisConnector.create(sentinel.config())) {
            connector.ping();
        }
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/FaultProxy.java
    void faultProxy() {
        // region faultProxy
        try (EmbeddedRedis redis = EmbeddedRedis.start();
                FaultProxy proxy = FaultProxy.to(redis.endpoint())) {
            RedisConnector c = RedisConnector.create(proxy.config());
            proxy.latency(Duration.ofMillis(50));
            proxy.dropReplies(true);
        }
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/LogCapture.java
    void logCapture(RedisConfig config, String password) {
        // region logCapture
        try (LogCapture logs = LogCapture.start()) {
            RedisConnector.create(config).ping();
            assertThat(logs.text()).doesNotContain(password);
        }
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/OutageProbe.java
    void outageProbe(EmbeddedRedis server, SessionStore sessions, String token) {
        // region outageProbe
        OutageProbe.Result r = OutageProbe.of(server)
                .threads(8)
                .down(Duration.ofSeconds(30))
                .expectedFailure(e -> e instanceof RedisUnavailableException)
                .run(() -> sessions.get(token));
        assertThat(r.unexpected()).isEmpty();
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/junit/Burst.java
    void burst(RateLimiter limiter) throws InterruptedException {
        // region burst
        Executor threads = Burst.threadPerCaller(VirtualThreads.factoryOrPlatform("burst"));
        Burst.Result r = Burst.run(
                10_000,
                threads,
                Duration.ofMinutes(3),
                i -> limiter.tryAcquire("ip-" + (i & 63)).allowed() ? null : "denied");
        assertThat(r.errors()).as("%s", r.messages()).isZero();
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/junit/CommandCounter.java
    void commandCounter(RedisTestContext ctx, SessionStore sessions, String token) {
        // region commandCounter
        try (CommandCounter counter = ctx.commandCounter()) {
            sessions.get(token);
            assertThat(counter.delta()).containsExactly(entry("evalsha", 1L));
        }
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/junit/Faults.java
    void faults(EmbeddedRedis server, SessionStore sessions, String token) {
        // region faults
        server.pause();
        long ms = Faults.failsWithin(() -> sessions.get(token), RedisUnavailableException.class, 1300);
        server.resume();
        long recovery = Faults.recoveryMillis(() -> sessions.get(token), Duration.ofSeconds(20));
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/junit/KeyAudit.java
    void keyAudit(RedisConnector redis, EmbeddedRedisCluster cluster) {
        // region keyAudit
        KeyAudit audit = KeyAudit.plant(redis.ops(), List.of("canary:a", "canary:{u}:*"));
        // ... fuzz ...
        audit.assertOnlyOwnKeys(cluster.masters(), "fuzz:session:default:", "fuzz:session:neighbour:");
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/junit/MutableClock.java
    void mutableClock(RedisConnector redis, byte[] sessionKey) {
        // region mutableClock
        MutableClock clock = MutableClock.at("2026-03-29T00:30:00Z");
        SessionStore sessions =
                SessionStore.builder(redis, "default", sessionKey).clock(clock).build();
        clock.advance(Duration.ofMinutes(31));
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/junit/Races.java
    void races(OtpService otp, String phone, String code) throws Exception {
        // region races
        List<OtpResult> results = Races.race(100, () -> otp.verify("login", phone, code));
        assertThat(results).filteredOn(r -> r.status() == Status.VERIFIED).hasSize(1);
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/junit/RandomInputs.java
    void randomInputs() {
        // region randomInputs
        RandomInputs in = new RandomInputs(42);
        for (int i = 0; i < 100; i++) {
            String userId = in.oneOf(() -> in.anyText(40), () -> in.from(":* %", 0, 30), () -> in.pick("x", ""));
            check(userId);
        }
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/junit/RedisTest.java
    void redisTest() {
        // region redisTest
        @RedisTest
        class SessionStoreTest {
            @Test
            void createsSession(RedisConnector redis, RedisTestContext ctx) {
                redis.ping();
            }
        }
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/junit/StoredLayout.java
    void storedLayout(OtpService otp, RedisTestContext ctx) {
        // region storedLayout
        otp.issue("login", "+15550000001");
        assertThat(StoredLayout.of(ctx))
                .containsExactly(
                        "otp:default:{+15550000001}:code:login hash [attempts, code, issued] ttl",
                        "otp:default:{+15550000001}:sent list ttl");
        // endregion
    }

    // embedded/src/main/java/dev/redkit/embedded/junit/VirtualThreads.java
    void virtualThreads() {
        // region virtualThreads
        ThreadFactory threads = VirtualThreads.factoryOrPlatform("burst");
        int n = VirtualThreads.available() ? 2_000 : 200;
        // endregion
    }

    private static void check(String userId) {}
}
