package dev.redkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.LogCapture;
import dev.redkit.embedded.junit.Races;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A cache key that holds a value of another Redis type (a list written by another client) is treated like
 * an undecodable entry: replaced by the load, under the lease, with one WARN per key.
 */
@RedisTest
class WrongTypeEntryIT {

    private static String entryKey(RedisConnector redis, String key) {
        return redis.keySpace("cache", "merchant").slot(key).key("v0");
    }

    private static String type(RedisTestContext ctx, String key) {
        return new String((byte[]) ctx.raw(key, "TYPE", key), StandardCharsets.US_ASCII);
    }

    @Test
    void aListAtTheEntryKeyIsReplacedByTheFirstLoadAndWarnedOnce(RedisConnector redis, RedisTestContext ctx) {
        String key = entryKey(redis, "amazon");
        ctx.raw(key, "RPUSH", key, "written", "by", "someone", "else");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CountingLoader loader = new CountingLoader(0);
        String logs;
        try (ReadThroughCache<Merchant> cache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .meterRegistry(registry)
                        .build();
                LogCapture capture = LogCapture.start()) {
            assertThat(cache.get("amazon", loader)).contains(new Merchant("amazon", 1));
            assertThat(type(ctx, key)).isEqualTo("string");
            assertThat(cache.get("amazon", loader)).contains(new Merchant("amazon", 1));
            ctx.raw(key, "DEL", key);
            ctx.raw(key, "RPUSH", key, "again");
            assertThat(cache.get("amazon", loader)).contains(new Merchant("amazon", 1));
            logs = capture.text();
        }
        assertThat(loader.calls())
                .as("loaded once per foreign value, then hits")
                .isEqualTo(2);
        assertThat(registry.get("redkit.cache.wrong_type_entries").counter().count())
                .isEqualTo(2);
        assertThat(registry.find("redkit.cache.redis_errors").counter()).isNull();
        assertThat(logs).containsOnlyOnce("holds a value of another Redis type than a cache entry");
    }

    @Test
    void twoInstancesOfTwentyThreadsMissAForeignEntryAndTheLoaderRunsOnce(RedisConnector redis, RedisTestContext ctx)
            throws Exception {
        String key = entryKey(redis, "hot");
        ctx.raw(key, "HSET", key, "field", "value");
        CountingLoader loader = new CountingLoader(300);
        try (ReadThroughCache<Merchant> a = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .build();
                ReadThroughCache<Merchant> b = ReadThroughCache.builder(ctx.newConnector(), "merchant", Merchant.class)
                        .build()) {
            AtomicInteger n = new AtomicInteger();
            List<Optional<Merchant>> results =
                    Races.race(40, () -> (n.getAndIncrement() % 2 == 0 ? a : b).get("hot", loader));
            assertThat(results).hasSize(40).allSatisfy(r -> assertThat(r).contains(new Merchant("hot", 1)));
        }
        assertThat(loader.calls()).isEqualTo(1);
        assertThat(type(ctx, key)).isEqualTo("string");
    }

    @Test
    void getAllReplacesAForeignEntryAndStillServesTheOthers(RedisConnector redis, RedisTestContext ctx) {
        String key = entryKey(redis, "b");
        ctx.raw(key, "SADD", key, "member");
        try (ReadThroughCache<Merchant> cache =
                ReadThroughCache.builder(redis, "merchant", Merchant.class).build()) {
            cache.get("a", k -> new Merchant(k, 1));
            List<String> loaded = new ArrayList<>();
            Map<String, Merchant> got = cache.getAll(List.of("a", "b", "c"), ks -> {
                loaded.addAll(ks);
                Map<String, Merchant> m = new HashMap<>();
                ks.forEach(k -> m.put(k, new Merchant(k, 2)));
                return m;
            });
            assertThat(got).containsOnlyKeys("a", "b", "c");
            assertThat(got.get("a")).isEqualTo(new Merchant("a", 1));
            assertThat(loaded).containsExactlyInAnyOrder("b", "c");
            assertThat(type(ctx, key)).isEqualTo("string");
            assertThat(cache.get("b", k -> new Merchant(k, 9))).contains(new Merchant("b", 2));
        }
    }
}
