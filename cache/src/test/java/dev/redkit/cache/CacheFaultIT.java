package dev.redkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.OutageProbe;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The read-through cache under faults, each on its own server (so it runs once, not per topology): reads
 * are answered from the loader while Redis is frozen or gone, within the socket timeout plus the load;
 * threads and heap stay flat through an outage; an instance that dies holding the stampede lease blocks
 * the others no longer than the lease; during a freeze the back-off answers reads from the loader
 * without waiting for Redis. Figures go to the log (logger {@code dev.redkit.reliability.cache}, through {@code Faults.report}).
 */
class CacheFaultIT {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** One socket timeout per failing call (see docs/RELIABILITY.md), plus CI margin (see SessionFaultIT). */
    private static final long BOUND_MILLIS = TIMEOUT.toMillis() + 1000;
    /** 3 s in CI; run with -Dredkit.outage.seconds=30 for the figure in docs/RELIABILITY.md. */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("redkit.outage.seconds", 3));

    @Test
    void readsComeFromTheLoaderWhileRedisIsFrozenOrGone() {
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                RedisConnector redis = RedisConnector.create(Faults.shortTimeouts(server.config(), TIMEOUT));
                ReadThroughCache<Merchant> cache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .build()) {
            CountingLoader loader = new CountingLoader(0);
            assertThat(cache.get("amazon", loader)).contains(new Merchant("amazon", 1));
            StringBuilder line = new StringBuilder("cache reads while Redis is down (socketTimeout 300 ms):");
            for (String fault : new String[] {"SIGSTOP", "SIGKILL"}) {
                if (fault.equals("SIGSTOP")) {
                    server.pause();
                } else {
                    server.kill();
                }
                long worst = 0;
                int before = loader.calls();
                for (int i = 0; i < 5; i++) {
                    long start = System.nanoTime();
                    assertThat(cache.get("merchant-" + i, loader)).contains(new Merchant("merchant-" + i, 1));
                    worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
                }
                line.append(String.format(
                        " %s: 5 of 5 reads answered by the loader (%d loads), slowest %d ms;",
                        fault, loader.calls() - before, worst));
                assertThat(worst).isLessThan(BOUND_MILLIS);
                if (fault.equals("SIGSTOP")) {
                    server.resume();
                } else {
                    server.restart();
                }
            }
            report(line.toString());
            OutageProbe.Result r = OutageProbe.of(server)
                    .threads(8)
                    .down(OUTAGE)
                    .expectedFailure(e -> false)
                    .run(() -> cache.get("amazon", loader).orElseThrow());
            report("cache outage (SIGKILL, restart empty; reads from the loader never fail): " + r.summary());
            assertThat(r.unexpected()).isEmpty();
            assertThat(r.failures()).isZero();
            assertThat(r.slowestCall().toMillis()).isLessThan(BOUND_MILLIS);
            assertThat(r.threadsAfter()).isLessThanOrEqualTo(r.threadsBefore() + 2);
            assertThat(r.heapAfterBytes()).isLessThan(r.heapBeforeBytes() + 32L * 1024 * 1024);
        }
    }

    @Test
    void aFrozenRedisCostsOneTimeoutPerBackOffNotOnePerReadAndTheCacheRecoversAfterAProbe() throws Exception {
        int reads = 20;
        long fast = TIMEOUT.toMillis() / 2;
        MutableClock clock = MutableClock.now();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                RedisConnector redis = RedisConnector.create(Faults.shortTimeouts(server.config(), TIMEOUT));
                ReadThroughCache<Merchant> plain = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .redisBackoff(Duration.ZERO, Duration.ZERO)
                        .build();
                ReadThroughCache<Merchant> cache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .redisBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4))
                        .clock(clock)
                        .meterRegistry(registry)
                        .build()) {
            CountingLoader loader = new CountingLoader(0);
            cache.get("amazon", loader);
            cache.get("zalando", loader);
            loader.rating(2);
            long[] without = new long[5];
            long first;
            long[] skipping = new long[reads];
            long invalidateMs;
            long[] concurrent;
            server.pause();
            try {
                for (int i = 0; i < without.length; i++) {
                    int n = i;
                    without[i] = millis(() -> plain.get("plain-" + n, loader));
                }
                assertThat(Arrays.stream(without).min().orElseThrow())
                        .as("without back-off every read waits for the timeout")
                        .isGreaterThanOrEqualTo(fast);
                assertThat(Arrays.stream(without).max().orElseThrow()).isLessThan(BOUND_MILLIS);

                first = millis(() -> cache.get("k-0", loader));
                assertThat(first).isLessThan(BOUND_MILLIS);
                int loadsBefore = loader.calls();
                for (int i = 0; i < reads; i++) {
                    int n = i + 1;
                    skipping[i] =
                            millis(() -> assertThat(cache.get("k-" + n, loader)).contains(new Merchant("k-" + n, 2)));
                }
                assertThat(Arrays.stream(skipping).max().orElseThrow())
                        .as("reads during the back-off do not wait for Redis")
                        .isLessThan(fast);
                assertThat(loader.calls() - loadsBefore).isEqualTo(reads);
                assertThat(bypassed(registry)).isEqualTo(reads);

                invalidateMs = Faults.failsWithin(
                        () -> {
                            cache.invalidate("amazon");
                            return null;
                        },
                        RedisUnavailableException.class,
                        BOUND_MILLIS);
                assertThat(invalidateMs)
                        .as("invalidate ignores the back-off and waits for Redis")
                        .isGreaterThanOrEqualTo(fast);
                assertThat(millis(() -> cache.get("k-x", loader)))
                        .as("still in back-off")
                        .isLessThan(fast);

                clock.advance(Duration.ofSeconds(1));
                double bypassedBefore = bypassed(registry);
                concurrent = concurrentReads(cache, loader, 8);
                assertThat(bypassed(registry) - bypassedBefore)
                        .as("exactly one of 8 concurrent reads probed")
                        .isEqualTo(7);
                long[] sorted = sortedCopy(concurrent);
                assertThat(sorted[6])
                        .as("the slowest of the 7 that did not probe")
                        .isLessThan(fast);
                assertThat(sorted[7]).isLessThan(BOUND_MILLIS);

                clock.advance(Duration.ofSeconds(1));
                assertThat(millis(() -> cache.get("k-y", loader)))
                        .as("the failed probe doubled the back-off to 2 s")
                        .isLessThan(fast);
            } finally {
                server.resume();
            }
            int loadsBefore = loader.calls();
            cache.get("zalando", loader);
            assertThat(loader.calls() - loadsBefore)
                    .as("Redis is back, but the back-off still skips it")
                    .isEqualTo(1);
            int probes = 0;
            boolean hit = false;
            while (!hit && probes < 5) {
                clock.advance(Duration.ofSeconds(4));
                probes++;
                int before = loader.calls();
                assertThat(cache.get("zalando", loader)).isPresent();
                hit = loader.calls() == before;
            }
            assertThat(hit).as("reads hit Redis again after a probe").isTrue();
            int before = loader.calls();
            cache.get("zalando", loader);
            assertThat(loader.calls()).as("and keep hitting it").isEqualTo(before);
            cache.get("k-1", loader);
            assertThat(loader.calls())
                    .as("a value loaded during the back-off was not stored")
                    .isEqualTo(before + 1);
            Optional<Merchant> afterFailedInvalidate = cache.get("amazon", loader);
            cache.invalidate("amazon");
            assertThat(cache.get("amazon", loader))
                    .as("a retried invalidate works")
                    .contains(new Merchant("amazon", 2));

            report(String.format(
                    "cache reads during a SIGSTOP freeze (socketTimeout %d ms): without back-off %d of %d reads"
                            + " waited for the timeout (%s ms); with redisBackoff(1 s, 4 s) the first read took %d ms and the next"
                            + " %d were answered by the loader in %s ms each (%d counted as bypassed); invalidate during the"
                            + " back-off called Redis and threw RedisUnavailableException after %d ms; when the back-off ended,"
                            + " 1 of 8 concurrent reads probed (%d ms), the other 7 took %s ms; after SIGCONT reads hit Redis again"
                            + " at probe %d; the key whose invalidate threw then read %s until the invalidate was retried",
                    TIMEOUT.toMillis(),
                    without.length,
                    without.length,
                    range(without),
                    first,
                    reads,
                    range(skipping),
                    reads,
                    invalidateMs,
                    Arrays.stream(concurrent).max().orElseThrow(),
                    range(Arrays.copyOf(sortedCopy(concurrent), 7)),
                    probes,
                    afterFailedInvalidate
                            .map(m -> m.rating() == 1 ? "the old value" : "a reloaded value")
                            .orElse("nothing")));
        }
    }

    @Test
    void anInstanceThatDiesHoldingTheLoadLeaseBlocksOthersNoLongerThanTheLease() throws Exception {
        Duration lease = Duration.ofMillis(500);
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                RedisConnector doomed = RedisConnector.create(server.config());
                RedisConnector survivor = RedisConnector.create(server.config());
                ReadThroughCache<Merchant> other = ReadThroughCache.builder(survivor, "merchant", Merchant.class)
                        .leaseTtl(lease)
                        .leaseWait(Duration.ofSeconds(10))
                        .build()) {
            ReadThroughCache<Merchant> dying = ReadThroughCache.builder(doomed, "merchant", Merchant.class)
                    .leaseTtl(lease)
                    .leaseWait(Duration.ofSeconds(10))
                    .build();
            CountDownLatch loading = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            CompletableFuture<Optional<Merchant>> hung =
                    CompletableFuture.supplyAsync(() -> dying.get("amazon", slug -> {
                        loading.countDown();
                        try {
                            never.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return new Merchant(slug, 9);
                    }));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
            // the holder "dies": its connections go away while its load hangs; its lease stays in Redis
            doomed.close();
            long start = System.nanoTime();
            CountingLoader loader = new CountingLoader(0);
            assertThat(other.get("amazon", loader)).contains(new Merchant("amazon", 1));
            long waited = (System.nanoTime() - start) / 1_000_000;
            report(String.format(
                    "cache stampede lease: an instance died holding the load lease (leaseTtl %d ms); another"
                            + " instance was answered after %d ms with %d load",
                    lease.toMillis(), waited, loader.calls()));
            assertThat(waited).isLessThan(lease.toMillis() + 1500);
            assertThat(loader.calls()).isEqualTo(1);
            never.countDown();
            hung.handle((v, e) -> null).get(5, TimeUnit.SECONDS);
        }
    }

    private static long millis(Supplier<?> read) {
        long start = System.nanoTime();
        read.get();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long[] concurrentReads(ReadThroughCache<Merchant> cache, CountingLoader loader, int threads)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<CompletableFuture<Long>> runs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String key = "c-" + i;
            runs.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            start.await(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return millis(() -> cache.get(key, loader));
                    },
                    runnable -> new Thread(runnable).start()));
        }
        long[] ms = new long[threads];
        for (int i = 0; i < threads; i++) {
            ms[i] = runs.get(i).get(10, TimeUnit.SECONDS);
        }
        return ms;
    }

    private static double bypassed(SimpleMeterRegistry registry) {
        return registry.get("redkit.cache.bypassed").counter().count();
    }

    private static long[] sortedCopy(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static String range(long[] values) {
        LongSummaryStatistics s = Arrays.stream(values).summaryStatistics();
        return s.getMin() == s.getMax() ? Long.toString(s.getMin()) : s.getMin() + "-" + s.getMax();
    }

    private static void report(String line) {
        Faults.report("cache", line);
    }
}
