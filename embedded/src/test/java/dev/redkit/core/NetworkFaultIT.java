package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.FaultProxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The connector under network faults: every failure surfaces as RedisUnavailableException within the timeout, then recovers. */
class NetworkFaultIT {

    private static final RedisCommand PING = RedisCommand.of("PING");

    @Test
    void latencyBlackholeDroppedRepliesAndResets() {
        try (EmbeddedRedis server = EmbeddedRedis.start();
                FaultProxy proxy = FaultProxy.to(server.endpoint());
                RedisConnector redis = RedisConnector.create(proxy.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(500))
                        .connectTimeout(Duration.ofMillis(500))
                        .build())) {
            assertThat(redis.ping()).isLessThan(Duration.ofSeconds(2));

            proxy.latency(Duration.ofMillis(100));
            assertThat(redis.ping()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            proxy.latency(Duration.ZERO);

            for (Runnable fault : new Runnable[] {() -> proxy.blackhole(true), () -> proxy.dropReplies(true)}) {
                fault.run();
                long start = System.nanoTime();
                assertThatThrownBy(() -> redis.ops().execute(PING)).isInstanceOf(RedisUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
                proxy.blackhole(false);
                proxy.dropReplies(false);
                assertThat(Replies.asString(redis.ops().execute(PING))).isEqualTo("PONG");
            }

            proxy.resetConnections();
            Object reply = null;
            for (int i = 0; i < 3 && reply == null; i++) {
                try {
                    reply = redis.ops().execute(PING);
                } catch (RedisUnavailableException brokenPooledConnection) {
                    assertThat(i).isLessThan(2);
                }
            }
            assertThat(Replies.asString(reply)).isEqualTo("PONG");
        }
    }
}
