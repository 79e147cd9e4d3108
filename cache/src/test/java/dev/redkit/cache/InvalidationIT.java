package dev.redkit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.redkit.cache.internal.RedisReadThroughCache;
import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@RedisTest
class InvalidationIT {

    @Test
    void invalidateIsVisibleToEveryInstance(RedisConnector redis, RedisTestContext ctx) {
        CountingLoader loaderA = new CountingLoader(0);
        CountingLoader loaderB = new CountingLoader(0);
        try (ReadThroughCache<Merchant> a = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .build();
                ReadThroughCache<Merchant> b = ReadThroughCache.builder(ctx.newConnector(), "merchant", Merchant.class)
                        .build()) {
            a.get("amazon", loaderA);
            assertThat(b.get("amazon", loaderB)).contains(new Merchant("amazon", 1));
            assertThat(loaderB.calls()).isZero();
            a.invalidate("amazon");
            loaderB.rating(2);
            assertThat(b.get("amazon", loaderB)).contains(new Merchant("amazon", 2));
            assertThat(loaderB.calls()).isEqualTo(1);
            assertThat(a.get("amazon", loaderA)).contains(new Merchant("amazon", 2));
            assertThat(loaderA.calls()).isEqualTo(1);
        }
    }

    /**
     * Issue 19: invalidate was three round trips (GET of the generation, the script, then a PUBLISH for the
     * near caches) and its script checked the lease with EXISTS before replacing it. Then the script
     * published and replaced the lease with SET ... XX: two round trips, the generation read and then the
     * script. Now the script runs under the generation the instance believes current, in one pipeline with
     * the generation read: one round trip while the generation is unchanged (the same two commands).
     * invalidateIsVisibleToEveryInstance and nearCachesServeFromMemoryAndDropInvalidatedKeys prove it still
     * reaches every instance, invalidateUnderAMovedGenerationRunsAgainUnderTheCurrentOne that a stale belief
     * costs one more call and never leaves the current entry behind.
     */
    @Test
    void invalidateIsOneRoundTrip(RedisConnector redis, RedisTestContext ctx) {
        CountingLoader loader = new CountingLoader(0);
        try (ReadThroughCache<Merchant> cache =
                ReadThroughCache.builder(redis, "merchant", Merchant.class).build()) {
            cache.get("amazon", loader);
            cache.invalidate("warm-up");
            try (CommandCounter counter = ctx.commandCounter()) {
                cache.invalidate("amazon");
                assertThat(counter.delta()).containsOnly(entry("get", 1L), entry("evalsha", 1L));
                assertThat(counter.scriptDelta())
                        .containsOnly(entry("del", 1L), entry("set", 1L), entry("publish", 1L));
            }
            assertThat(ctx.keys()).noneMatch(k -> k.endsWith(":v0"));
        }
    }

    @Test
    void invalidateUnderAMovedGenerationRunsAgainUnderTheCurrentOne(RedisConnector redis, RedisTestContext ctx) {
        CountingLoader loader = new CountingLoader(0);
        try (ReadThroughCache<Merchant> a = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .build();
                ReadThroughCache<Merchant> b = ReadThroughCache.builder(ctx.newConnector(), "merchant", Merchant.class)
                        .build()) {
            a.invalidate("amazon");
            b.invalidateAll();
            assertThat(b.get("amazon", loader)).contains(new Merchant("amazon", 1));
            assertThat(ctx.keys()).anyMatch(k -> k.endsWith(":v1"));
            try (CommandCounter counter = ctx.commandCounter()) {
                a.invalidate("amazon");
                assertThat(counter.delta())
                        .as("generation read and the script under v0 in one pipeline, the script again under v1")
                        .containsOnly(entry("get", 1L), entry("evalsha", 2L));
            }
            assertThat(ctx.keys()).noneMatch(k -> k.endsWith(":v1"));
            loader.rating(2);
            assertThat(b.get("amazon", loader)).contains(new Merchant("amazon", 2));
            try (CommandCounter counter = ctx.commandCounter()) {
                a.invalidate("amazon");
                assertThat(counter.delta())
                        .as("the generation a learnt is used at once")
                        .containsOnly(entry("get", 1L), entry("evalsha", 1L));
            }
            assertThat(ctx.keys()).noneMatch(k -> k.endsWith(":v1"));
        }
    }

