package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisCluster;
import dev.redkit.embedded.EmbeddedRedisSentinel;
import dev.redkit.embedded.junit.Faults;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * {@link RedisOps#executeAcknowledged}: the write and its {@code WAIT} go to the same node in one round trip,
 * a confirmed write returns its reply, an unconfirmed one raises {@link ReplicaAckException} carrying the
 * reply while the write stays on the primary; on Cluster the {@code WAIT} follows the key's slot and a stale
 * slot map (after {@code CLUSTER FAILOVER}) is refreshed instead of failing.
 */
class ReplicaAckIT {

    private static final LuaScript APPEND = LuaScript.of(
            "append-and-count", "redis.call('RPUSH', KEYS[1], ARGV[1]) return redis.call('LLEN', KEYS[1])");
    /** Generous, because replicas on a loaded CI machine can take a while to confirm. */
    private static final ReplicaAck ONE = ReplicaAck.of(1, Duration.ofMillis(1500));
    /** Used where the replica is frozen and the call must wait the whole timeout. */
    private static final ReplicaAck SHORT = ReplicaAck.of(1, Duration.ofMillis(200));

    @Test
    void sentinelWriteIsConfirmedInOneRoundTripAndAnUnconfirmedOneIsReportedButKept() {
        try (EmbeddedRedisSentinel sentinel =
                        EmbeddedRedisSentinel.builder().replicas(1).sentinels(1).start();
                RedisConnector redis = RedisConnector.create(sentinel.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(2000))
                        .build())) {
            EmbeddedRedis master = sentinel.master();
            EmbeddedRedis replica = sentinel.servers().stream()
                    .filter(s -> s != master)
                    .findFirst()
                    .orElseThrow();
            master.awaitOnlineReplicas(1, 20_000);
            RedisOps ops = redis.ops();

            long setsBefore = master.commandCalls("set");
            long waitsBefore = master.commandCalls("wait");
            Object reply = ops.executeAcknowledged(
                    RedisCommand.builder("SET").key("strict:a").arg("1").build(), ONE);
            assertThat(Replies.asString(reply)).isEqualTo("OK");
            assertThat(master.commandCalls("set") - setsBefore).isEqualTo(1);
            assertThat(master.commandCalls("wait") - waitsBefore).isEqualTo(1);
            try (Jedis r = replica.client(1000)) {
                assertThat(r.get("strict:a")).isEqualTo("1");
            }

            assertThat(Replies.asLong(ops.executeAcknowledged(scriptCall("strict:list", "x"), ONE)))
                    .isEqualTo(1);
            try (Jedis m = master.client(1000)) {
                m.scriptFlush();
            }
            assertThat(Replies.asLong(ops.executeAcknowledged(scriptCall("strict:list", "y"), ONE)))
                    .as("NOSCRIPT sends the pair again with EVAL")
                    .isEqualTo(2);

            replica.pause();
            try {
                long start = System.nanoTime();
                assertThatThrownBy(() -> ops.executeAcknowledged(scriptCall("strict:list", "z"), SHORT))
                        .isInstanceOfSatisfying(ReplicaAckException.class, e -> {
                            assertThat(e.required()).isEqualTo(1);
                            assertThat(e.acknowledged()).isZero();
                            assertThat(Replies.asLong(e.reply())).isEqualTo(3);
                            assertThat(e)
                                    .isInstanceOf(RedisUnavailableException.class)
                                    .hasMessageContaining("confirmed by 0 of 1");
                        });
                long millis = (System.nanoTime() - start) / 1_000_000;
                Faults.report(
                        "core",
                        "core executeAcknowledged with the Sentinel replica frozen: ReplicaAckException (0 of 1)"
                                + " after " + millis + " ms (ack timeout 200 ms), the write kept on the primary");
                assertThat(millis)
                        .as("the server waits for the ack timeout, not the socket timeout")
                        .isBetween(150L, 1900L);
                try (Jedis m = master.client(1000)) {
                    assertThat(m.lrange("strict:list", 0, -1))
                            .as("not rolled back")
                            .containsExactly("x", "y", "z");
                }
            } finally {
                replica.resume();
            }
            assertThat(Replies.asString(ops.executeAcknowledged(
                            RedisCommand.builder("SET").key("strict:b").arg("2").build(), ReplicaAck.none())))
                    .isEqualTo("OK");
            assertThatThrownBy(() -> ops.executeAcknowledged(
                            RedisCommand.of("GET", "strict:a"), ReplicaAck.of(1, Duration.ofMillis(2000))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("shorter than the socket timeout");
        }
    }

    @Test
    void clusterWaitFollowsTheKeysSlotAndSurvivesAStaleSlotMap() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder()
                        .masters(3)
                        .replicasPerMaster(1)
                        .start();
                RedisConnector redis = RedisConnector.create(cluster.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(2000))
                        .build())) {
            cluster.masters().forEach(m -> m.awaitOnlineReplicas(1, 20_000));
            RedisOps ops = redis.ops();
            String[] keys = {"{a}:strict", "{b}:strict", "{c}:strict", "{d}:strict", "{e}:strict", "{f}:strict"};
            for (String key : keys) {
                ops.executeAcknowledged(
                        RedisCommand.builder("SET").key(key + ":s").arg("v").build(), ONE);
            }
            Stream.concat(cluster.masters().stream(), cluster.replicas().stream())
                    .forEach(m -> {
                        try (Jedis jedis = m.client(1000)) {
                            jedis.scriptLoad(APPEND.source());
                        }
                    });
            long before = cluster.masters().stream()
                    .mapToLong(m -> m.commandCalls("wait"))
                    .sum();
            for (String key : keys) {
                assertThat(Replies.asLong(ops.executeAcknowledged(scriptCall(key, "1"), ONE)))
                        .isEqualTo(1);
                assertThat(Replies.asString(ops.executeAcknowledged(
                                RedisCommand.builder("SET")
                                        .key(key + ":s")
                                        .arg("v")
                                        .build(),
                                ONE)))
                        .isEqualTo("OK");
            }
            long waits = cluster.masters().stream()
                            .mapToLong(m -> m.commandCalls("wait"))
                            .sum()
                    - before;
            assertThat(waits)
                    .as("one WAIT per write, each on the node that took the write")
                    .isEqualTo(2L * keys.length);

            String key = keys[0];
            int index = JedisClusterCRC16.getSlot(key) * 3 / 16384;
            EmbeddedRedis replica = cluster.replicas().get(index);
            replica.pause();
            try {
                assertThatThrownBy(() -> ops.executeAcknowledged(scriptCall(key, "2"), SHORT))
                        .isInstanceOfSatisfying(
                                ReplicaAckException.class,
                                e -> assertThat(e.acknowledged()).isZero());
                for (String other : keys) {
                    if (JedisClusterCRC16.getSlot(other) * 3 / 16384 != index) {
                        assertThat(Replies.asLong(ops.executeAcknowledged(scriptCall(other, "2"), ONE)))
                                .as("other masters still confirm")
                                .isEqualTo(2);
                    }
                }
            } finally {
                replica.resume();
            }

            cluster.failover(replica);
            replica.awaitOnlineReplicas(1, 20_000);
            assertThat(Replies.asLong(ops.executeAcknowledged(scriptCall(key, "3"), ONE)))
                    .as("MOVED refreshes the slot map and the pair goes to the promoted node")
                    .isEqualTo(3);
            assertThat(replica.commandCalls("wait")).isEqualTo(1);
        }
    }

    private static RedisCommand scriptCall(String key, String value) {
        return APPEND.call(List.of(key), List.of(value));
    }
}
