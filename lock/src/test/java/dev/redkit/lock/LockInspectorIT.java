package dev.redkit.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.RedisTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin view of held locks: every held lease of the instance (on every Cluster master), none of another. */
@RedisTest
class LockInspectorIT {

    @Test
    void listsEveryHeldLeaseOfTheInstanceWithItsTokenAndTimeLeft(RedisConnector redis) throws Exception {
        try (RedisLock jobs = RedisLock.builder(redis, "jobs")
                        .leaseTime(Duration.ofSeconds(60))
                        .build();
                RedisLock other = RedisLock.builder(redis, "other")
                        .leaseTime(Duration.ofSeconds(60))
                        .build()) {
            List<Lease> leases = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                leases.add(jobs.tryAcquire("report:" + i + " <b>").orElseThrow());
            }
            Lease foreign = other.tryAcquire("report:0 <b>").orElseThrow();
            Lease released = jobs.tryAcquire("gone").orElseThrow();
            released.close();

            LockInspector.Held held = LockInspector.of(redis, "jobs").held(100);
            assertThat(held.complete()).isTrue();
            assertThat(held.leases()).hasSize(30);
            for (Lease l : leases) {
                HeldLease h = held.leases().stream()
                        .filter(x -> x.name().equals(l.name()))
                        .findFirst()
                        .orElseThrow();
                assertThat(h.fencingToken()).isEqualTo(l.fencingToken());
                assertThat(h.timeLeft()).isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(Duration.ofSeconds(60));
            }
            assertThat(held.leases()).extracting(HeldLease::name).doesNotContain("gone");
            assertThat(LockInspector.of(redis, "other").held(100).leases())
                    .singleElement()
                    .extracting(HeldLease::fencingToken)
                    .isEqualTo(foreign.fencingToken());
            assertThat(LockInspector.of(redis, "jobs").held(10).leases()).hasSize(10);
            assertThat(LockInspector.of(redis, "jobs").held(10).complete()).isFalse();
            leases.forEach(Lease::close);
            foreign.close();
            assertThat(LockInspector.of(redis, "jobs").held(100).leases()).isEmpty();
        }
    }

    @Test
    void checksItsArguments(RedisConnector redis) {
        assertThatThrownBy(() -> LockInspector.of(redis, "Bad Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lockName");
        assertThatThrownBy(() -> LockInspector.of(redis, "jobs").held(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max");
    }
}