    @Test
    void invalidateAllIsVisibleToEveryInstanceWithinTheGenerationCheckInterval(
            RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        CountingLoader loader = new CountingLoader(0);
        try (ReadThroughCache<Merchant> a = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .build();
                ReadThroughCache<Merchant> strict = ReadThroughCache.builder(
                                ctx.newConnector(), "merchant", Merchant.class)
                        .build();
                ReadThroughCache<Merchant> relaxed = ReadThroughCache.builder(
                                ctx.newConnector(), "merchant", Merchant.class)
                        .generationCheckInterval(Duration.ofSeconds(30))
                        .clock(clock)
                        .build()) {
            for (String slug : new String[] {"amazon", "zalando"}) {
                a.get(slug, loader);
                strict.get(slug, loader);
                relaxed.get(slug, loader);
            }
            assertThat(loader.calls()).isEqualTo(2);
            a.invalidateAll();
            loader.rating(2);
            assertThat(strict.get("amazon", loader)).contains(new Merchant("amazon", 2));
            assertThat(relaxed.get("zalando", loader)).as("within the interval").contains(new Merchant("zalando", 1));
            clock.advance(Duration.ofSeconds(30));
            assertThat(relaxed.get("zalando", loader)).contains(new Merchant("zalando", 2));
            assertThat(loader.calls()).isEqualTo(4);
            assertThat(ctx.keys())
                    .as("old generation kept until its TTL, no SCAN")
                    .anyMatch(k -> k.endsWith(":v0"))
                    .anyMatch(k -> k.endsWith(":v1"));
        }
    }

    /**
     * Issue 19: the read script runs under the generation the instance believes current, pipelined with the
     * generation read. When another instance's invalidateAll moved it, the script may already have taken the
     * lease (it is the same for every generation); the read is repeated under the new generation with the
     * same owner token, which the script accepts as the holder, and the load is stored there and frees it.
     */
    @Test
    void aMissReadUnderAnOldGenerationKeepsItsLeaseAndStoresUnderTheNewOne(RedisConnector redis, RedisTestContext ctx) {
        CountingLoader loader = new CountingLoader(0);
        try (ReadThroughCache<Merchant> a = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .build();
                ReadThroughCache<Merchant> b = ReadThroughCache.builder(ctx.newConnector(), "merchant", Merchant.class)
                        .build()) {
            b.get("warm-up", loader);
            a.invalidateAll();
            try (CommandCounter counter = ctx.commandCounter()) {
                assertThat(b.get("amazon", loader)).contains(new Merchant("amazon", 1));
                assertThat(counter.delta())
                        .as("generation, read under v0, read again under v1, store")
                        .isEqualTo(Map.of("get", 1L, "evalsha", 3L));
            }
            assertThat(loader.calls()).isEqualTo(2);
            KeySpace.Slot slot = redis.keySpace("cache", "merchant").slot("amazon");
            assertThat(ctx.raw(slot.key("v1"), "EXISTS", slot.key("v1"))).isEqualTo(1L);
            assertThat(ctx.raw(slot.key("v0"), "EXISTS", slot.key("v0"))).isEqualTo(0L);
            assertThat(ctx.raw(slot.key("lease"), "EXISTS", slot.key("lease")))
                    .as("lease freed by the store")
                    .isEqualTo(0L);
        }
    }

    @Test
    void nearCachesServeFromMemoryAndDropInvalidatedKeys(RedisConnector redis, RedisTestContext ctx) {
        CountingLoader loader = new CountingLoader(0);
        try (ReadThroughCache<Merchant> a = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .nearCache(100, Duration.ofMinutes(1))
                        .build();
                ReadThroughCache<Merchant> b = ReadThroughCache.builder(ctx.newConnector(), "merchant", Merchant.class)
                        .nearCache(100, Duration.ofMinutes(1))
                        .build()) {
            Faults.await(() -> active(a) && active(b), Duration.ofSeconds(10));
            a.get("amazon", loader);
            a.get("zalando", loader);
            b.get("amazon", loader);
            b.get("zalando", loader);
            try (CommandCounter counter = ctx.commandCounter()) {
                assertThat(b.get("amazon", loader)).contains(new Merchant("amazon", 1));
                assertThat(counter.total()).as("near cache hit").isZero();
            }
            loader.rating(2);
            a.invalidate("amazon");
            Faults.await(() -> b.get("amazon", loader).orElseThrow().rating() == 2, Duration.ofSeconds(10));
            a.invalidateAll();
            Faults.await(() -> b.get("zalando", loader).orElseThrow().rating() == 2, Duration.ofSeconds(10));
            assertThat(loader.calls()).isEqualTo(4);
        }
    }

    @Test
    void aLoadOvertakenByInvalidateDoesNotStoreItsResult(RedisConnector redis, RedisTestContext ctx) {
        try (ReadThroughCache<Merchant> cache =
                ReadThroughCache.builder(redis, "merchant", Merchant.class).build()) {
            assertThat(cache.get("amazon", k -> {
                        cache.invalidate(k);
                        return new Merchant(k, 1);
                    }))
                    .contains(new Merchant("amazon", 1));
            String entry = redis.keySpace("cache", "merchant").slot("amazon").key("v0");
            assertThat(ctx.raw(entry, "EXISTS", entry)).isEqualTo(0L);
            assertThat(cache.get("amazon", k -> new Merchant(k, 2))).contains(new Merchant("amazon", 2));
        }
    }

    private static boolean active(ReadThroughCache<?> cache) {
        return ((RedisReadThroughCache<?>) cache).nearCacheActive();
    }
}
