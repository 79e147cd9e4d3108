package dev.redkit.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The lock's behavioural contract, on standalone and on Cluster. */
@RedisTest
class RedisLockIT {

    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void shouldCreateLockAndNotReturnSecondLock(RedisConnector redis, RedisTestContext ctx) {
        try (RedisLock locks = RedisLock.builder(redis, "default").build();
                RedisLock otherApp =
                        RedisLock.builder(ctx.newConnector(), "default").build()) {
            Lease lease = locks.tryAcquire("nightly-sync").orElseThrow();
            assertThat(lease.name()).isEqualTo("nightly-sync");
            assertThat(lease.isValid()).isTrue();
            assertThat(lease.fencingToken()).isPositive();
            assertThat(otherApp.tryAcquire("nightly-sync")).isEmpty();
            assertThat(locks.tryAcquire("other")).isPresent().get().satisfies(Lease::close);
            assertThat(lease.release()).isEqualTo(ReleaseOutcome.RELEASED);
            assertThat(lease.release()).isEqualTo(ReleaseOutcome.RELEASED);
            assertThat(lease.isValid()).isFalse();
            assertThat(lease.remaining()).isZero();
            locks.tryAcquire("nightly-sync").orElseThrow().close();
        }
    }

    @Test
    void acquireAndReleaseAreOneRoundTripEach(RedisConnector redis, RedisTestContext ctx) throws InterruptedException {
        try (RedisLock locks = RedisLock.builder(redis, "default").build()) {
            locks.acquire("warm-up", Duration.ZERO).close();

            CommandCounter acquire = ctx.commandCounter();
            Lease lease = locks.acquire("rt", Duration.ofSeconds(5));
            assertThat(acquire.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 1L);

            CommandCounter release = ctx.commandCounter();
            assertThat(lease.release()).isEqualTo(ReleaseOutcome.RELEASED);
            assertThat(release.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 1L);

            CommandCounter tryAcquire = ctx.commandCounter();
            locks.tryAcquire("rt").orElseThrow().close();
            assertThat(tryAcquire.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 2L);
        }
    }

