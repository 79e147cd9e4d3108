package dev.redkit.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Issue 25: a release that cannot reach Redis does not leave the lock held for its whole lease; it is retried in the
 * background within the lease (counter {@code redkit.lock.release_retried}) or reported abandoned at the deadline
 * ({@code redkit.lock.release_abandoned}). Each test has its own server (pause, an exhausted pool), so it runs once.
 */
class ReleaseRetryIT {

    private static final Duration LEASE = Duration.ofSeconds(60);

    @Test
    void aReleaseThatFindsThePoolExhaustedIsRetriedAndFreesTheLockLongBeforeItsLeaseEnds() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                // standalone: the run budget is one socket timeout, so 100 ms of the call deadline are left to wait
                RedisConnector redis = RedisConnector.create(
                        server.config().toBuilder()
                                .maxConnections(1)
                                .callTimeout(server.config().socketTimeout().plusMillis(100))
                                .build(),
                        registry);
                RedisConnector other = RedisConnector.create(server.config());
                RedisLock locks =
                        RedisLock.builder(redis, "jobs").leaseTime(LEASE).build();
                RedisLock otherLocks =
                        RedisLock.builder(other, "jobs").leaseTime(LEASE).build()) {
            Lease lease = locks.tryAcquire("nightly").orElseThrow();
            CountDownLatch holding = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                holding.countDown();
                // holds the pool's only connection for 2 s
                redis.ops()
                        .execute(RedisCommand.builder("BLPOP")
                                .key("unrelated")
                                .arg("2")
                                .blocking()
                                .build());
            });
            holder.start();
            holding.await();
            Faults.await(
                    () -> {
                        try (Jedis direct = server.client(2000)) {
                            return direct.info("clients").contains("blocked_clients:1");
                        }
                    },
                    Duration.ofSeconds(10));

            assertThatThrownBy(lease::release)
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("no free connection");
            assertThat(lease.isValid()).isFalse();

            // before issue 25 the lock stayed held for its whole 60 s lease
            Faults.await(
                    () -> otherLocks
                            .tryAcquire("nightly")
                            .map(l -> {
                                l.release();
                                return true;
                            })
                            .orElse(false),
                    Duration.ofSeconds(30));
            assertThat(lease.release()).isEqualTo(ReleaseOutcome.RELEASED);
            assertThat(registry.get("redkit.lock.release_retried").counter().count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(registry.find("redkit.lock.release_abandoned").counter()).isNull();
            holder.join(10_000);
        }
    }

    @Test
    void aReleaseWhileRedisIsPausedIsRetriedAfterResumeAndOnePastTheDeadlineIsReportedAbandoned() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MutableClock clock = MutableClock.now();
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                RedisConnector redis = RedisConnector.create(
                        server.config().toBuilder()
                                .socketTimeout(Duration.ofMillis(300))
                                .connectTimeout(Duration.ofMillis(300))
                                .build(),
                        registry);
                RedisConnector other = RedisConnector.create(server.config());
                RedisLock locks = RedisLock.builder(redis, "jobs")
                        .leaseTime(LEASE)
                        .clock(clock)
                        .build();
                RedisLock otherLocks =
                        RedisLock.builder(other, "jobs").leaseTime(LEASE).build()) {
            Lease retried = locks.tryAcquire("retried").orElseThrow();
            Lease abandoned = locks.tryAcquire("abandoned").orElseThrow();

            server.pause();
            try {
                assertThatThrownBy(retried::release).isInstanceOf(RedisUnavailableException.class);
                Faults.await(
                        () -> registry.find("redkit.lock.release_retried").counter() != null
                                && registry.get("redkit.lock.release_retried")
                                                .counter()
                                                .count()
                                        >= 1,
                        Duration.ofSeconds(30));
            } finally {
                server.resume();
            }
            Faults.await(
                    () -> otherLocks
                            .tryAcquire("retried")
                            .map(l -> {
                                l.release();
                                return true;
                            })
                            .orElse(false),
                    Duration.ofSeconds(30));
            // RELEASED, or EXPIRED when the paused server ran the first attempt after resuming
            assertThat(retried.release()).isIn(ReleaseOutcome.RELEASED, ReleaseOutcome.EXPIRED);

            server.pause();
            try {
                assertThatThrownBy(abandoned::release).isInstanceOf(RedisUnavailableException.class);
                clock.advance(LEASE.plusSeconds(1));
                Faults.await(
                        () -> registry.find("redkit.lock.release_abandoned").counter() != null, Duration.ofSeconds(30));
            } finally {
                server.resume();
            }
            assertThat(registry.get("redkit.lock.release_abandoned").counter().count())
                    .isEqualTo(1.0);
        }
    }
}
