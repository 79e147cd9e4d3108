package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Proves the suite really runs on three masters and that hash-tagged multi-key scripts work there. */
@RedisTest
class ClusterReadinessIT {

    private static final LuaScript INCR_BOTH = LuaScript.fromResource(ClusterReadinessIT.class, "incr-both.lua");

    @Test
    void clusterRunUsesThreeMastersAndKeysLandOnAllOfThem(RedisConnector redis, RedisTestContext ctx) {
        assumeTrue(ctx.topology() == Topology.CLUSTER, "cluster topology only");
        assertThat(ctx.dataNodes()).hasSize(3);
        KeySpace keys = redis.keySpace("test", "spread");
        for (int i = 0; i < 200; i++) {
            redis.ops()
                    .execute(RedisCommand.builder("SET")
                            .key(keys.key("k", "id-" + i))
                            .arg(i)
                            .build());
        }
        for (EmbeddedRedis node : ctx.dataNodes()) {
            try (Jedis jedis = node.client(1000)) {
                assertThat(jedis.clusterInfo()).contains("cluster_state:ok", "cluster_size:3");
                assertThat(jedis.keys(ctx.keyPrefix() + ":*")).isNotEmpty();
            }
        }
        assertThat(ctx.keys()).hasSize(200);
    }

    @Test
    void sharedHashTagLetsOneScriptTouchSeveralKeys(RedisConnector redis) {
        for (int i = 0; i < 50; i++) {
            KeySpace.Slot slot = redis.keySpace("test", "tags").slot("user-" + i + ":{odd}");
            List<Object> r = Replies.asList(
                    redis.ops().execute(INCR_BOTH.call(List.of(slot.key("a"), slot.key("b")), List.of(i))));
            assertThat(r).containsExactly((long) i, (long) i);
        }
    }

    @Test
    void keysWithoutSharedTagAreRejectedOnCluster(RedisConnector redis, RedisTestContext ctx) {
        assumeTrue(ctx.topology() == Topology.CLUSTER, "cluster topology only");
        KeySpace keys = redis.keySpace("test", "cross");
        String a = keys.key("k", "a");
        String b = keys.key("k", "b-some-other-slot-1");
        assertThatThrownBy(() -> redis.ops().execute(INCR_BOTH.call(List.of(a, b), List.of(1))))
                .isInstanceOf(RedkitException.class);
    }
}
