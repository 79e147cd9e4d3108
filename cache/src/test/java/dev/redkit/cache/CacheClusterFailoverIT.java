package dev.redkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisCluster;
import dev.redkit.embedded.junit.Faults;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Regression for issue 26, defect 1: on a Cluster with one replica per master, the master owning the cache's hot key
 * is killed and stays down. The cache's Cluster reads are pipelines, which refreshed the slot map only on
 * {@code MOVED}, so every back-off probe dialled the dead port and the loader took every read for good. Now the
 * cache reads from Redis again within one back-off of the promotion. Runs on its own cluster, once.
 */
class CacheClusterFailoverIT {

    private static final String HOT = "amazon";
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(1);

    @Test
    void readsReturnToRedisWithinOneBackOffAfterThePromotionWhileTheOldMasterStaysDown() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder()
                        .masters(3)
                        .replicasPerMaster(1)
                        .nodeTimeoutMillis(1000)
                        .start();
                RedisConnector redis =
                        RedisConnector.create(Faults.shortTimeouts(cluster.config(), Duration.ofMillis(300)));
                ReadThroughCache<Merchant> cache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .redisBackoff(Duration.ofMillis(250), BACKOFF_MAX)
                        .build()) {
            int index = JedisClusterCRC16.getSlot(HOT) * 3 / 16384;
            EmbeddedRedis master = cluster.masters().get(index);
            EmbeddedRedis replica = cluster.replicas().get(index);
            CountingLoader loader = new CountingLoader(0);
            assertThat(cache.get(HOT, loader)).isPresent();
            Faults.await(
                    () -> {
                        int before = loader.calls();
                        cache.get(HOT, loader);
                        return loader.calls() == before;
                    },
                    Duration.ofSeconds(10));
            master.awaitOnlineReplicas(1, 30_000);

            master.kill();
            replica.awaitRole("master", 30_000);
            long promoted = System.nanoTime();
            long deadline = promoted + BACKOFF_MAX.plusSeconds(2).toNanos();
            long fromRedisAfter = -1;
            while (System.nanoTime() < deadline) {
                int before = loader.calls();
                assertThat(cache.get(HOT, loader)).isPresent();
                if (loader.calls() == before) {
                    fromRedisAfter = (System.nanoTime() - promoted) / 1_000_000;
                    break;
                }
                Faults.pause(20);
            }
            Faults.report(
                    "cache",
                    "cluster master of the hot key SIGKILLed and kept down (1 replica per master, back-off"
                            + " 250 ms to 1 s): "
                            + (fromRedisAfter < 0
                                    ? "reads never came back to Redis"
                                    : "reads came from Redis again " + fromRedisAfter + " ms after the promotion"));
            assertThat(fromRedisAfter)
                    .as("ms from the promotion to the first read served by Redis")
                    .isBetween(0L, BACKOFF_MAX.toMillis() + 1_000);
        }
    }
}
