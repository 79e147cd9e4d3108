package dev.redkit.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.Topology;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link PlatformSecurityE2ETest} on a real 3-master Redis Cluster. */
class PlatformSecurityClusterE2ETest extends PlatformSecurityE2ETest {

    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedRedisCluster.builder().masters(3).start();
        cluster.awaitHealthy(30_000);
        assertThat(cluster.config().topology()).isEqualTo(Topology.CLUSTER);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    RedisConfig redisConfig() {
        return cluster.config();
    }

    @Override
    long countKeys(String pattern) {
        long n = 0;
        for (EmbeddedRedis master : cluster.masters()) {
            try (var jedis = master.client(5_000)) {
                n += jedis.keys(pattern).size();
            }
        }
        return n;
    }
}
