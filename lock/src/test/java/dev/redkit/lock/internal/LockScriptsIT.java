package dev.redkit.lock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.lock.Lease;
import dev.redkit.lock.RedisLock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scripts on their own: re-sent calls (Cluster retries) and compare-then-act. */
@RedisTest
class LockScriptsIT {

    @Test
    void aResentAcquireReturnsTheSameLeaseAndIssuesNoSecondToken(RedisConnector redis, RedisTestContext ctx) {
        KeySpace.Slot slot = redis.keySpace("lock", "default").slot("retried");
        List<String> keys = List.of(slot.key("owner"), slot.key("fence"), slot.key("waiters"));
        List<Object> first = Replies.asList(
                redis.ops().execute(RedisLockImpl.ACQUIRE.call(keys, List.of("tokenA", "10000", "0", "0", "0"))));
        List<Object> again = Replies.asList(
                redis.ops().execute(RedisLockImpl.ACQUIRE.call(keys, List.of("tokenA", "10000", "0", "0", "0"))));
        assertThat(Replies.asLong(first.get(0))).isEqualTo(1);
        assertThat(Replies.asLong(again.get(0))).isEqualTo(1);
        assertThat(Replies.asString(again.get(1))).isEqualTo(Replies.asString(first.get(1)));
        assertThat(Replies.asString(ctx.raw(keys.get(1), "GET", keys.get(1))))
                .isEqualTo(Replies.asString(first.get(1)));

        List<Object> other = Replies.asList(
                redis.ops().execute(RedisLockImpl.ACQUIRE.call(keys, List.of("tokenB", "10000", "0", "0", "0"))));
        assertThat(Replies.asLong(other.get(0))).isZero();
        assertThat(Replies.asLong(other.get(1))).isBetween(1L, 10_000L);
    }

    @Test
    void aResentReleaseReportsExpiredAndAStrangerCannotRelease(RedisConnector redis, RedisTestContext ctx) {
        KeySpace.Slot slot = redis.keySpace("lock", "default").slot("released-twice");
        List<String> keys = List.of(slot.key("owner"), slot.key("fence"), slot.key("waiters"));
        String fence = Replies.asString(Replies.asList(redis.ops()
                        .execute(RedisLockImpl.ACQUIRE.call(keys, List.of("tokenA", "10000", "0", "0", "0"))))
                .get(1));
        String value = "tokenA:" + fence;
        List<Object> stranger = List.of("tokenB:" + fence, fence, "chan", "tag");
        assertThat(Replies.asLong(redis.ops().execute(RedisLockImpl.RELEASE.call(keys, stranger))))
                .isZero();
        assertThat(Replies.asLong(redis.ops()
                        .execute(RedisLockImpl.EXTEND.call(keys.subList(0, 1), List.of("tokenB:" + fence, "99000")))))
                .isZero();
        assertThat(Replies.asString(ctx.raw(keys.get(0), "GET", keys.get(0)))).isEqualTo(value);
        assertThat(Replies.asLong(ctx.raw(keys.get(0), "PTTL", keys.get(0)))).isLessThanOrEqualTo(10_000L);

        List<Object> mine = List.of(value, fence, "chan", "tag");
        assertThat(Replies.asLong(redis.ops().execute(RedisLockImpl.RELEASE.call(keys, mine))))
                .isEqualTo(1);
        assertThat(Replies.asLong(redis.ops().execute(RedisLockImpl.RELEASE.call(keys, mine))))
                .isEqualTo(2);
        assertThat(Replies.asLong(
                        redis.ops().execute(RedisLockImpl.EXTEND.call(keys.subList(0, 1), List.of(value, "1000")))))
                .isZero();
    }

    @Test
    void aReleaseWakesAWaiterOfThatLockOnly(RedisConnector redis) throws InterruptedException {
        try (RedisLock locks = RedisLock.builder(redis, "default").build()) {
            ReleaseNotifier notifier = new ReleaseNotifier(
                    redis.ops(), redis.keySpace("lock", "default").key("released"));
            ReleaseNotifier.Waiter waiter = notifier.register(KeySpace.encode("woken"));
            try {
                assertThat(waiter.await(5_000_000_000L))
                        .as("woken by the subscription becoming ready")
                        .isTrue();
                waiter.clear();
                locks.tryAcquire("unrelated").orElseThrow().close();
                assertThat(waiter.await(300_000_000L))
                        .as("not woken by another lock's release")
                        .isFalse();
                Lease lease = locks.tryAcquire("woken").orElseThrow();
                // a waiting acquire of another instance finds the lock busy and marks it, so the release publishes
                KeySpace.Slot slot = redis.keySpace("lock", "default").slot("woken");
                List<Object> busy = Replies.asList(redis.ops()
                        .execute(RedisLockImpl.ACQUIRE.call(
                                List.of(slot.key("owner"), slot.key("fence"), slot.key("waiters")),
                                List.of("tokenB", "10000", "0", "2000", "0"))));
                assertThat(Replies.asLong(busy.get(0))).isZero();
                lease.close();
                assertThat(waiter.await(10_000_000_000L))
                        .as("woken by the release message")
                        .isTrue();
            } finally {
                notifier.unregister(waiter, false);
                notifier.close();
            }
        }
    }
}
