package dev.redkit.cache.internal;

import dev.redkit.cache.ReadThroughCache;
import dev.redkit.core.Codec;
import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisOps;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.Topology;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.RedisBackoff;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.Replies;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis-backed {@link ReadThroughCache}: validates keys (encoding each once), answers from the near
 * cache, and hands the rest to {@link GetPath} (one key: adaptive read, lease, single flight, early refresh) or
 * {@link BulkPath} (several keys); invalidations are here.
 *
 * <h2>Key layout</h2>
 * <pre>
 *   prefix:cache:name:gen                     generation number (INCR by invalidateAll; no TTL)
 *   prefix:cache:name:{encoded key}:v&lt;gen&gt;    entry of one key under one generation ({@link StoredEntry})
 *   prefix:cache:name:{encoded key}:lease     load lease: owner token, PX leaseTtl
 *   prefix:cache:name:inv                     pub/sub channel of invalidations ("k:&lt;key&gt;", "*:&lt;gen&gt;")
 * </pre>
 * An entry and its lease share the key's hash slot, so each script touches one slot.
 *
 * <p>Thread-safe.
 */
public final class RedisReadThroughCache<V> implements ReadThroughCache<V> {

    private static final Logger LOG = LoggerFactory.getLogger(RedisReadThroughCache.class);

    static final LuaScript INVALIDATE = LuaScript.fromResource(RedisReadThroughCache.class, "invalidate.lua");

    private final RedisOps ops;
    private final KeySpace keys;
    private final CacheSettings settings;
    private final Clock clock;
    private final String generationKey;
    private final String channel;
    private final Generation generation;
    private final @Nullable NearCache<V> near;
    private final RedisOps.@Nullable Subscription subscription;
    private final RedisBackoff redisBackoff;
    private final CacheContext<V> ctx;
    private final GetPath<V> getPath;
    private final BulkPath<V> bulkPath;

    /**
     * Creates the cache; use {@link ReadThroughCache#builder}.
     *
     * @param connector the connector
     * @param codec the value codec
     * @param settings the validated settings
     * @param clock the clock for logical time
     * @param registry the meter registry, or {@code null}
     */
    public RedisReadThroughCache(
            RedisConnector connector,
            Codec<V> codec,
            CacheSettings settings,
            Clock clock,
            @Nullable MeterRegistry registry) {
        this.ops = connector.ops();
        this.keys = connector.keySpace("cache", settings.name());
        this.settings = settings;
        this.clock = clock;
        this.generationKey = keys.key("gen");
        this.channel = keys.key("inv");
        this.redisBackoff = RedisBackoff.of(
                "cache '" + settings.name() + "'", settings.redisBackoff(), settings.redisBackoffMax(), clock);
        NearCache<V> nearCache = settings.nearCacheEnabled()
                ? new NearCache<>(
                        settings.nearCacheMaxEntries(), settings.nearCacheTtl().toMillis())
                : null;
        this.near = nearCache;
        MissWindow misses = new MissWindow();
        this.generation = new Generation(settings.generationCheckInterval().toMillis(), nearCache, misses);
        this.subscription = nearCache == null ? null : ops.subscribe(channel, new Invalidations(nearCache));
        RedkitMetrics metrics = RedkitMetrics.of(registry, "cache", settings.name());
        this.ctx = new CacheContext<>(
                ops,
                settings,
                clock,
                metrics,
                redisBackoff,
                new EntryCodec<>(codec, settings, metrics),
                generation,
                generationKey,
                nearCache,
                subscription);
        PlainRead plainRead = new PlainRead(ctx, connector.config().topology() == Topology.CLUSTER);
        this.getPath = new GetPath<>(ctx, plainRead, misses);
        this.bulkPath = new BulkPath<>(ctx, plainRead);
    }

    @Override
    public Optional<V> get(String key, Function<? super String, ? extends V> loader) {
        KeySpace.Slot slot = keys.slot(key, "key");
        Checks.notNull(loader, "loader");
        NearCache.Item<V> n = ctx.nearGet(key, clock.millis());
        if (n != null) {
            ctx.metrics.increment("hits");
            return n.value();
        }
        return getPath.get(key, slot, loader);
    }

    @Override
    public Map<String, V> getAll(
            Collection<String> keysWanted,
            Function<? super Set<String>, ? extends Map<String, ? extends V>> bulkLoader) {
        Checks.notNull(keysWanted, "keys");
        Checks.notNull(bulkLoader, "bulkLoader");
        Map<String, KeySpace.Slot> slots = new LinkedHashMap<>();
        for (String k : keysWanted) {
            if (!slots.containsKey(k)) {
                slots.put(k, keys.slot(k, "key"));
            }
        }
        return bulkPath.getAll(slots, bulkLoader);
    }

    @Override
    public void invalidate(String key) {
        KeySpace.Slot slot = keys.slot(key, "key");
        if (near != null) {
            near.remove(key);
        }
        try {
            long believed = generation.current();
            List<Object> replies =
                    ops.pipeline(List.of(RedisCommand.of("GET", generationKey), invalidation(slot, key, believed)));
            long gen = Generation.parse(replies.get(0));
            generation.note(gen, clock.millis());
            if (gen != believed) {
                ops.execute(invalidation(slot, key, gen));
            }
        } catch (RedisUnavailableException e) {
            redisBackoff.failed(e);
            throw e;
        }
    }

    /**
     * The invalidate script for one key under one generation. {@link #invalidate} pipelines it with the read
     * of the generation, under the generation the instance believes current, and runs it again under the
     * read one when they differ; the generation read is never skipped, since an entry left under the
     * current generation would outlive the invalidation. A run under an old generation deletes nothing
     * that is still read, and the lease key is the same for every generation.
     */
    private RedisCommand invalidation(KeySpace.Slot slot, String key, long gen) {
        return INVALIDATE.call(
                List.of(slot.key("v" + gen), slot.key("lease")),
                List.of(ctx.leaseMs, channel, ("k:" + key).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void invalidateAll() {
        try {
            long gen = Replies.asLong(ops.execute(RedisCommand.of("INCR", generationKey)));
            generation.note(gen, clock.millis());
            if (near != null) {
                near.clear();
            }
            ops.publish(channel, ("*:" + gen).getBytes(StandardCharsets.UTF_8));
        } catch (RedisUnavailableException e) {
            redisBackoff.failed(e);
            throw e;
        }
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }

    /**
     * Whether the near cache is configured and its invalidation subscription is connected (for tests and
     * health checks).
     *
     * @return true when the near cache is in use
     */
    public boolean nearCacheActive() {
        return ctx.nearActive();
    }

    @Override
    public String toString() {
        return "ReadThroughCache{" + settings + ", codec=" + ctx.entries.typeName() + '}';
    }

    /** Applies invalidations from other instances to the near cache. */
    private final class Invalidations implements RedisOps.MessageListener {
        private final NearCache<V> near;

        Invalidations(NearCache<V> near) {
            this.near = near;
        }

        @Override
        public void onMessage(String ch, byte[] message) {
            String m = new String(message, StandardCharsets.UTF_8);
            if (m.startsWith("k:")) {
                near.remove(m.substring(2));
            } else if (m.startsWith("*:")) {
                near.clear();
                try {
                    generation.note(Long.parseLong(m.substring(2)), clock.millis());
                } catch (NumberFormatException e) {
                    LOG.debug("cache '{}': ignoring malformed invalidation message", settings.name());
                }
            }
        }

        @Override
        public void onSubscribed() {
            near.clear();
            generation.forget();
        }
    }
}
