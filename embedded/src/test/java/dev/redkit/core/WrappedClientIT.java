package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * Issue 24 item 9: a connector can wrap the Jedis client an application already owns; Redkit's calls run on that
 * client's pool, through the same fair queue, and closing the connector leaves the client open.
 */
@RedisTest
class WrappedClientIT {

    private static final LuaScript INCR_BOTH = LuaScript.fromResource(RedisOpsIT.class, "incr-both.lua");

    @Test
    void aWrappedClientServesRedkitAndStaysTheApplicationsAfterClose(RedisTestContext ctx) {
        try (UnifiedJedis client = applicationClient(ctx)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RedisConfig config = ctx.config().toBuilder()
                    .maxConnections(4)
                    .clientName("wrapped")
                    .build();
            RedisConnector redis = RedisConnector.wrap(client, config, registry);
            KeySpace.Slot slot = redis.keySpace("test", "wrapped").slot("entity-1");
            List<String> keys = List.of(slot.key("a"), slot.key("b"));
            assertThat(Replies.asList(redis.ops().execute(INCR_BOTH.call(keys, List.of(2)))))
                    .containsExactly(2L, 2L);
            assertThat(redis.ops()
                            .pipeline(
                                    List.of(RedisCommand.of("GET", keys.get(0)), RedisCommand.of("GET", keys.get(1)))))
                    .extracting(Replies::asString)
                    .containsExactly("2", "2");
            assertThat(redis.health().up()).isTrue();
            assertThat(registry.get("redkit.pool.size")
                            .tag("client", "wrapped")
                            .gauge()
                            .value())
                    .isEqualTo(4.0);
            assertThat(registry.get("redkit.pool.wait")
                            .tag("client", "wrapped")
                            .timer()
                            .count())
                    .isGreaterThanOrEqualTo(3);

            redis.close();
            redis.close();
            assertThat(client.get(keys.get(0)))
                    .as("the application's client still works after connector.close()")
                    .isEqualTo("2");
            client.set(keys.get(1), "after");
            assertThat(client.get(keys.get(1))).isEqualTo("after");
        }
    }

    @Test
    void aClientThatDoesNotFitTheTopologyIsRefusedNamingTheParameter(RedisTestContext ctx) {
        try (UnifiedJedis client = applicationClient(ctx)) {
            RedisConfig other = ctx.topology() == Topology.CLUSTER
                    ? RedisConfig.builder().standalone("localhost", 6379).build()
                    : RedisConfig.builder().cluster(ctx.config().endpoints()).build();
            assertThatThrownBy(() -> RedisConnector.wrap(client, other))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("client is a " + client.getClass().getSimpleName());
        }
        assertThatThrownBy(() -> RedisConnector.wrap(null, ctx.config()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client");
    }

    /** The client an application built for itself: RESP2, as {@link RedisConnector#wrap} asks. */
    private static UnifiedJedis applicationClient(RedisTestContext ctx) {
        JedisClientConfig clientConfig =
                DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).build();
        if (ctx.topology() == Topology.CLUSTER) {
            Set<HostAndPort> nodes = new HashSet<>();
            for (RedisEndpoint e : ctx.config().endpoints()) {
                nodes.add(new HostAndPort(e.host(), e.port()));
            }
            return RedisClusterClient.builder()
                    .nodes(nodes)
                    .clientConfig(clientConfig)
                    .build();
        }
        RedisEndpoint e = ctx.config().endpoints().get(0);
        return RedisClient.builder()
                .hostAndPort(e.host(), e.port())
                .clientConfig(clientConfig)
                .build();
    }
}
