package dev.redkit.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watchdog reports a lease lost when Redis dies; uses its own server so the shared one is not disturbed. */
class LeaseLostWhenRedisDiesTest {

    @Test
    void onLostFiresWhenRedisIsKilled() throws Exception {
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                RedisConnector redis = RedisConnector.create(server.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(300))
                        .connectTimeout(Duration.ofMillis(300))
                        .build());
                RedisLock locks = RedisLock.builder(redis, "default")
                        .leaseTime(Duration.ofMillis(600))
                        .watchdog(true)
                        .build()) {
            Lease lease = locks.tryAcquire("doomed").orElseThrow();
            CompletableFuture<LostReason> lost = new CompletableFuture<>();
            lease.onLost(lost::complete);
            Thread.sleep(300);
            long killedAt = System.nanoTime();
            server.kill();
            assertThat(lost.get(10, TimeUnit.SECONDS)).isEqualTo(LostReason.UNREACHABLE);
            long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.printf("lease reported lost %d ms after Redis was killed (lease 600 ms)%n", afterMs);
            assertThat(afterMs).isLessThan(5_000L);
            assertThat(lease.isValid()).isFalse();
        }
    }
}
