package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisCluster;
import dev.redkit.embedded.EmbeddedRedisSentinel;
import dev.redkit.embedded.junit.Faults;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The exception table of {@link RedisUnavailableException}, case by case, on standalone, Sentinel and Cluster
 * (issue 26, defects 2 and 3): error replies that mean "not now" (real ones where a fault produces them on one
 * machine: {@code CLUSTERDOWN}, {@code READONLY}; the others as the exact reply a server sends, returned by a
 * script), connection loss before a command is sent, in the middle of a pipeline and between a strict-mode write
 * and its {@code WAIT}, and pool exhaustion; script errors stay {@link RedisScriptException}.
 */
class ExceptionMappingIT {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final List<String> NOT_NOW = List.of(
            "CLUSTERDOWN The cluster is down",
            "TRYAGAIN Multiple keys request during rehashing of slot",
            "LOADING Redis is loading the dataset in memory",
            "READONLY You can't write against a read only replica.",
            "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
            "NOREPLICAS Not enough good replicas to write.");
    private static final LuaScript REPLY = LuaScript.of("test/error-reply.lua", "return redis.error_reply(ARGV[1])");
    private static final LuaScript WRITE = LuaScript.of("test/write.lua", "return redis.call('SET', KEYS[1], ARGV[1])");

    @Test
    void standalone() {
        try (EmbeddedRedis server = EmbeddedRedis.start();
                RedisConnector redis = RedisConnector.create(shortTimeouts(server.config()))) {
            errorRepliesAndPoolExhaustion(redis, "{a}:k");
            connectionLossMidCall(redis, "{a}:k", server::kill);
        }
    }

    @Test
    void sentinel() {
        try (EmbeddedRedisSentinel sentinel =
                        EmbeddedRedisSentinel.builder().replicas(1).start();
                RedisConnector redis = RedisConnector.create(shortTimeouts(sentinel.config()))) {
            errorRepliesAndPoolExhaustion(redis, "{a}:k");
            EmbeddedRedis replica = sentinel.servers().stream()
                    .filter(s -> s.port() != sentinel.masterAddress().port())
                    .findFirst()
                    .orElseThrow();
            replica.awaitRole("slave", 30_000);
            try (RedisConnector direct = RedisConnector.create(shortTimeouts(replica.config()))) {
                RedisUnavailableException readOnly = unavailable(() -> direct.ops()
                        .execute(RedisCommand.builder("SET")
                                .key("{a}:k")
                                .arg("v")
                                .build()));
                assertThat(readOnly.mayHaveBeenApplied()).isFalse();
                assertThat(readOnly).hasMessageContaining("READONLY");
                RedisUnavailableException readOnlyInScript =
                        unavailable(() -> direct.ops().execute(WRITE.call(List.of("{a}:k"), List.of("v"))));
                assertThat(readOnlyInScript).hasMessageContaining("READONLY");
                assertThat(readOnlyInScript.mayHaveBeenApplied()).isFalse();
            }
            connectionLossMidCall(redis, "{a}:k", () -> sentinel.master().kill());
        }
    }

