package dev.redkit.benchmarks.cache;

import dev.redkit.benchmarks.RedisBackend;
import dev.redkit.cache.ReadThroughCache;
import dev.redkit.core.Codec;
import dev.redkit.core.Codecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.api.RBucket;
import org.redisson.api.RMapCache;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import redis.clients.jedis.params.SetParams;

/**
 * The read path of {@code ReadThroughCache}: hits on 1,000 warm merchants and misses with a simulated
 * 5 ms database load.
 * <ul>
 *   <li>{@code redkitHit}: the default cache, warm after its first hits, so its read is one {@code MGET} of
 *       the generation and the entry, then header parse and JSON decode;</li>
 *   <li>{@code redkitHitGenerationCached}: {@code generationCheckInterval(1 min)}, one {@code MGET} of the
 *       entry;</li>
 *   <li>{@code redkitHitNearCache}: the in-process near cache, no round trip;</li>
 *   <li>{@code jedisGetDecode}: the floor, raw Jedis {@code GET} plus the same Jackson decode;</li>
 *   <li>{@code redissonBucketGet} / {@code redissonMapCacheGet}: Redisson {@code RBucket.get} and
 *       {@code RMapCache.get} (a Lua script), raw bytes/strings plus the same decode;</li>
 *   <li>{@code redkitMiss5msLoader} / {@code jedisMiss5msLoader}: a never-seen key, a 5 ms loader, then
 *       the store (Redkit, where every read misses: the read script, which takes the lease, pipelined with
 *       the generation {@code GET}, then the store script; Jedis: {@code GET}, {@code SET PX});</li>
 *   <li>{@code redkitInvalidateReload} / {@code jedisInvalidateReload}: the issue-19 row, a warm key
 *       invalidated and read again with an immediate loader (Redkit: {@code invalidate} then {@code get}, so
 *       the reload is a miss under the lease; Jedis: the floor a write-through cache would do, {@code SET PX}
 *       of the new value then {@code GET}).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CacheBenchmark {

    private static final int KEYS = 1000;

    /** The value type: a small merchant record, about 120 bytes of JSON. */
    public record Merchant(String slug, String name, int rating, String category, List<String> tags) {}

    /** Caches and raw clients, warmed with the same 1,000 merchants. */
    @State(Scope.Benchmark)
    public static class Clients {
        final Codec<Merchant> codec = Codecs.json(Merchant.class);
        final AtomicLong missCounter = new AtomicLong();
        ReadThroughCache<Merchant> cache;
        ReadThroughCache<Merchant> generationCached;
        ReadThroughCache<Merchant> near;
        RedisBackend backend;
        byte[][] rawKeys;
        String[] slugs;
        List<RBucket<byte[]>> buckets;
        RMapCache<String, String> mapCache;
        String rawPrefix;

        /**
         * Builds the caches and writes the merchants through every client.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            this.backend = backend;
            cache = ReadThroughCache.builder(backend.connector(), "merchant", Merchant.class)
                    .ttl(Duration.ofHours(1))
                    .earlyRefreshBeta(0)
                    .build();
            generationCached = ReadThroughCache.builder(backend.connector(), "merchant", Merchant.class)
                    .ttl(Duration.ofHours(1))
                    .earlyRefreshBeta(0)
                    .generationCheckInterval(Duration.ofMinutes(1))
                    .build();
            near = ReadThroughCache.builder(backend.connector(), "merchant", Merchant.class)
                    .ttl(Duration.ofHours(1))
                    .earlyRefreshBeta(0)
                    .nearCache(10_000, Duration.ofMinutes(1))
                    .build();
            rawPrefix = backend.prefix() + ":raw:";
            rawKeys = new byte[KEYS][];
            slugs = new String[KEYS];
            buckets = new ArrayList<>(KEYS);
            mapCache = backend.redisson().getMapCache(backend.prefix() + ":mapcache", StringCodec.INSTANCE);
            for (int i = 0; i < KEYS; i++) {
                slugs[i] = "merchant-" + i;
                Merchant m = merchant(slugs[i]);
                cache.get(slugs[i], s -> m);
                byte[] json = codec.encode(m);
                rawKeys[i] = (rawPrefix + slugs[i]).getBytes(StandardCharsets.UTF_8);
                backend.jedis().set(rawKeys[i], json, new SetParams().px(3_600_000));
                RBucket<byte[]> bucket =
                        backend.redisson().getBucket(backend.prefix() + ":bucket:" + slugs[i], ByteArrayCodec.INSTANCE);
                bucket.set(json, Duration.ofHours(1));
                buckets.add(bucket);
                mapCache.put(slugs[i], new String(json, StandardCharsets.UTF_8), 1, TimeUnit.HOURS);
            }
            for (String slug : slugs) {
                near.get(slug, s -> merchant(s));
            }
        }

        /** Closes the near cache's subscription. */
        @TearDown(Level.Trial)
        public void tearDown() {
            cache.close();
            generationCached.close();
            near.close();
        }
    }

    static Merchant merchant(String slug) {
        return new Merchant(slug, "Merchant " + slug, 4, "electronics", List.of("free-shipping", "top-rated"));
    }

    private static int pick() {
        return ThreadLocalRandom.current().nextInt(KEYS);
    }

    /**
     * Redkit hit, default settings.
     *
     * @param c the clients
     * @return the value
     */
    @Benchmark
    public Optional<Merchant> redkitHit(Clients c) {
        return c.cache.get(c.slugs[pick()], CacheBenchmark::merchant);
    }

    /**
     * Redkit hit with the generation trusted for a minute: one {@code MGET} of the entry.
     *
     * @param c the clients
     * @return the value
     */
    @Benchmark
    public Optional<Merchant> redkitHitGenerationCached(Clients c) {
        return c.generationCached.get(c.slugs[pick()], CacheBenchmark::merchant);
    }

    /**
     * Redkit hit from the near cache.
     *
     * @param c the clients
     * @return the value
     */
    @Benchmark
    public Optional<Merchant> redkitHitNearCache(Clients c) {
        return c.near.get(c.slugs[pick()], CacheBenchmark::merchant);
    }

    /**
     * The floor: raw Jedis {@code GET} and the same decode.
     *
     * @param c the clients
     * @return the value
     */
    @Benchmark
    public Merchant jedisHit(Clients c) {
        return c.codec.decode(c.backend.jedis().get(c.rawKeys[pick()]));
    }

    /**
     * Redisson {@code RBucket.get} of the same bytes and the same decode.
     *
     * @param c the clients
     * @return the value
     */
    @Benchmark
    public Merchant redissonHit(Clients c) {
        return c.codec.decode(c.buckets.get(pick()).get());
    }

    /**
     * Redisson {@code RMapCache.get} (a Lua script that also checks per-entry expiry) and the same decode.
     *
     * @param c the clients
     * @return the value
     */
    @Benchmark
    public Merchant redissonMapCacheHit(Clients c) {
        String stored = c.mapCache.get(c.slugs[pick()]);
        if (stored == null) {
            throw new IllegalStateException("the Redisson map cache lost a warmed key");
        }
        return c.codec.decode(stored.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Redkit miss: a new key every call, a 5 ms loader, the store.
     *
     * @param c the clients
     * @return the value
     */
    @Benchmark
    public Optional<Merchant> redkitMiss5msLoader(Clients c) {
        return c.cache.get("miss-" + c.missCounter.incrementAndGet(), CacheBenchmark::slowLoad);
    }

    /**
     * Raw Jedis miss: {@code GET} (nil), a 5 ms loader, {@code SET PX}.
     *
     * @param c the clients
     * @return the value
     */
    @Benchmark
    public Merchant jedisMiss5msLoader(Clients c) {
        byte[] key = (c.rawPrefix + "miss-" + c.missCounter.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
        byte[] cached = c.backend.jedis().get(key);
        if (cached != null) {
            return c.codec.decode(cached);
        }
        Merchant m = slowLoad(new String(key, StandardCharsets.UTF_8));
        c.backend.jedis().set(key, c.codec.encode(m), new SetParams().px(3_600_000));
        return m;
    }

    static Merchant slowLoad(String slug) {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return merchant(slug);
    }
    /**
     * Redkit: {@code invalidate} of a warm key, then {@code get} reloads it (an immediate loader).
     *
     * @param c the clients
     * @return the value
     */
    @Benchmark
    public Optional<Merchant> redkitInvalidateReload(Clients c) {
        String slug = c.slugs[pick()];
        c.cache.invalidate(slug);
        return c.cache.get(slug, CacheBenchmark::merchant);
    }

    /**
     * The floor: {@code SET PX} of the new value, then {@code GET} and the same decode.
     *
     * @param c the clients
     * @return the value
     */
    @Benchmark
    public Merchant jedisInvalidateReload(Clients c) {
        int i = pick();
        c.backend.jedis().set(c.rawKeys[i], c.codec.encode(merchant(c.slugs[i])), new SetParams().px(3_600_000));
        return c.codec.decode(c.backend.jedis().get(c.rawKeys[i]));
    }
}
