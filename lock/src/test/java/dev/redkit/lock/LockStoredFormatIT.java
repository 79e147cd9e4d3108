package dev.redkit.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.embedded.junit.StoredLayout;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pins the stored format of locks (docs/COMPATIBILITY.md, docs/lock.md behaviour 11): old and new instances of a
 * rolling deploy must see each other's owners and share one fencing counter.
 */
@RedisTest
class LockStoredFormatIT {

    @Test
    void aHeldLockIsAnExpiringOwnerKeyBesideAFencingCounterWithoutTtl(RedisConnector redis, RedisTestContext ctx)
            throws InterruptedException {
        try (RedisLock locks = RedisLock.builder(redis, "jobs").build();
                Lease lease = locks.acquire("nightly sync", Duration.ZERO)) {
            assertThat(lease.isValid()).isTrue();
            assertThat(StoredLayout.of(ctx))
                    .containsExactly(
                            "lock:jobs:{nightly%20sync}:fence string no-ttl",
                            "lock:jobs:{nightly%20sync}:owner string ttl");
        }
    }
}