    @Test
    void cluster() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder()
                        .masters(3)
                        .nodeTimeoutMillis(1000)
                        .start();
                RedisConnector redis = RedisConnector.create(shortTimeouts(cluster.config()))) {
            String killedKey = "{a}:k";
            int killed = JedisClusterCRC16.getSlot(killedKey) * 3 / 16384;
            String otherKey = otherNodeKey(killed);
            errorRepliesAndPoolExhaustion(redis, otherKey);
            connectionLossMidCall(
                    redis, killedKey, () -> cluster.masters().get(killed).kill());

            EmbeddedRedis survivor = cluster.masters().get(JedisClusterCRC16.getSlot(otherKey) * 3 / 16384);
            Faults.await(
                    () -> {
                        try (Jedis jedis = survivor.client(1000)) {
                            return jedis.clusterInfo().contains("cluster_state:fail");
                        }
                    },
                    Duration.ofSeconds(30));
            // a healthy node answers CLUSTERDOWN for its own slots once the cluster lost full coverage
            RedisUnavailableException down =
                    unavailable(() -> redis.ops().execute(WRITE.call(List.of(otherKey), List.of("v"))));
            assertThat(down).hasMessageContaining("CLUSTERDOWN");
            assertThat(down.mayHaveBeenApplied()).isFalse();
            RedisUnavailableException downInPipeline = unavailable(() -> redis.ops()
                    .pipeline(List.of(RedisCommand.builder("GET").key(otherKey).build())));
            assertThat(downInPipeline).hasMessageContaining("CLUSTERDOWN");
        }
    }

    private static void errorRepliesAndPoolExhaustion(RedisConnector redis, String key) {
        RedisOps ops = redis.ops();
        for (String reply : NOT_NOW) {
            String word = reply.substring(0, reply.indexOf(' '));
            RedisCommand call = REPLY.call(List.of(key), List.of(reply));
            RedisUnavailableException e = unavailable(() -> ops.execute(call));
            assertThat(e).as(word).hasMessageContaining(word);
            assertThat(e.mayHaveBeenApplied())
                    .as(word + " is refused before it runs")
                    .isFalse();
            assertThat(unavailable(() -> ops.pipeline(List.of(call))).mayHaveBeenApplied())
                    .as(word)
                    .isFalse();
        }
        Throwable scriptError = catchThrowable(() -> ops.execute(REPLY.call(List.of(key), List.of("ERR boom"))));
        assertThat(scriptError).isInstanceOf(RedisScriptException.class).hasMessageContaining("boom");
        ops.execute(RedisCommand.builder("SET").key(key).arg("text").build());
        Throwable failingCall =
                catchThrowable(() -> ops.execute(LuaScript.of("test/bad.lua", "return redis.call('INCR', KEYS[1])")
                        .call(List.of(key), List.of())));
        assertThat(failingCall)
                .isInstanceOf(RedisScriptException.class)
                .isNotInstanceOf(RedisUnavailableException.class);

        RedisConfig single = redis.config().toBuilder().maxConnections(1).build();
        // the deadline leaves 100 ms to wait for a turn
        try (RedisConnector one = RedisConnector.create(single.toBuilder()
                .callTimeout(single.runBudget().plusMillis(100))
                .build())) {
            CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() -> one.ops()
                    .execute(RedisCommand.builder("BLPOP")
                            .key(key + ":empty")
                            .arg(1)
                            .blocking()
                            .build()));
            Faults.pause(200);
            RedisUnavailableException exhausted = unavailable(
                    () -> one.ops().execute(RedisCommand.builder("GET").key(key).build()));
            assertThat(exhausted.mayHaveBeenApplied()).isFalse();
            RedisUnavailableException exhaustedPipeline = unavailable(() -> one.ops()
                    .pipeline(List.of(RedisCommand.builder("GET").key(key).build())));
            assertThat(exhaustedPipeline.mayHaveBeenApplied()).isFalse();
            holder.join();
        }
    }

    /**
     * A pooled connection per connector is live when the server is killed: the next pipeline and the next
     * strict-mode write are sent on it and lose the connection before their replies.
     */
    private static void connectionLossMidCall(RedisConnector redis, String key, Runnable kill) {
        ReplicaAck ack = ReplicaAck.of(1, Duration.ofMillis(50));
        RedisCommand write = RedisCommand.builder("SET").key(key).arg("v").build();
        try (RedisConnector pipelines = RedisConnector.create(redis.config());
                RedisConnector strict = RedisConnector.create(redis.config())) {
            pipelines.ops().pipeline(List.of(write));
            catchThrowable(() -> strict.ops().executeAcknowledged(write, ack));
            kill.run();
            Faults.pause(100);
            RedisUnavailableException midPipeline =
                    unavailable(() -> pipelines.ops().pipeline(List.of(write, write)));
            assertThat(midPipeline.mayHaveBeenApplied())
                    .as("sent before the connection broke")
                    .isTrue();
            Throwable midStrict = catchThrowable(() -> strict.ops().executeAcknowledged(write, ack));
            assertThat(midStrict)
                    .isInstanceOf(RedisUnavailableException.class)
                    .isNotInstanceOf(ReplicaAckException.class);
            assertThat(((RedisUnavailableException) midStrict).mayHaveBeenApplied())
                    .isTrue();
            assertThat(catchThrowable(() -> redis.ops()
                            .execute(RedisCommand.builder("GET").key(key).build())))
                    .isInstanceOf(RedisUnavailableException.class);
        }
    }

    private static RedisUnavailableException unavailable(Supplier<?> call) {
        Throwable t = catchThrowable(call::get);
        assertThat(t).isInstanceOf(RedisUnavailableException.class);
        return (RedisUnavailableException) t;
    }

    private static RedisConfig shortTimeouts(RedisConfig config) {
        return config.toBuilder().socketTimeout(TIMEOUT).connectTimeout(TIMEOUT).build();
    }

    private static String otherNodeKey(int node) {
        for (int i = 0; ; i++) {
            String key = "{b" + i + "}:k";
            if (JedisClusterCRC16.getSlot(key) * 3 / 16384 != node) {
                return key;
            }
        }
    }
}
