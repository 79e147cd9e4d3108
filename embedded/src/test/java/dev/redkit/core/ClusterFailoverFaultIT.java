package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisCluster;
import dev.redkit.embedded.junit.Faults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The connector on a Cluster with one replica per master, through a manual {@code CLUSTER FAILOVER} and then
 * a SIGKILL of the master that owns the written slot: it follows both, every failure is a
 * {@link RedkitException} (never a hang), and the test counts acknowledged writes that are lost and writes
 * that run twice (Jedis retries a write whose reply was lost). Figures go to
 * the log (logger {@code dev.redkit.reliability.cluster}, through {@code Faults.report}) for docs/RELIABILITY.md.
 */
class ClusterFailoverFaultIT {

    private static final String KEY = "{failover}:log";

    @Test
    void connectorFollowsManualFailoverAndMasterKillCountingLossAndDuplicates() throws Exception {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder()
                        .masters(3)
                        .replicasPerMaster(1)
                        .nodeTimeoutMillis(1000)
                        .start();
                RedisConnector redis = RedisConnector.create(cluster.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(500))
                        .connectTimeout(Duration.ofMillis(500))
                        .build())) {
            int slot = JedisClusterCRC16.getSlot(KEY);
            EmbeddedRedis master = cluster.masters().get(slot * 3 / 16384);
            EmbeddedRedis replica = cluster.replicas().get(slot * 3 / 16384);

            Writer writer = new Writer(redis);
            CompletableFuture<Void> running = CompletableFuture.runAsync(writer);
            writer.awaitAcknowledged(200);
            long start = System.nanoTime();
            cluster.failover(replica);
            int before = writer.acknowledged.size();
            writer.awaitAcknowledged(before + 200);
            long manualMillis = (System.nanoTime() - start) / 1_000_000;
            Counts manual = writer.countAgainst(redis);
            report(String.format(
                    "cluster CLUSTER FAILOVER: writes continued, %d ms until 200 more were acknowledged; %s",
                    manualMillis, manual));

            // now the promoted replica owns the slot; kill it and let the old master take over again
            int ackBeforeKill = writer.acknowledged.size();
            start = System.nanoTime();
            replica.kill();
            writer.awaitAcknowledged(ackBeforeKill + 200);
            long killMillis = (System.nanoTime() - start) / 1_000_000;
            writer.stop.set(true);
            running.get();
            Counts killed = writer.countAgainst(redis);
            report(String.format(
                    "cluster SIGKILL of the slot's master (node timeout 1000 ms): writes resumed, %d ms until 200 more"
                            + " were acknowledged; %s; slowest failing call %d ms",
                    killMillis, killed, writer.slowestFailureMillis));
            assertThat(manual.lost).isZero();
            assertThat(writer.unexpected).isEmpty();
            assertThat(master.isRunning()).isTrue();
        }
    }

    /** Appends 0, 1, 2, ... to one list and remembers which appends were acknowledged. */
    private static final class Writer implements Runnable {
        final RedisConnector redis;
        final List<Long> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean stop = new AtomicBoolean();
        volatile long failures;
        volatile long slowestFailureMillis;

        Writer(RedisConnector redis) {
            this.redis = redis;
        }

        @Override
        public void run() {
            for (long i = 0; !stop.get(); i++) {
                long start = System.nanoTime();
                try {
                    redis.ops()
                            .execute(RedisCommand.builder("RPUSH")
                                    .key(KEY)
                                    .arg(i)
                                    .build());
                    acknowledged.add(i);
                } catch (RedkitException expected) {
                    failures++;
                    slowestFailureMillis = Math.max(slowestFailureMillis, (System.nanoTime() - start) / 1_000_000);
                    sleep(5);
                } catch (RuntimeException e) {
                    unexpected.add(e);
                }
            }
        }

        void awaitAcknowledged(int n) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (acknowledged.size() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + acknowledged.size() + " writes acknowledged");
                }
                sleep(10);
            }
        }

        Counts countAgainst(RedisConnector redis) {
            List<Long> acked;
            synchronized (acknowledged) {
                acked = new ArrayList<>(acknowledged);
            }
            List<Object> stored = null;
            for (int i = 0; stored == null; i++) {
                try {
                    stored = Replies.asList(redis.ops()
                            .execute(RedisCommand.builder("LRANGE")
                                    .key(KEY)
                                    .arg(0)
                                    .arg(-1)
                                    .build()));
                } catch (RedkitException settling) {
                    if (i > 100) {
                        throw settling;
                    }
                    sleep(50);
                }
            }
            Map<Long, Integer> seen = new HashMap<>();
            for (Object o : stored) {
                seen.merge(Long.parseLong(Replies.asString(o)), 1, Integer::sum);
            }
            long lost = acked.stream().filter(i -> !seen.containsKey(i)).count();
            long duplicated = seen.values().stream().filter(c -> c > 1).count();
            return new Counts(acked.size(), failures, lost, duplicated);
        }
    }

    private record Counts(long acknowledged, long failures, long lost, long duplicated) {
        @Override
        public String toString() {
            return acknowledged + " acknowledged appends, " + failures + " failed calls, " + lost
                    + " acknowledged appends lost, " + duplicated + " appended twice";
        }
    }

    private static void awaitRole(EmbeddedRedis node, String role) {
        awaitRole(node, role, 30_000);
    }

    private static void awaitRole(EmbeddedRedis node, String role, long timeoutMillis) {
        node.awaitRole(role, timeoutMillis);
    }

    private static void sleep(long millis) {
        Faults.pause(millis);
    }

    private static void report(String line) {
        Faults.report("cluster", line);
    }
}
