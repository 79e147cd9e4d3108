package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.junit.Faults;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Redis being down gives RedisUnavailableException, naming the endpoint but never the password, within the timeout. */
class UnavailabilityIT {

    private static final RedisCommand PING = RedisCommand.of("PING");

    @Test
    void connectionRefusedIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisConfig config = RedisConfig.builder()
                .standalone("127.0.0.1", port)
                .password("hunter2secret")
                .build();
        try (RedisConnector redis = RedisConnector.create(config)) {
            assertThatThrownBy(() -> redis.ops().execute(PING))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageNotContaining("hunter2secret")
                    .satisfies(e -> assertThat(((RedisUnavailableException) e).endpoint())
                            .isEqualTo("127.0.0.1:" + port));
            RedisHealth health = redis.health();
            assertThat(health.up()).isFalse();
            assertThat(health.error()).doesNotContain("hunter2secret");
        }
    }

    /**
     * The call breaks the pooled connection; replacing it must not cost a second timeout in the caller's
     * thread, as it does with commons-pool2 2.13 (see the parent pom). A 1 s timeout keeps that second
     * timeout out of the CI margin.
     */
    @Test
    void frozenServerTimesOutWithinSocketTimeout() {
        Duration timeout = Duration.ofSeconds(1);
        try (EmbeddedRedis server = EmbeddedRedis.start();
                RedisConnector redis = RedisConnector.create(server.config().toBuilder()
                        .socketTimeout(timeout)
                        .connectTimeout(timeout)
                        .build())) {
            redis.ping();
            server.pause();
            long start = System.nanoTime();
            assertThatThrownBy(() -> redis.ops().execute(PING)).isInstanceOf(RedisUnavailableException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isLessThan(timeout.plusMillis(700));
            server.resume();
            assertThat(redis.ping()).isPositive();
        }
    }

    @Test
    void killedServerIsUnavailableAndTheConnectorRecoversAfterRestart() {
        try (EmbeddedRedis server = EmbeddedRedis.start();
                RedisConnector redis = RedisConnector.create(server.config())) {
            redis.ops().execute(RedisCommand.builder("SET").key("k").arg("v").build());
            server.kill();
            assertThatThrownBy(() -> redis.ops().execute(RedisCommand.of("GET", "k")))
                    .isInstanceOf(RedisUnavailableException.class);
            server.restart();
            Object reply = null;
            for (int i = 0; i < 5 && reply == null; i++) {
                try {
                    reply = redis.ops().execute(PING);
                } catch (RedisUnavailableException stalePooledConnection) {
                    assertThat(i).isLessThan(4);
                }
            }
            assertThat(Replies.asString(reply)).isEqualTo("PONG");
        }
    }

    @Test
    void exhaustedPoolIsUnavailableWhenTheCallDeadlineLeavesNoMoreTimeToWait() throws Exception {
        try (EmbeddedRedis server = EmbeddedRedis.start();
                // standalone: the run budget is one socket timeout, so 200 ms of the deadline are left to wait
                RedisConnector redis = RedisConnector.create(server.config().toBuilder()
                        .maxConnections(1)
                        .callTimeout(server.config().socketTimeout().plusMillis(200))
                        .build())) {
            CompletableFuture<Object> blocker = CompletableFuture.supplyAsync(() -> redis.ops()
                    .execute(RedisCommand.builder("BLPOP")
                            .key("nothing")
                            .arg(2)
                            .blocking()
                            .build()));
            Faults.await(
                    () -> {
                        try (Jedis admin = server.client(1000)) {
                            return admin.info("clients").contains("blocked_clients:1");
                        }
                    },
                    Duration.ofSeconds(5));
            long start = System.nanoTime();
            assertThatThrownBy(() -> redis.ops().execute(PING))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("pool");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(blocker.get()).isNull();
        }
    }

    @Test
    void clusterWithNoReachableSeedFailsFast() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisConfig config = RedisConfig.builder()
                .cluster(java.util.List.of(new RedisEndpoint("127.0.0.1", port)))
                .connectTimeout(Duration.ofMillis(300))
                .build();
        assertThatThrownBy(() -> RedisConnector.create(config))
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + port);
    }
}
