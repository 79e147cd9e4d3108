package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.embedded.junit.VirtualThreads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 25: callers beyond the pool wait their turn, in arrival order, within their call deadline
 * ({@code callTimeout}), the queue is bounded ({@code maxQueuedCalls}) and visible in the pool meters, and a caller
 * whose deadline passes while queued fails unsent. The burst's size and pool can be changed with
 * {@code -Dburst.callers} and {@code -Dburst.pool} to measure error rates.
 */
@RedisTest
class PoolBurstIT {

    private static final int CALLERS = Integer.getInteger("burst.callers", VirtualThreads.available() ? 3_000 : 400);
    private static final int POOL = Integer.getInteger("burst.pool", 4);
    private static final RedisCommand PING = RedisCommand.of("PING");

    /** Before issue 25 most of the burst failed after the pool's 1 s wait ("no free connection in the pool"). */
    @Test
    void aBurstFarBeyondThePoolWaitsItsTurnWithinTheDefaultDeadlineWithoutErrors(RedisTestContext ctx)
            throws Exception {
        RedisConnector redis = ctx.newConnector(b -> b.maxConnections(POOL));
        String key = ctx.keyPrefix() + ":burst:{k}";
        AtomicInteger errors = new AtomicInteger();
        Map<String, Integer> messages = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(CALLERS);
        ThreadFactory threads = VirtualThreads.factoryOrPlatform("burst");
        for (int i = 0; i < CALLERS; i++) {
            threads.newThread(() -> {
                        try {
                            start.await();
                            redis.ops()
                                    .execute(RedisCommand.builder("INCR")
                                            .key(key)
                                            .build());
                            redis.ops()
                                    .pipeline(List.of(
                                            RedisCommand.builder("GET").key(key).build(),
                                            RedisCommand.builder("PTTL")
                                                    .key(key)
                                                    .build()));
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            messages.merge(String.valueOf(e.getMessage()).replaceAll("\\d+", "N"), 1, Integer::sum);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    })
                    .start();
        }
        start.countDown();
        assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
        assertThat(errors.get())
                .as("%d of %d callers failed: %s", errors.get(), CALLERS, messages)
                .isZero();
        assertThat(Replies.asLong(
                        redis.ops().execute(RedisCommand.builder("GET").key(key).build())))
                .isEqualTo(CALLERS);
    }

    @Test
    void aCallerWhoseDeadlinePassesWhileQueuedFailsUnsentAndTheMetersShowTheQueue(RedisTestContext ctx)
            throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisConfig one = ctx.config().toBuilder()
                .maxConnections(1)
                .clientName("burst-gauges")
                .build();
        // the deadline leaves 300 ms to wait: the run budget is one socket timeout (two on Cluster)
        RedisConfig config =
                one.toBuilder().callTimeout(one.runBudget().plusMillis(300)).build();
        try (RedisConnector redis = RedisConnector.create(config, registry)) {
            String key = ctx.keyPrefix() + ":gate:{k}";
            Thread holder = holdTheOnlyTurn(redis, key, 3);
            Faults.await(() -> registry.get("redkit.pool.in_use").gauge().value() == 1.0, Duration.ofSeconds(10));
            long start = System.nanoTime();
            assertThatThrownBy(() -> redis.ops().execute(PING))
                    .isInstanceOfSatisfying(
                            RedisUnavailableException.class,
                            e -> assertThat(e.mayHaveBeenApplied()).isFalse())
                    .hasMessageContaining("no free connection in the pool for PING in time for its call deadline")
                    .hasMessageContaining("callTimeout")
                    .hasMessageContaining("nothing was sent");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("gave up when its wait was used up, not when the" + " holder's 3 s BLPOP ended")
                    .isLessThan(Duration.ofMillis(2500));
            assertThat(registry.get("redkit.pool.wait")
                            .tag("client", "burst-gauges")
                            .timer()
                            .count())
                    .isGreaterThanOrEqualTo(2);
            holder.join(10_000);
            assertThat(registry.get("redkit.pool.in_use").gauge().value()).isZero();
            assertThat(registry.get("redkit.pool.waiters").gauge().value()).isZero();
            assertThat(registry.get("redkit.pool.size").gauge().value()).isEqualTo(1.0);
        }
    }

    @Test
    void beyondMaxQueuedCallsACallerFailsAtOnceUnsent(RedisTestContext ctx) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisConfig config = ctx.config().toBuilder()
                .maxConnections(1)
                .maxQueuedCalls(1)
                .clientName("burst-bound")
                .callTimeout(Duration.ofSeconds(30))
                .build();
        try (RedisConnector redis = RedisConnector.create(config, registry)) {
            String key = ctx.keyPrefix() + ":bound:{k}";
            Thread holder = holdTheOnlyTurn(redis, key, 2);
            Faults.await(() -> registry.get("redkit.pool.in_use").gauge().value() == 1.0, Duration.ofSeconds(10));
            AtomicInteger queuedOk = new AtomicInteger();
            Thread queued = new Thread(() -> {
                redis.ops().execute(PING);
                queuedOk.incrementAndGet();
            });
            queued.start();
            Faults.await(() -> registry.get("redkit.pool.waiters").gauge().value() == 1.0, Duration.ofSeconds(10));
            long start = System.nanoTime();
            assertThatThrownBy(() -> redis.ops().pipeline(List.of(PING)))
                    .isInstanceOfSatisfying(
                            RedisUnavailableException.class,
                            e -> assertThat(e.mayHaveBeenApplied()).isFalse())
                    .hasMessageContaining("1 callers already waiting (maxQueuedCalls)");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("failed at once")
                    .isLessThan(Duration.ofSeconds(1));
            holder.join(10_000);
            queued.join(10_000);
            assertThat(queuedOk.get())
                    .as("the caller within the bound waited its turn and ran")
                    .isEqualTo(1);
        }
    }

    /** Starts a thread whose BLPOP on an empty list holds the pool's only turn for {@code seconds}. */
    private static Thread holdTheOnlyTurn(RedisConnector redis, String key, int seconds) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            holding.countDown();
            redis.ops()
                    .execute(RedisCommand.builder("BLPOP")
                            .key(key)
                            .arg(String.valueOf(seconds))
                            .blocking()
                            .build());
        });
        holder.start();
        holding.await();
        return holder;
    }
}
