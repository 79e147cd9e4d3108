package dev.redkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@RedisTest
class StampedeIT {

    @Test
    void hundredThreadsMissOneKeyAndTheLoaderRunsOnce(RedisConnector redis) throws Exception {
        CountingLoader loader = new CountingLoader(100);
        try (ReadThroughCache<Merchant> cache =
                ReadThroughCache.builder(redis, "merchant", Merchant.class).build()) {
            List<Optional<Merchant>> results = runTogether(List.of(cache), 100, loader);
            assertThat(results).hasSize(100).allSatisfy(r -> assertThat(r).contains(new Merchant("hot", 1)));
            assertThat(loader.calls()).isEqualTo(1);
        }
    }

    @Test
    void fourInstancesMissOneKeyAndTheLoaderRunsOnceInTotal(RedisConnector redis, RedisTestContext ctx)
            throws Exception {
        fourInstancesMissOneKey(redis, ctx, false);
    }

    /**
     * The same with warm instances, whose gets read with the plain read (MGET) and take the lease in a second
     * round trip when they miss.
     */
    @Test
    void fourWarmInstancesMissOneKeyAndTheLoaderRunsOnceInTotal(RedisConnector redis, RedisTestContext ctx)
            throws Exception {
        fourInstancesMissOneKey(redis, ctx, true);
    }

    private static void fourInstancesMissOneKey(RedisConnector redis, RedisTestContext ctx, boolean warm)
            throws Exception {
        CountingLoader loader = new CountingLoader(300);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<ReadThroughCache<Merchant>> instances = new ArrayList<>();
        instances.add(ReadThroughCache.builder(redis, "merchant", Merchant.class)
                .meterRegistry(registry)
                .build());
        for (int i = 0; i < 3; i++) {
            instances.add(ReadThroughCache.builder(ctx.newConnector(), "merchant", Merchant.class)
                    .meterRegistry(registry)
                    .build());
        }
        if (warm) {
            instances.forEach(StampedeIT::warm);
        }
        List<Optional<Merchant>> results = runTogether(instances, 20, loader);
        assertThat(results).hasSize(20).allSatisfy(r -> assertThat(r).contains(new Merchant("hot", 1)));
        assertThat(loader.calls()).isEqualTo(1);
        assertThat(registry.find("redkit.cache.lease_wait_timeouts").counter())
                .as("nobody gave up waiting")
                .isNull();
        instances.forEach(ReadThroughCache::close);
    }

    @Test
    void deadLeaseHolderBlocksOthersNoLongerThanItsLease(RedisConnector redis, RedisTestContext ctx) {
        String lease = redis.keySpace("cache", "merchant").slot("amazon").key("lease");
        ctx.raw(lease, "SET", lease, "crashed-instance", "PX", "300");
        CountingLoader loader = new CountingLoader(0);
        try (ReadThroughCache<Merchant> cache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                .leaseWait(Duration.ofSeconds(10))
                .build()) {
            assertThat(cache.get("amazon", loader)).contains(new Merchant("amazon", 1));
            assertThat(loader.calls()).isEqualTo(1);
            assertThat(cache.get("amazon", loader))
                    .as("stored under the lease it took over")
                    .isPresent();
            assertThat(loader.calls()).isEqualTo(1);
        }
    }

