package dev.redkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisEndpoint;
import dev.redkit.core.Topology;
import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.junit.Faults;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class EmbeddedRedisSentinelTest {

    @Test
    void connectorFindsTheMasterThroughSentinelsAndFollowsAFailover() {
        try (EmbeddedRedisSentinel setup = EmbeddedRedisSentinel.builder().start();
                RedisConnector redis = RedisConnector.create(setup.config())) {
            assertThat(redis.config().topology()).isEqualTo(Topology.SENTINEL);
            assertThat(setup.url()).startsWith("redis+sentinel://127.0.0.1:").endsWith("/mymaster");
            redis.ops()
                    .execute(RedisCommand.builder("SET").key("before").arg("1").build());
            RedisEndpoint oldMaster = setup.masterAddress();
            try (Jedis master = setup.master().client(1000)) {
                master.waitReplicas(1, 2000);
            }

            setup.master().kill();
            EmbeddedRedis newMaster = setup.awaitNewMaster(oldMaster, 30_000);
            assertThat(newMaster.port()).isNotEqualTo(oldMaster.port());

            Object reply = Faults.retry(
                    () -> {
                        redis.ops()
                                .execute(RedisCommand.builder("SET")
                                        .key("after")
                                        .arg("2")
                                        .build());
                        return redis.ops().execute(RedisCommand.of("GET", "before"));
                    },
                    Duration.ofSeconds(15));
            assertThat(Replies.asString(reply)).isEqualTo("1");
        }
    }
}
