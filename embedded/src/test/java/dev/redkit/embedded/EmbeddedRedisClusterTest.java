package dev.redkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.Topology;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class EmbeddedRedisClusterTest {

    @Test
    void threeMastersShareAllSlotsAndKeysSpreadOverThem() {
        try (EmbeddedRedisCluster cluster =
                        EmbeddedRedisCluster.builder().masters(3).start();
                RedisConnector connector = RedisConnector.create(cluster.config())) {
            assertThat(cluster.masters()).hasSize(3);
            assertThat(cluster.url()).startsWith("redis+cluster://127.0.0.1:");
            assertThat(connector.config().topology()).isEqualTo(Topology.CLUSTER);
            for (EmbeddedRedis m : cluster.masters()) {
                try (Jedis jedis = m.client(1000)) {
                    assertThat(jedis.clusterInfo())
                            .contains("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_size:3");
                }
            }
            KeySpace keys = connector.keySpace("test", "spread");
            for (int i = 0; i < 300; i++) {
                connector
                        .ops()
                        .execute(RedisCommand.builder("SET")
                                .key(keys.key("k", "user-" + i))
                                .arg("v")
                                .build());
            }
            Map<Integer, Long> perNode = new HashMap<>();
            for (EmbeddedRedis m : cluster.masters()) {
                try (Jedis jedis = m.client(1000)) {
                    perNode.put(m.port(), jedis.dbSize());
                }
            }
            assertThat(perNode.values()).allSatisfy(n -> assertThat(n).isGreaterThan(50));
            assertThat(perNode.values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(300);
        }
    }

    @Test
    void replicasFollowTheirMasters() {
        try (EmbeddedRedisCluster cluster =
                EmbeddedRedisCluster.builder().masters(3).replicasPerMaster(1).start()) {
            assertThat(cluster.replicas()).hasSize(3);
            for (EmbeddedRedis r : cluster.replicas()) {
                try (Jedis jedis = r.client(1000)) {
                    assertThat(jedis.info("replication")).contains("role:slave", "master_link_status:up");
                }
            }
            assertThat(cluster.seedNodes()).hasSize(6);
        }
    }
}