    @Test
    void afterLeaseWaitAnInstanceLoadsItselfButDoesNotOverwriteTheHolder(RedisConnector redis, RedisTestContext ctx) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KeySpace.Slot slot = redis.keySpace("cache", "merchant").slot("amazon");
        ctx.raw(slot.key("lease"), "SET", slot.key("lease"), "slow-instance", "PX", "60000");
        CountingLoader loader = new CountingLoader(0);
        try (ReadThroughCache<Merchant> cache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                .leaseWait(Duration.ofMillis(100))
                .meterRegistry(registry)
                .build()) {
            assertThat(cache.get("amazon", loader)).contains(new Merchant("amazon", 1));
            assertThat(loader.calls()).isEqualTo(1);
            assertThat(ctx.raw(slot.key("v0"), "EXISTS", slot.key("v0"))).isEqualTo(0L);
            assertThat(registry.get("redkit.cache.lease_wait_timeouts")
                            .counter()
                            .count())
                    .isEqualTo(1);
        }
    }

    /**
     * Issue 19: the read of a get takes the lease itself, so a thread can get the lease while another thread
     * of the same JVM already waits, in its flight, for the lease of another instance. That thread frees the
     * lease and joins the flight: the waiting thread takes the lease on its next poll and loads, once. Were
     * the lease kept while joining, the flight would wait for it until leaseWait (20 s here, the lease living 30 s); so would one of
     * the four instances of fourInstancesMissOneKeyAndTheLoaderRunsOnceInTotal (seen: a lease wait timeout).
     */
    @Test
    void aThreadThatGetsTheLeaseWhileItsJvmWaitsFreesItAndJoinsTheFlight(RedisConnector redis, RedisTestContext ctx)
            throws Exception {
        String lease = redis.keySpace("cache", "merchant").slot("amazon").key("lease");
        ctx.raw(lease, "SET", lease, "other-instance", "PX", "60000");
        CountingLoader loader = new CountingLoader(0);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ReadThroughCache<Merchant> cache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .leaseTtl(Duration.ofSeconds(30))
                        .leaseWait(Duration.ofSeconds(20))
                        .build();
                CommandCounter counter = ctx.commandCounter()) {
            Future<Optional<Merchant>> waiting = pool.submit(() -> cache.get("amazon", loader));
            // the read and six polls: the waiting thread now polls every 100 ms, so the next get takes the lease
            Faults.await(() -> counter.count("evalsha") >= 7, Duration.ofSeconds(10));
            ctx.raw(lease, "DEL", lease);
            Future<Optional<Merchant>> joining = pool.submit(() -> cache.get("amazon", loader));
            assertThat(joining.get(10, TimeUnit.SECONDS)).contains(new Merchant("amazon", 1));
            assertThat(waiting.get(10, TimeUnit.SECONDS)).contains(new Merchant("amazon", 1));
            assertThat(loader.calls()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void servesTheStaleValueWhileAnotherInstanceReloads(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        CountingLoader loader = new CountingLoader(0);
        try (ReadThroughCache<Merchant> cache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                .ttl(Duration.ofMinutes(1))
                .ttlJitter(0)
                .staleIfError(Duration.ofMinutes(5))
                .clock(clock)
                .build()) {
            cache.get("amazon", loader);
            clock.advance(Duration.ofSeconds(61));
            String lease = redis.keySpace("cache", "merchant").slot("amazon").key("lease");
            ctx.raw(lease, "SET", lease, "other-instance", "PX", "60000");
            loader.rating(2);
            assertThat(cache.get("amazon", loader)).contains(new Merchant("amazon", 1));
            assertThat(loader.calls()).isEqualTo(1);
        }
    }

    @Test
    void hotKeyIsRefreshedBeforeItExpires(RedisConnector redis) {
        hotKeyIsRefreshedBeforeItExpires(redis, false);
    }

    /** The same when the refreshing instance is warm: its read is the plain read, which takes no lease. */
    @Test
    void hotKeyOfAWarmCacheIsRefreshedBeforeItExpires(RedisConnector redis) {
        hotKeyIsRefreshedBeforeItExpires(redis, true);
    }

    private static void hotKeyIsRefreshedBeforeItExpires(RedisConnector redis, boolean warm) {
        MutableClock clock = MutableClock.now();
        CountingLoader loader = new CountingLoader(20);
        try (ReadThroughCache<Merchant> xfetch = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .ttl(Duration.ofMinutes(1))
                        .ttlJitter(0)
                        .earlyRefreshBeta(1e6)
                        .clock(clock)
                        .build();
                ReadThroughCache<Merchant> never = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .ttl(Duration.ofMinutes(1))
                        .ttlJitter(0)
                        .earlyRefreshBeta(0)
                        .clock(clock)
                        .build()) {
            xfetch.get("amazon", loader);
            if (warm) {
                warm(xfetch);
            }
            clock.advance(Duration.ofSeconds(59));
            loader.rating(2);
            assertThat(never.get("amazon", loader))
                    .as("beta 0: no early refresh")
                    .contains(new Merchant("amazon", 1));
            assertThat(loader.calls()).isEqualTo(1);
            assertThat(xfetch.get("amazon", loader)).as("refreshed early").contains(new Merchant("amazon", 2));
            assertThat(loader.calls()).isEqualTo(2);
            assertThat(never.get("amazon", loader)).as("the refresh was stored").contains(new Merchant("amazon", 2));
        }
    }

    /** 64 hits in a row on another key: the cache's gets now read with the plain read. */
    private static void warm(ReadThroughCache<Merchant> cache) {
        CountingLoader loader = new CountingLoader(0);
        for (int i = 0; i < 65; i++) {
            cache.get("warm", loader);
        }
    }

    private static List<Optional<Merchant>> runTogether(
            List<ReadThroughCache<Merchant>> caches, int threads, CountingLoader loader) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<Merchant>>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                ReadThroughCache<Merchant> cache = caches.get(i % caches.size());
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return cache.get("hot", loader);
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Optional<Merchant>> results = new ArrayList<>();
            for (Future<Optional<Merchant>> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
