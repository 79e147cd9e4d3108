package dev.redkit.cache.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedkitException;
import dev.redkit.core.spi.RedisBackoff;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The get of several keys: one read of every entry, one call of the bulk loader for the misses and one
 * pipeline to store what it returned. No cross-instance lease. Thread-safe.
 *
 * @param <V> the value type
 */
final class BulkPath<V> {

    private static final Logger LOG = LoggerFactory.getLogger(RedisReadThroughCache.class);

    private final CacheContext<V> ctx;
    private final PlainRead plainRead;

    BulkPath(CacheContext<V> ctx, PlainRead plainRead) {
        this.ctx = ctx;
        this.plainRead = plainRead;
    }

    /**
     * @param slots the validated keys, each with its slot (encoded once), without duplicates, in order
     * @param bulkLoader the bulk loader
     * @return the found values by key, in order
     */
    Map<String, V> getAll(
            Map<String, KeySpace.Slot> slots,
            Function<? super Set<String>, ? extends Map<String, ? extends V>> bulkLoader) {
        long now = ctx.clock.millis();
        Map<String, Optional<V>> found = new HashMap<>();
        List<String> todo = new ArrayList<>();
        for (String k : slots.keySet()) {
            NearCache.Item<V> n = ctx.nearGet(k, now);
            if (n != null) {
                found.put(k, n.value());
            } else {
                todo.add(k);
            }
        }
        List<String> misses = new ArrayList<>();
        Map<String, Cached<V>> stale = new HashMap<>();
        PlainRead.Lookup look = null;
        int skipped = 0;
        if (!todo.isEmpty()) {
            RedisBackoff.Permit permit = ctx.backoff.permit();
            if (permit == RedisBackoff.Permit.SKIP) {
                ctx.bypassed(todo.size());
                skipped = todo.size();
                misses.addAll(todo);
            } else {
                List<KeySpace.Slot> todoSlots = new ArrayList<>(todo.size());
                todo.forEach(k -> todoSlots.add(slots.get(k)));
                try {
                    look = permit == RedisBackoff.Permit.PROBE
                            ? ctx.backoff.probe(() -> plainRead.read(todoSlots, now))
                            : plainRead.read(todoSlots, now);
                } catch (RedkitException e) {
                    ctx.redisError(e);
                    misses.addAll(todo);
                }
            }
        }
        if (look != null) {
            for (int i = 0; i < todo.size(); i++) {
                String k = todo.get(i);
                Cached<V> c =
                        ctx.entries.decode(look.entryKeys().get(i), look.raw().get(i));
                if (c != null && c.isFresh(now)) {
                    found.put(k, c.optional());
                    ctx.nearPut(k, c, now);
                } else {
                    misses.add(k);
                    if (c != null && c.isServable(now, ctx.graceMs)) {
                        stale.put(k, c);
                    }
                }
            }
        }
        ctx.metrics.increment("hits", slots.size() - misses.size());
        if (!misses.isEmpty()) {
            ctx.metrics.increment("misses", misses.size() - skipped);
            load(misses, bulkLoader, look == null ? null : byKey(todo, look.entryKeys()), stale, found);
        }
        Map<String, V> result = new LinkedHashMap<>();
        for (String k : slots.keySet()) {
            Optional<V> v = found.get(k);
            if (v != null && v.isPresent()) {
                result.put(k, v.get());
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * @param entryKeys where to store each missed key, or {@code null} when Redis was not read (nothing is
     *     stored then)
     */
    private void load(
            List<String> misses,
            Function<? super Set<String>, ? extends Map<String, ? extends V>> bulkLoader,
            @Nullable Map<String, String> entryKeys,
            Map<String, Cached<V>> stale,
            Map<String, Optional<V>> found) {
        Set<String> wanted = Collections.unmodifiableSet(new LinkedHashSet<>(misses));
        long start = System.nanoTime();
        Map<String, ? extends V> loaded;
        try {
            loaded = bulkLoader.apply(wanted);
        } catch (RuntimeException e) {
            ctx.metrics.record("load", "error", System.nanoTime() - start);
            Map<String, Optional<V>> served = new HashMap<>();
            for (String k : misses) {
                Cached<V> last = stale.get(k);
                if (last == null) {
                    throw e;
                }
                served.put(k, last.optional());
            }
            LOG.debug("cache '{}': bulk loader failed, serving {} stale values", ctx.name(), misses.size(), e);
            ctx.metrics.increment("stale_served", misses.size());
            found.putAll(served);
            return;
        }
        long nanos = System.nanoTime() - start;
        ctx.metrics.record("load", "found", nanos);
        Map<String, ? extends V> values = loaded == null ? Map.of() : loaded;
        long loadMs = TimeUnit.NANOSECONDS.toMillis(nanos);
        long now = ctx.clock.millis();
        List<RedisCommand> stores = new ArrayList<>();
        Map<String, Cached<V>> fresh = new HashMap<>();
        for (String k : misses) {
            V v = values.get(k);
            found.put(k, Optional.ofNullable(v));
            if (v == null && ctx.negativeTtlMs == 0) {
                continue;
            }
            long logical = ctx.logicalTtl(v != null);
            StoredEntry entry = v == null
                    ? StoredEntry.notFound(now + logical, loadMs)
                    : StoredEntry.value(now + logical, loadMs, ctx.entries.encode(k, v));
            fresh.put(k, new Cached<>(v != null, v, entry.expiresAt(), loadMs));
            String entryKey = entryKeys == null ? null : entryKeys.get(k);
            if (entryKey != null) {
                stores.add(RedisCommand.builder("SET")
                        .key(entryKey)
                        .arg(entry.toBytes())
                        .arg("PX")
                        .arg(logical + ctx.graceMs)
                        .build());
            }
        }
        if (!stores.isEmpty() && ctx.backoff.closed()) {
            try {
                ctx.ops.pipeline(stores);
            } catch (RedkitException e) {
                ctx.redisError(e);
            }
        }
        fresh.forEach((k, c) -> ctx.nearPut(k, c, now));
    }

    private static Map<String, String> byKey(List<String> wanted, List<String> entryKeys) {
        Map<String, String> byKey = new HashMap<>();
        for (int i = 0; i < wanted.size(); i++) {
            byKey.put(wanted.get(i), entryKeys.get(i));
        }
        return byKey;
    }
}
