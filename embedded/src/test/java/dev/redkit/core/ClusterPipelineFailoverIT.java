package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisCluster;
import dev.redkit.embedded.junit.Faults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Regression for issue 26, defect 1: Cluster pipelines and strict-mode writes refreshed the slot map only on a
 * {@code MOVED} reply, so after the master of a slot was killed and stayed down they kept trying its dead port
 * even once its replica had been promoted, unless some other call refreshed the map. The connector here runs
 * nothing but pipelines and acknowledged writes, so nothing else refreshes it.
 */
class ClusterPipelineFailoverIT {

    private static final String KEY = "{pipefail}:k";

    @Test
    void pipelinesAndAcknowledgedWritesReachThePromotedMasterWhenTheOldOneStaysDown() throws InterruptedException {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder()
                        .masters(3)
                        .replicasPerMaster(1)
                        .nodeTimeoutMillis(1000)
                        .start();
                RedisConnector redis = RedisConnector.create(cluster.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(500))
                        .connectTimeout(Duration.ofMillis(500))
                        .build())) {
            int index = JedisClusterCRC16.getSlot(KEY) * 3 / 16384;
            EmbeddedRedis master = cluster.masters().get(index);
            EmbeddedRedis replica = cluster.replicas().get(index);
            RedisOps ops = redis.ops();
            master.awaitOnlineReplicas(1, 10_000);
            ReplicaAck ack = ReplicaAck.of(1, Duration.ofMillis(400));
            assertThat(ops.pipeline(List.of(
                            RedisCommand.builder("SET").key(KEY).arg("before").build())))
                    .hasSize(1);
            // set-up: right after the Cluster formed, a replica listed online can still miss one WAIT, so the
            // confirmed write is retried until it is confirmed; the failover below is what this test is about
            Object acked = null;
            for (int attempt = 0; acked == null; attempt++) {
                try {
                    acked = ops.executeAcknowledged(
                            RedisCommand.builder("SET").key(KEY).arg("acked").build(), ack);
                } catch (ReplicaAckException notYet) {
                    assertThat(attempt)
                            .as("confirmed writes before the failover")
                            .isLessThan(20);
                    Faults.pause(200);
                }
            }
            assertThat(Replies.asString(acked)).isEqualTo("OK");

            master.kill();
            assertThatThrownBy(() -> ops.pipeline(
                            List.of(RedisCommand.builder("GET").key(KEY).build())))
                    .isInstanceOf(RedisUnavailableException.class);
            // 8 threads failing for 1 s refresh the map at most once per ClusterTopology.MIN_INTERVAL_MILLIS, not per
            // call
            long slotsBefore = slotMapReads(cluster, master);
            AtomicLong failedCalls = new AtomicLong();
            long stopAt = System.nanoTime() + 1_000_000_000L;
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread thread = new Thread(() -> {
                    while (System.nanoTime() < stopAt) {
                        try {
                            ops.pipeline(
                                    List.of(RedisCommand.builder("GET").key(KEY).build()));
                        } catch (RedisUnavailableException expected) {
                            failedCalls.incrementAndGet();
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long refreshes = slotMapReads(cluster, master) - slotsBefore;
            assertThat(refreshes)
                    .as("slot-map reads during %d failed pipelines in 1 s", failedCalls.get())
                    .isLessThanOrEqualTo(1000 / ClusterTopology.MIN_INTERVAL_MILLIS + 2);
            replica.awaitRole("master", 30_000);
            Faults.await(() -> clusterStateOk(replica), Duration.ofSeconds(30));
            long promoted = System.nanoTime();

            // no other call refreshes the map: a pipeline's own connection failure must lead it to the new master
            // (the first refresh can still return a node's stale view, hence a few tries a refresh interval apart)
            List<Object> replies = retryWithin(
                    3_000,
                    () -> ops.pipeline(List.of(
                            RedisCommand.builder("GET").key(KEY).build(),
                            RedisCommand.builder("SET").key(KEY).arg("after").build())));
            long pipelineMillis = (System.nanoTime() - promoted) / 1_000_000;
            assertThat(Replies.asString(replies.get(0))).isEqualTo("acked");

            // the promoted master has no replica left, so WAIT 1 is not confirmed: the write ran there
            ReplicaAckException unconfirmed = retryWithin(3_000, () -> {
                try {
                    ops.executeAcknowledged(
                            RedisCommand.builder("SET").key(KEY).arg("strict").build(), ack);
                    throw new AssertionError("WAIT 1 confirmed with no replica left");
                } catch (ReplicaAckException e) {
                    return e;
                }
            });
            assertThat(unconfirmed.acknowledged()).isZero();
            try (Jedis direct = replica.client(2000)) {
                assertThat(direct.get(KEY)).isEqualTo("strict");
            }
            Faults.report(
                    "cluster",
                    "pipeline after a master kill (old master kept down): " + failedCalls.get() + " failed"
                            + " pipelines on 8 threads in 1 s read the slot map " + refreshes
                            + " times; first pipeline after the"
                            + " promotion answered by the new master in " + pipelineMillis
                            + " ms; the strict-mode write landed there too");
        }
    }

    /** Calls until it stops throwing {@link RedisUnavailableException}; before the fix it never did. */
    private static <T> T retryWithin(long millis, java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            try {
                return call.get();
            } catch (ReplicaAckException e) {
                throw e;
            } catch (RedisUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Faults.pause(ClusterTopology.MIN_INTERVAL_MILLIS / 2);
            }
        }
    }

    /** CLUSTER SLOTS / CLUSTER SHARDS calls on every live node (minus the ones the counting itself causes: none). */
    private static long slotMapReads(EmbeddedRedisCluster cluster, EmbeddedRedis dead) {
        long n = 0;
        for (EmbeddedRedis node : cluster.masters()) {
            if (node != dead) {
                n += node.commandCalls("cluster|slots") + node.commandCalls("cluster|shards");
            }
        }
        for (EmbeddedRedis node : cluster.replicas()) {
            n += node.commandCalls("cluster|slots") + node.commandCalls("cluster|shards");
        }
        return n;
    }

    private static boolean clusterStateOk(EmbeddedRedis node) {
        try (Jedis jedis = node.client(1000)) {
            return jedis.clusterInfo().contains("cluster_state:ok");
        } catch (RuntimeException e) {
            return false;
        }
    }
}
