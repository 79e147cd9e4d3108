package dev.redkit.docs.javadoc;

import dev.redkit.core.Codec;
import dev.redkit.core.Codecs;
import dev.redkit.core.EvictionCheck;
import dev.redkit.core.KeyScanner;
import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisHealth;
import dev.redkit.core.RedisOps;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.ReplicaAck;
import dev.redkit.core.SecretHasher;
import dev.redkit.core.TypeRef;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.RedisBackoff;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.SetOnce;
import dev.redkit.lock.RedisLock;
import dev.redkit.session.Session;
import dev.redkit.session.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;

/** The Javadoc examples of the Core module, compiled; see {@code JavadocExamples}. */
class CoreSnippets {

    // core/src/main/java/dev/redkit/core/Codecs.java
    void codecs() {
        // region codecs
        Codec<Merchant> merchants = Codecs.json(Merchant.class);
        Codec<List<Offer>> offers = Codecs.json(new TypeRef<List<Offer>>() {});
        // endregion
    }

    // core/src/main/java/dev/redkit/core/EvictionCheck.java
    void evictionCheck(RedisConnector connector) {
        // region evictionCheck
        EvictionCheck.WARN.verify(connector, "lock", true); // logs a warning for any policy but noeviction
        // endregion
    }

    // core/src/main/java/dev/redkit/core/KeyScanner.java
    void keyScanner(RedisConnector connector) {
        // region keyScanner
        KeyScanner.Result held = KeyScanner.of(connector).scan("redkit:lock:jobs:*:owner", 500);
        // endregion
    }

    // core/src/main/java/dev/redkit/core/KeySpace.java
    void keySpace(RedisConnector connector, String userId) {
        // region keySpace
        KeySpace keys = connector.keySpace("session", "web");
        String index = keys.key("user", userId); // redkit:session:web:user:<encoded userId>
        KeySpace.Slot s = keys.slot(userId);
        String a = s.key("data"), b = s.key("meta"); // same hash slot
        // endregion
    }

    // core/src/main/java/dev/redkit/core/RedisCommand.java
    void redisCommand(String key, String board) {
        // region redisCommand
        RedisCommand get = RedisCommand.of("GET", key);
        RedisCommand zadd = RedisCommand.builder("ZADD")
                .key(board)
                .arg(150.0)
                .arg("user-42")
                .build();
        // endregion
    }

    // core/src/main/java/dev/redkit/core/RedisOps.java
    void transaction(RedisOps ops, KeySpace keys) {
        // region transaction
        String scores = keys.slot("weekly").key("scores");
        List<Object> replies = ops.transaction(List.of(
                RedisCommand.builder("ZSCORE").key(scores).arg("user-42").build(),
                RedisCommand.builder("ZREVRANK").key(scores).arg("user-42").build()));
        // endregion
    }

    // core/src/main/java/dev/redkit/core/RedisConfig.java
    void redisConfig() {
        // region redisConfig
        RedisConfig a = RedisConfig.fromUrl("rediss://app:secret@cache.internal:6380/0");
        RedisConfig b = RedisConfig.fromUrl("redis+cluster://10.0.0.1:7000,10.0.0.2:7000");
        RedisConfig c = RedisConfig.fromUrl("redis+sentinel://s1:26379,s2:26379/mymaster");
        RedisConfig d = RedisConfig.fromEnv(); // REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SENTINELS, ...
        RedisConfig e = RedisConfig.builder()
                .standalone("localhost", 6379)
                .socketTimeout(Duration.ofMillis(500))
                .keyPrefix("shop")
                .build();
        // endregion
    }

    // core/src/main/java/dev/redkit/core/RedisConnector.java
    void redisConnector(byte[] sessionKey) {
        // region redisConnector
        try (RedisConnector redis = RedisConnector.create(RedisConfig.fromEnv())) {
            RedisHealth health = redis.health();
            SessionStore sessions =
                    SessionStore.builder(redis, "default", sessionKey).build();
        }
        // endregion
    }