    @Test
    void mutualExclusionGivesTheExactTotal(RedisConnector redis) throws Exception {
        int threads = 16;
        int perThread = 1000;
        Counter counter = new Counter();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (RedisLock locks =
                RedisLock.builder(redis, "default").leaseTime(LONG).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try (Lease lease = locks.acquire("counter", LONG)) {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            tokens.add(lease.fencingToken());
                            int v = counter.value;
                            Thread.yield();
                            counter.value = v + 1;
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
        }
        System.out.printf(
                "mutual exclusion: %d x %d acquire/release pairs in %d ms%n",
                threads, perThread, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        assertThat(overlaps.get()).isZero();
        assertThat(counter.value).isEqualTo(threads * perThread);
        assertThat(tokens).hasSize(threads * perThread).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void fencingTokensIncreaseAcrossHoldersInstancesAndConnectors(RedisConnector redis, RedisTestContext ctx) {
        List<RedisLock> instances = List.of(
                RedisLock.builder(redis, "default").build(),
                RedisLock.builder(ctx.newConnector(), "default").build(),
                RedisLock.builder(ctx.newConnector(), "default").build());
        long last = 0;
        for (int i = 0; i < 30; i++) {
            RedisLock locks = instances.get(i % instances.size());
            try (Lease lease = locks.tryAcquire("fenced").orElseThrow()) {
                assertThat(lease.fencingToken()).isGreaterThan(last);
                last = lease.fencingToken();
            }
        }
        instances.forEach(RedisLock::close);
        try (RedisConnector restarted = ctx.newConnector();
                RedisLock locks = RedisLock.builder(restarted, "default").build()) {
            assertThat(locks.tryAcquire("fenced").orElseThrow().fencingToken()).isGreaterThan(last);
        }
        String fence = Keys.fence(redis, "default", "fenced");
        assertThat(Replies.asLong(ctx.raw(fence, "PTTL", fence))).isEqualTo(-1L);
    }

    @Test
    void fencingTokensKeepIncreasingAfterTheCounterExpires(RedisConnector redis, RedisTestContext ctx)
            throws InterruptedException {
        try (RedisLock locks = RedisLock.builder(redis, "default")
                .fencingCounterTtl(Duration.ofMillis(300))
                .build()) {
            Lease lease = locks.tryAcquire("short-lived").orElseThrow();
            long first = lease.fencingToken();
            lease.close();
            String fence = Keys.fence(redis, "default", "short-lived");
            assertThat(Replies.asLong(ctx.raw(fence, "PTTL", fence)))
                    .isNotEqualTo(-1L)
                    .isLessThanOrEqualTo(300L);
            Faults.await(() -> !ctx.keys().contains(fence), Duration.ofSeconds(10));
            assertThat(ctx.keys()).doesNotContain(fence, Keys.owner(redis, "default", "short-lived"));
            assertThat(locks.tryAcquire("short-lived").orElseThrow().fencingToken())
                    .isGreaterThan(first);
        }
    }

    @Test
    void fencingTokenStaysAboveACounterAheadOfTheServerClock(RedisConnector redis, RedisTestContext ctx) {
        // a counter ahead of the clock: the server clock went back, or a promoted replica runs behind
        String fence = Keys.fence(redis, "default", "ahead");
        long ahead = 4_000_000_000_000_000L;
        ctx.raw(fence, "SET", fence, Long.toString(ahead));
        try (RedisLock locks = RedisLock.builder(redis, "default").build()) {
            Lease first = locks.tryAcquire("ahead").orElseThrow();
            assertThat(first.fencingToken()).isEqualTo(ahead + 1);
            // the lock key, written with the server time before the counter was read, holds the raised token
            String owner = Keys.owner(redis, "default", "ahead");
            assertThat(Replies.asString(ctx.raw(owner, "GET", owner))).endsWith(":" + (ahead + 1));
            assertThat(Replies.asLong(ctx.raw(owner, "PTTL", owner))).isPositive();
            assertThat(first.release()).isEqualTo(ReleaseOutcome.RELEASED);
            assertThat(locks.tryAcquire("ahead").orElseThrow().fencingToken()).isEqualTo(ahead + 2);
        }
        assertThat(Replies.asString(ctx.raw(fence, "GET", fence))).isEqualTo(Long.toString(ahead + 2));
    }

    @Test
    void staleHolderPausedPastItsLeaseCannotDeleteTheNextHoldersLock(RedisConnector redis, RedisTestContext ctx)
            throws Exception {
        try (RedisLock a = RedisLock.builder(redis, "default")
                        .leaseTime(Duration.ofMillis(200))
                        .build();
                RedisLock b = RedisLock.builder(ctx.newConnector(), "default")
                        .leaseTime(LONG)
                        .build()) {
            Lease stale = a.tryAcquire("wallet").orElseThrow();
            CompletableFuture<LostReason> lost = new CompletableFuture<>();
            stale.onLost(lost::complete);
            Thread.sleep(400);
            Lease next = b.tryAcquire("wallet").orElseThrow();
            assertThat(next.fencingToken()).isGreaterThan(stale.fencingToken());
            assertThat(stale.isValid()).isFalse();

            assertThat(stale.extend(Duration.ofSeconds(10))).isFalse();
            assertThat(stale.release()).isEqualTo(ReleaseOutcome.LOST);
            assertThat(lost.get(5, TimeUnit.SECONDS)).isIn(LostReason.EXPIRED, LostReason.NOT_OWNER);
            String owner = Keys.owner(redis, "default", "wallet");
            assertThat(Replies.asString(ctx.raw(owner, "GET", owner))).endsWith(":" + next.fencingToken());
            assertThat(next.isValid()).isTrue();
            assertThat(next.release()).isEqualTo(ReleaseOutcome.RELEASED);
        }
    }

    @Test
    void releaseAfterExpiryWithoutSuccessorReportsExpired(RedisConnector redis) throws InterruptedException {
        try (RedisLock locks = RedisLock.builder(redis, "default")
                .leaseTime(Duration.ofMillis(100))
                .build()) {
            Lease lease = locks.tryAcquire("lapsed").orElseThrow();
            AtomicReference<LostReason> lost = new AtomicReference<>();
            Thread.sleep(300);
            assertThat(lease.release()).isEqualTo(ReleaseOutcome.EXPIRED);
            lease.onLost(lost::set);
            assertThat(lost.get()).isNull();
        }
    }

    @Test
    void extendKeepsTheLockAndNeverShortensIt(RedisConnector redis, RedisTestContext ctx) throws InterruptedException {
        try (RedisLock locks = RedisLock.builder(redis, "default")
                .leaseTime(Duration.ofMillis(500))
                .build()) {
            Lease lease = locks.tryAcquire("long-job").orElseThrow();
            assertThat(lease.extend(Duration.ofSeconds(20))).isTrue();
            assertThat(lease.remaining()).isGreaterThan(Duration.ofSeconds(19));
            assertThat(lease.extend(Duration.ofMillis(50))).isTrue();
            String owner = Keys.owner(redis, "default", "long-job");
            assertThat(Replies.asLong(ctx.raw(owner, "PTTL", owner))).isGreaterThan(19_000L);
            Thread.sleep(700);
            assertThat(lease.isValid()).isTrue();
            try (RedisLock otherApp =
                    RedisLock.builder(ctx.newConnector(), "default").build()) {
                assertThat(otherApp.tryAcquire("long-job")).isEmpty();
            }
            lease.close();
            assertThatThrownBy(() -> lease.extend(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void watchdogKeepsTheLockForThreeLeasesAndMore(RedisConnector redis, RedisTestContext ctx)
            throws InterruptedException {
        Duration lease = Duration.ofMillis(600);
        try (RedisLock locks = RedisLock.builder(redis, "default")
                        .leaseTime(lease)
                        .watchdog(true)
                        .build();
                RedisLock other =
                        RedisLock.builder(ctx.newConnector(), "default").build()) {
            Lease held = locks.tryAcquire("renewed").orElseThrow();
            AtomicReference<LostReason> lost = new AtomicReference<>();
            held.onLost(lost::set);
            long until =
                    System.nanoTime() + lease.multipliedBy(3).plusMillis(200).toNanos();
            while (System.nanoTime() < until) {
                assertThat(other.tryAcquire("renewed")).isEmpty();
                Thread.sleep(50);
            }
            assertThat(held.isValid()).isTrue();
            assertThat(lost.get()).isNull();
            assertThat(held.release()).isEqualTo(ReleaseOutcome.RELEASED);
            Thread.sleep(lease.toMillis());
            assertThat(ctx.keys()).doesNotContain(Keys.owner(redis, "default", "renewed"));
        }
    }

    @Test
    void onLostFiresWhenTheKeyIsDeletedFromOutside(RedisConnector redis, RedisTestContext ctx) throws Exception {
        try (RedisLock locks = RedisLock.builder(redis, "default")
                .leaseTime(Duration.ofMillis(300))
                .watchdog(true)
                .build()) {
            Lease lease = locks.tryAcquire("admin-deleted").orElseThrow();
            CompletableFuture<LostReason> lost = new CompletableFuture<>();
            lease.onLost(lost::complete);
            String owner = Keys.owner(redis, "default", "admin-deleted");
            ctx.raw(owner, "DEL", owner);
            assertThat(lost.get(5, TimeUnit.SECONDS)).isEqualTo(LostReason.NOT_OWNER);
            assertThat(lease.isValid()).isFalse();
            AtomicReference<LostReason> late = new AtomicReference<>();
            lease.onLost(late::set);
            assertThat(late.get()).isEqualTo(LostReason.NOT_OWNER);
            assertThat(lease.release()).isEqualTo(ReleaseOutcome.EXPIRED);
        }
    }

    @Test
    void onLostFiresAtTheDeadlineOfALeaseWithoutWatchdog(RedisConnector redis) throws Exception {
        try (RedisLock locks = RedisLock.builder(redis, "default")
                .leaseTime(Duration.ofMillis(200))
                .build()) {
            Lease lease = locks.tryAcquire("forgotten").orElseThrow();
            CompletableFuture<LostReason> lost = new CompletableFuture<>();
            lease.onLost(lost::complete);
            assertThat(lost.get(5, TimeUnit.SECONDS)).isEqualTo(LostReason.EXPIRED);
            assertThat(lease.isValid()).isFalse();
        }
    }

    @Test
    void waitersWakePromptlyOnRelease(RedisConnector redis, RedisTestContext ctx) throws Exception {
        List<Long> handOffMicros = new ArrayList<>();
        try (RedisLock holder =
                        RedisLock.builder(redis, "default").leaseTime(LONG).build();
                RedisLock waiting = RedisLock.builder(ctx.newConnector(), "default")
                        .leaseTime(LONG)
                        .maxRetryInterval(LONG)
                        .build()) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            for (int round = 0; round < 15; round++) {
                Lease held = holder.tryAcquire("hand-off").orElseThrow();
                Future<Long> acquiredAt = pool.submit(() -> {
                    try (Lease l = waiting.acquire("hand-off", Duration.ofSeconds(20))) {
                        return System.nanoTime();
                    }
                });
                Thread.sleep(200);
                long releasedAt = System.nanoTime();
                held.release();
                handOffMicros.add(TimeUnit.NANOSECONDS.toMicros(acquiredAt.get(20, TimeUnit.SECONDS) - releasedAt));
            }
            pool.shutdown();
        }
        List<Long> sorted = new ArrayList<>(handOffMicros);
        Collections.sort(sorted);
        System.out.printf(
                "hand-off latency (release call -> waiter holds the lock), %s: median %d us, max %d us, all %s%n",
                ctx.topology(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), handOffMicros);
        assertThat(sorted.get(sorted.size() / 2))
                .as("median hand-off in microseconds")
                .isLessThan(2_000_000L);
    }

    /**
     * Issue 19: acquire read the fencing counter and raised it with INCRBY (plus PEXPIRE with a counter TTL),
     * and every release published a wake-up, a message Cluster broadcasts to every node, even with nobody
     * waiting. Now the counter is one SET ... GET and a release publishes only while the waiters marker
     * exists; that a waiter is still woken at once is waitersWakePromptlyOnRelease. Then acquire read the
     * lock key with a GET before its SET NX PX; now the SET NX PX GET is that read (5 commands with the
     * EVALSHA down to 4 for a free lock).
     */
    @Test
    void releasePublishesOnlyWhenSomeoneWaits(RedisConnector redis, RedisTestContext ctx) throws Exception {
        try (RedisLock locks = RedisLock.builder(redis, "default")
                        .leaseTime(LONG)
                        .fencingCounterTtl(Duration.ofDays(7))
                        .build();
                RedisLock other = RedisLock.builder(ctx.newConnector(), "default")
                        .leaseTime(LONG)
                        .maxRetryInterval(LONG)
                        .build()) {
            locks.acquire("warm-up", Duration.ZERO).close();
            try (CommandCounter counter = ctx.commandCounter()) {
                Lease lease = locks.acquire("quiet", Duration.ofSeconds(5));
                assertThat(counter.scriptDelta())
                        .as("acquire reads the lock key only through its SET NX PX GET")
                        .containsOnly(entry("time", 1L), entry("set", 2L));
                assertThat(lease.release()).isEqualTo(ReleaseOutcome.RELEASED);
                assertThat(counter.scriptDelta())
                        .containsOnly(entry("get", 1L), entry("time", 1L), entry("set", 2L), entry("del", 1L));
            }
            Lease held = locks.tryAcquire("busy").orElseThrow();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (CommandCounter counter = ctx.commandCounter()) {
                Future<Long> waiter = pool.submit(() -> {
                    try (Lease l = other.acquire("busy", Duration.ofSeconds(30))) {
                        return l.fencingToken();
                    }
                });
                Faults.await(() -> ctx.keys().stream().anyMatch(k -> k.endsWith(":waiters")), Duration.ofSeconds(10));
                assertThat(held.release()).isEqualTo(ReleaseOutcome.RELEASED);
                assertThat(waiter.get(20, TimeUnit.SECONDS)).isGreaterThan(held.fencingToken());
                assertThat(counter.scriptDelta())
                        .as("the holder's release only, not the waiter's own")
                        .containsEntry("publish", 1L);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void waitingAcquireTimesOut(RedisConnector redis, RedisTestContext ctx) throws InterruptedException {
        try (RedisLock locks = RedisLock.builder(redis, "default").build();
                RedisLock other =
                        RedisLock.builder(ctx.newConnector(), "default").build()) {
            Lease held = other.tryAcquire("busy").orElseThrow();
            long start = System.nanoTime();
            assertThatThrownBy(() -> locks.acquire("busy", Duration.ofMillis(300)))
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("busy")
                    .satisfies(
                            e -> assertThat(((LockTimeoutException) e).waited()).isEqualTo(Duration.ofMillis(300)));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf("acquire with a 300 ms wait gave up after %d ms%n", waitedMs);
            assertThat(waitedMs).isBetween(300L, 5_000L);
            assertThat(locks.tryAcquire("busy", Duration.ZERO)).isEmpty();
            assertThat(locks.tryAcquire("busy", Duration.ofMillis(50))).isEmpty();
            assertThat(held.release()).isEqualTo(ReleaseOutcome.RELEASED);
        }
    }

    @Test
    void interruptedWaitThrowsAndLeavesNoLockBehind(RedisConnector redis, RedisTestContext ctx) throws Exception {
        try (RedisLock locks = RedisLock.builder(redis, "default").build();
                RedisLock other =
                        RedisLock.builder(ctx.newConnector(), "default").build()) {
            Lease held = other.tryAcquire("interrupted").orElseThrow();
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    Lease got = locks.acquire("interrupted", LONG);
                    outcome.complete(new AssertionError("acquired " + got));
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            waiter.start();
            awaitParked(waiter);
            waiter.interrupt();
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            held.release();
            Thread.sleep(200);
            assertThat(ctx.keys()).doesNotContain(Keys.owner(redis, "default", "interrupted"));
            locks.tryAcquire("interrupted").orElseThrow().close();

            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> locks.acquire("interrupted", LONG)).isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).isFalse();
            assertThat(ctx.keys()).doesNotContain(Keys.owner(redis, "default", "interrupted"));
        }
    }

    @Test
    void reacquiringOnTheSameThreadIsRefused(RedisConnector redis) throws Exception {
        try (RedisLock locks = RedisLock.builder(redis, "default").build()) {
            Lease lease = locks.acquire("not-reentrant", Duration.ZERO);
            assertThatThrownBy(() -> locks.acquire("not-reentrant", LONG))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not reentrant");
            assertThatThrownBy(() -> locks.tryAcquire("not-reentrant")).isInstanceOf(IllegalStateException.class);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            assertThat(pool.submit(() -> locks.tryAcquire("not-reentrant")).get())
                    .isEmpty();
            pool.shutdown();
            lease.close();
            locks.acquire("not-reentrant", Duration.ZERO).close();
        }
    }

    @Test
    void withLockRunsTheActionAndReleases(RedisConnector redis, RedisTestContext ctx) throws Exception {
        try (RedisLock locks = RedisLock.builder(redis, "default").build()) {
            assertThat(locks.withLock("job", Duration.ofSeconds(1), () -> "done"))
                    .isEqualTo("done");
            assertThat(ctx.keys()).doesNotContain(Keys.owner(redis, "default", "job"));
            assertThatThrownBy(() -> locks.withLock("job", Duration.ofSeconds(1), () -> {
                        throw new IllegalArgumentException("boom");
                    }))
                    .hasMessage("boom");
            assertThat(ctx.keys()).doesNotContain(Keys.owner(redis, "default", "job"));
            Lease held = locks.tryAcquire("job").orElseThrow();
            onAnotherThread(() -> assertThatThrownBy(() -> locks.withLock("job", Duration.ofMillis(100), () -> "x"))
                    .isInstanceOf(LockTimeoutException.class));
            held.close();
        }
    }

    @Test
    void withLockReportsALeaseLostToAnotherOwner(RedisConnector redis, RedisTestContext ctx) {
        try (RedisLock locks = RedisLock.builder(redis, "default")
                        .leaseTime(Duration.ofMillis(150))
                        .build();
                RedisLock other =
                        RedisLock.builder(ctx.newConnector(), "default").build()) {
            assertThatThrownBy(() -> locks.withLock("slow", Duration.ofSeconds(1), () -> {
                        sleep(300);
                        return other.tryAcquire("slow").orElseThrow();
                    }))
                    .isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("slow");
        }
    }

    @Test
    void remainingFollowsTheClientClockWhileTheServerClockGovernsExpiry(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        try (RedisLock locks = RedisLock.builder(redis, "default")
                .leaseTime(Duration.ofSeconds(10))
                .clock(clock)
                .build()) {
            Lease lease = locks.tryAcquire("clocked").orElseThrow();
            assertThat(lease.remaining()).isEqualTo(Duration.ofSeconds(10));
            clock.advance(Duration.ofSeconds(4));
            assertThat(lease.remaining()).isEqualTo(Duration.ofSeconds(6));
            assertThat(lease.isValid()).isTrue();
            clock.advance(Duration.ofSeconds(7));
            assertThat(lease.remaining()).isZero();
            assertThat(lease.isValid()).isFalse();
            String owner = Keys.owner(redis, "default", "clocked");
            assertThat(Replies.asLong(ctx.raw(owner, "PTTL", owner))).isGreaterThan(5_000L);
            assertThat(lease.extend(Duration.ofSeconds(10))).isTrue();
            assertThat(lease.remaining()).isEqualTo(Duration.ofSeconds(10));
            assertThat(lease.release()).isEqualTo(ReleaseOutcome.RELEASED);
        }
    }

    @Test
    void rejectsBadInput(RedisConnector redis) {
        try (RedisLock locks = RedisLock.builder(redis, "default").build()) {
            String oversized = "x".repeat(RedisLock.MAX_NAME_LENGTH + 1);
            for (String bad : new String[] {null, "", oversized}) {
                assertThatThrownBy(() -> locks.acquire(bad, LONG))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("name");
                assertThatThrownBy(() -> locks.tryAcquire(bad))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("name");
                assertThatThrownBy(() -> locks.tryAcquire(bad, LONG))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("name");
                assertThatThrownBy(() -> locks.withLock(bad, LONG, () -> 1))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("name");
            }
            String wide = "\uD83D\uDD12".repeat(RedisLock.MAX_NAME_LENGTH / 2);
            assertThatThrownBy(() -> locks.tryAcquire(wide))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("name");
            assertThatThrownBy(() -> locks.acquire("ok", Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("wait");
            assertThatThrownBy(() -> locks.acquire("ok", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("wait");
            assertThatThrownBy(() -> locks.withLock("ok", LONG, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("action");
            Lease lease = locks.tryAcquire("ok").orElseThrow();
            for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(10)}) {
                assertThatThrownBy(() -> lease.extend(bad))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("duration");
            }
            assertThatThrownBy(() -> lease.onLost(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("callback");
            lease.close();
        }
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(999_999)}) {
            assertThatThrownBy(() -> RedisLock.builder(redis, "default").leaseTime(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("leaseTime");
            assertThatThrownBy(() -> RedisLock.builder(redis, "default").maxRetryInterval(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxRetryInterval");
            assertThatThrownBy(() -> RedisLock.builder(redis, "default").fencingCounterTtl(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fencingCounterTtl");
        }
        assertThatThrownBy(() -> RedisLock.builder(null, "default"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connector");
        assertThatThrownBy(() -> RedisLock.builder(redis, "Not An Identifier"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> RedisLock.builder(redis, "default").clock(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clock");
    }

    @Test
    void closeStopsWaitersAndRefusesNewAcquires(RedisConnector redis, RedisTestContext ctx) throws Exception {
        RedisLock locks = RedisLock.builder(redis, "default").build();
        try (RedisLock other = RedisLock.builder(ctx.newConnector(), "default").build()) {
            Lease held = other.tryAcquire("closing").orElseThrow();
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    outcome.complete(new AssertionError("acquired " + locks.acquire("closing", LONG)));
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            waiter.start();
            awaitParked(waiter);
            locks.close();
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> locks.tryAcquire("closing")).isInstanceOf(IllegalStateException.class);
            assertThat(locks.toString()).contains("leaseTime=PT30S");
            held.close();
        }
    }

    @Test
    void recordsMetrics(RedisConnector redis, RedisTestContext ctx) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RedisLock locks =
                RedisLock.builder(redis, "payments").meterRegistry(registry).build()) {
            Lease lease = locks.acquire("m", Duration.ZERO);
            onAnotherThread(() -> assertThat(locks.tryAcquire("m")).isEmpty());
            onAnotherThread(() ->
                    assertThat(locks.tryAcquire("m", Duration.ofMillis(50))).isEmpty());
            locks.tryAcquire("m2", Duration.ZERO).orElseThrow().close();
            Lease lost = locks.tryAcquire("m3").orElseThrow();
            String owner = Keys.owner(redis, "payments", "m3");
            ctx.raw(owner, "DEL", owner);
            assertThat(lost.extend(Duration.ofSeconds(1))).isFalse();
            assertThat(lost.release()).isEqualTo(ReleaseOutcome.EXPIRED);
            lease.close();
            assertThat(registry.get("redkit.lock.acquire")
                            .tag("name", "payments")
                            .tag("outcome", "acquired")
                            .timer()
                            .count())
                    .isEqualTo(3);
            assertThat(registry.get("redkit.lock.acquire")
                            .tag("outcome", "busy")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("redkit.lock.acquire")
                            .tag("outcome", "timeout")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("redkit.lock.lost").counter().count()).isEqualTo(1.0);
            assertThat(registry.get("redkit.lock.release")
                            .tag("outcome", "released")
                            .timer()
                            .count())
                    .isEqualTo(2);
            assertThat(registry.get("redkit.lock.release")
                            .tag("outcome", "expired")
                            .timer()
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void reportsMemoryUsageOfOneLock(RedisConnector redis, RedisTestContext ctx) {
        try (RedisLock locks = RedisLock.builder(redis, "default").build()) {
            Lease lease = locks.tryAcquire("withdraw:user-1234567").orElseThrow();
            String owner = Keys.owner(redis, "default", "withdraw:user-1234567");
            String fence = Keys.fence(redis, "default", "withdraw:user-1234567");
            long ownerBytes = Replies.asLong(ctx.raw(owner, "MEMORY", "USAGE", owner));
            long fenceBytes = Replies.asLong(ctx.raw(fence, "MEMORY", "USAGE", fence));
            System.out.printf(
                    "MEMORY USAGE of one held lock: owner key %s = %d bytes, fencing counter %s = %d bytes%n",
                    owner, ownerBytes, fence, fenceBytes);
            assertThat(ownerBytes).isPositive().isLessThan(512);
            assertThat(fenceBytes).isPositive().isLessThan(512);
            lease.close();
        }
    }

    /**
     * Runs a check on a new thread (another thread than the lease holder's) and waits for it, rethrowing
     * what it threw: an assertion failing there fails the test.
     */
    private static void onAnotherThread(Callable<?> check) throws Exception {
        FutureTask<?> task = new FutureTask<>(check);
        new Thread(task).start();
        try {
            task.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A counter whose increment is deliberately not atomic: read, yield, write. */
    private static final class Counter {
        volatile int value;
    }

    /** Waits until the thread is parked, as a waiting acquire is between two attempts. */
    private static void awaitParked(Thread thread) {
        Faults.await(
                () -> thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING,
                Duration.ofSeconds(5));
    }
}
