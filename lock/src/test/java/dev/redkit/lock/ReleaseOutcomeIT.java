package dev.redkit.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.LogCapture;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What {@code release} reports once the lease is no longer in Redis: {@code LOST} only for a takeover Redis
 * proves, {@code STATE_LOST} when Redis lost the lock's state and nobody else took it.
 */
@RedisTest
class ReleaseOutcomeIT {

    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void releaseAfterRedisLostTheLockAndItsCounterReportsStateLostWithoutALostAlert(
            RedisConnector redis, RedisTestContext ctx) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String logs;
        try (RedisLock locks = RedisLock.builder(redis, "default")
                .meterRegistry(registry)
                .leaseTime(LONG)
                .build()) {
            Lease lease = locks.tryAcquire("ledger").orElseThrow();
            AtomicReference<LostReason> lost = new AtomicReference<>();
            lease.onLost(lost::set);
            // what an empty restart or FLUSHALL leaves of this lock name: nothing
            String owner = Keys.owner(redis, "default", "ledger");
            String fence = Keys.fence(redis, "default", "ledger");
            ctx.raw(owner, "DEL", owner, fence);
            try (LogCapture capture = LogCapture.start()) {
                assertThat(lease.release()).isEqualTo(ReleaseOutcome.STATE_LOST);
                logs = capture.text();
            }
            assertThat(lost.get()).as("no takeover was seen, so no lost alert").isNull();
            lease.onLost(lost::set);
            assertThat(lost.get()).isNull();
            assertThat(lease.release()).as("idempotent").isEqualTo(ReleaseOutcome.STATE_LOST);
        }
        assertThat(logs).contains("no takeover is known").doesNotContain("was lost");
        assertThat(registry.find("redkit.lock.lost").counter()).isNull();
        assertThat(registry.get("redkit.lock.release")
                        .tag("outcome", "state_lost")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void releaseAfterTheLeaseAndTheCounterExpiredReportsStateLost(RedisConnector redis, RedisTestContext ctx) {
        try (RedisLock locks = RedisLock.builder(redis, "default")
                .leaseTime(Duration.ofMillis(200))
                .fencingCounterTtl(Duration.ofMillis(300))
                .build()) {
            Lease lease = locks.tryAcquire("batch").orElseThrow();
            String fence = Keys.fence(redis, "default", "batch");
            Faults.await(() -> !ctx.keys().contains(fence), Duration.ofSeconds(10));
            assertThat(lease.release()).isEqualTo(ReleaseOutcome.STATE_LOST);
        }
    }

    @Test
    void aCounterRolledBackBelowTheTokenIsStateLostAndOneMovedPastItIsATakeover(
            RedisConnector redis, RedisTestContext ctx) {
        try (RedisLock locks =
                RedisLock.builder(redis, "default").leaseTime(LONG).build()) {
            String owner = Keys.owner(redis, "default", "wallet");
            String fence = Keys.fence(redis, "default", "wallet");

            // a restore of an older snapshot: the lock gone, the counter from before this lease
            Lease restored = locks.tryAcquire("wallet").orElseThrow();
            ctx.raw(owner, "DEL", owner);
            ctx.raw(fence, "SET", fence, Long.toString(restored.fencingToken() - 1));
            assertThat(restored.release()).isEqualTo(ReleaseOutcome.STATE_LOST);

            // another owner acquired and released after this lease ended: the counter moved past its token
            Lease overtaken = locks.tryAcquire("wallet").orElseThrow();
            AtomicReference<LostReason> lost = new AtomicReference<>();
            overtaken.onLost(lost::set);
            ctx.raw(owner, "DEL", owner);
            try (RedisLock other =
                    RedisLock.builder(ctx.newConnector(), "default").build()) {
                other.tryAcquire("wallet").orElseThrow().release();
            }
            assertThat(overtaken.release()).isEqualTo(ReleaseOutcome.LOST);
            assertThat(lost.get()).isEqualTo(LostReason.NOT_OWNER);
        }
    }

    @Test
    void withLockReturnsTheResultWhenRedisLostTheState(RedisConnector redis, RedisTestContext ctx) throws Exception {
        try (RedisLock locks =
                RedisLock.builder(redis, "default").leaseTime(LONG).build()) {
            String owner = Keys.owner(redis, "default", "report");
            String fence = Keys.fence(redis, "default", "report");
            String result = locks.withLock("report", Duration.ZERO, () -> {
                ctx.raw(owner, "DEL", owner, fence);
                return "done";
            });
            assertThat(result).isEqualTo("done");
        }
    }
}