    // core/src/main/java/dev/redkit/core/RedisConnector.java
    void redisConnectorWrap() {
        // region redisConnectorWrap
        RedisClient jedis = RedisClient.builder()
                .hostAndPort("localhost", 6379)
                .clientConfig(DefaultJedisClientConfig.builder()
                        .protocol(RedisProtocol.RESP2)
                        .build())
                .build();
        RedisConnector redis = RedisConnector.wrap(
                jedis,
                RedisConfig.builder()
                        .standalone("localhost", 6379)
                        .maxConnections(4)
                        .build());
        // endregion
    }

    // core/src/main/java/dev/redkit/core/ReplicaAck.java
    void replicaAck(RedisConnector connector) {
        // region replicaAck
        RedisLock lock = RedisLock.builder(connector, "payouts")
                .replicaAck(ReplicaAck.of(1, Duration.ofMillis(50)))
                .build();
        // endregion
    }

    // core/src/main/java/dev/redkit/core/SecretHasher.java
    void secretHasher(byte[] secretKeyBytes, String presented) {
        // region secretHasher
        SecretHasher hasher = SecretHasher.hmacSha256(secretKeyBytes);
        String token = SecretHasher.randomToken(32); // 256 bits, URL-safe
        String stored = hasher.hashToHex("session", token);
        boolean same = SecretHasher.constantTimeEquals(stored, hasher.hashToHex("session", presented));
        // endregion
    }

    // core/src/main/java/dev/redkit/core/spi/RedkitMetrics.java
    void redkitMetrics(MeterRegistry registry, String token) {
        // region redkitMetrics
        RedkitMetrics metrics = RedkitMetrics.of(registry, "session", "web");
        Optional<Session> s = metrics.time("get", () -> load(token), r -> r.isPresent() ? "hit" : "miss");
        metrics.increment("evicted");
        // endregion
    }

    // core/src/main/java/dev/redkit/core/LuaScript.java
    static final class MyLock {
        // region luaScript
        private static final LuaScript ACQUIRE = LuaScript.fromResource(MyLock.class, "acquire.lua");

        Object acquire(RedisOps ops, String key, String token, long ttlMillis) {
            return ops.execute(ACQUIRE.call(List.of(key), List.of(token, ttlMillis)));
        }
        // endregion
    }

    // core/src/main/java/dev/redkit/core/LuaScript.java, withLibrary
    static final class MyLimiter {
        // region luaScriptWithLibrary
        private static final LuaScript COMMON = LuaScript.fromResource(MyLimiter.class, "common.lua");
        private static final LuaScript CHECK =
                LuaScript.fromResource(MyLimiter.class, "check.lua").withLibrary(COMMON);
        // endregion
    }

    // core/src/main/java/dev/redkit/core/spi/Checks.java
    static final class MySettings {
        private final Duration ttl;
        private final int maxAttempts;

        MySettings(Duration ttl, int maxAttempts, String userId) {
            // region checks
            this.ttl = Checks.positive(ttl, "ttl");
            this.maxAttempts = Checks.positive(maxAttempts, "maxAttempts");
            String id = Checks.notEmpty(userId, "userId", 256);
            // endregion
        }
    }

    // core/src/main/java/dev/redkit/core/spi/RedisBackoff.java
    abstract static class MyReader<V> {
        private final Clock clock = Clock.systemUTC();

        // region redisBackoff
        RedisBackoff backoff =
                RedisBackoff.of("cache 'merchant'", Duration.ofSeconds(1), Duration.ofSeconds(10), clock);

        V read(String key) {
            try {
                return backoff.call(() -> fromRedis(key), () -> fallback(key)); // fallback: Redis is skipped
            } catch (RedisUnavailableException e) {
                return fallback(key); // already reported to the back-off
            }
        }
        // endregion

        abstract V fromRedis(String key);

        abstract V fallback(String key);
    }

    // core/src/main/java/dev/redkit/core/spi/SetOnce.java
    static final class MyComponentBuilder {
        // region setOnce
        private final SetOnce<Duration> ttl = SetOnce.withDefault("ttl", Duration.ofMinutes(5));

        public MyComponentBuilder ttl(Duration ttl) {
            this.ttl.set(Checks.positive(ttl, "ttl")); // validate first, then record
            return this;
        }
        // endregion
    }

    /** A cached value. */
    record Merchant(String slug) {}

    /** Another. */
    record Offer(String id) {}

    private Optional<Session> load(String token) {
        return Optional.empty();
    }
}
