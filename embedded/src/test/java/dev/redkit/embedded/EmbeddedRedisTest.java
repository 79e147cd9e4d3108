package dev.redkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class EmbeddedRedisTest {

    @Test
    void startsOnLoopbackWithoutPersistenceAndStops() {
        Path dir;
        try (EmbeddedRedis redis = EmbeddedRedis.start()) {
            dir = redis.directory();
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(redis.isRunning()).isTrue();
            try (Jedis jedis = redis.client(1000)) {
                assertThat(jedis.info("server")).contains("redis_version:7.0.15");
                assertThat(jedis.configGet("bind").get("bind")).isEqualTo("127.0.0.1");
                assertThat(jedis.configGet("appendonly").get("appendonly")).isEqualTo("no");
                assertThat(jedis.configGet("save").get("save")).isEmpty();
            }
            redis.stop();
            assertThat(redis.isRunning()).isFalse();
        }
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void killLosesDataWithoutAofAndKeepsItWithAof() {
        try (EmbeddedRedis volatileRedis = EmbeddedRedis.start();
                EmbeddedRedis durable = EmbeddedRedis.builder().appendOnly(true).start()) {
            for (EmbeddedRedis r : new EmbeddedRedis[] {volatileRedis, durable}) {
                try (Jedis jedis = r.client(1000)) {
                    jedis.set("k", "v");
                }
                long pid = r.pid();
                r.kill();
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .isFalse();
                r.restart();
            }
            try (Jedis a = volatileRedis.client(1000);
                    Jedis b = durable.client(1000)) {
                assertThat(a.get("k")).isNull();
                assertThat(b.get("k")).isEqualTo("v");
            }
        }
    }

    @Test
    void pauseFreezesTheProcessAndResumeThaws() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start()) {
            redis.pause();
            assertThat(redis.isPaused()).isTrue();
            CompletableFuture<String> ping = CompletableFuture.supplyAsync(() -> {
                try (Jedis jedis = redis.client(5000)) {
                    return jedis.ping();
                }
            });
            assertThatThrownBy(() -> ping.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            redis.resume();
            assertThat(ping.get(5, TimeUnit.SECONDS)).isEqualTo("PONG");
        }
    }

    @Test
    void extraSettingsAndDebugCommand() {
        try (EmbeddedRedis redis = EmbeddedRedis.builder()
                        .setting("maxmemory", "64mb")
                        .enableDebugCommand()
                        .start();
                Jedis jedis = redis.client(2000)) {
            assertThat(jedis.configGet("maxmemory").get("maxmemory")).isEqualTo(Long.toString(64L * 1024 * 1024));
            assertThat(new String((byte[]) jedis.sendCommand(() -> "DEBUG".getBytes(), "SLEEP", "0")))
                    .isEqualTo("OK");
        }
        assertThatThrownBy(() -> EmbeddedRedis.builder().setting("Bad Name", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
