package dev.redkit.cache.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisBackoff;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedkitException;
import dev.redkit.core.Replies;
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
    private final boolean cluster;

    BulkPath(CacheContext<V> ctx, boolean cluster) {
        this.ctx = ctx;
        this.cluster = cluster;
    }

    /**
     * @param slots the validated keys, each with its slot (encoded once), without duplicates, in order
     * @param bulkLoader the bulk loader
     * @return the found values by key, in order
     */
    Map<String, V> getAll(Map<String, KeySpace.Slot> slots,
            Function<? super Set<String>, ? extends Map<String, ? extends V>> bulkLoader) {
        long now = ctx.clock.millis();
        Map<String, Optional<V>> found = new HashMap<>();
        List<String> todo = new ArrayList<>();
        for (String k : slots.keySet()) {
            Optional<V> n = ctx.nearGet(k, now);
            if (n != null) {
                found.put(k, n);
            } else {
                todo.add(k);
            }
        }
        List<String> misses = new ArrayList<>();
        Map<String, Cached<V>> stale = new HashMap<>();
        Lookup look = null;
        int skipped = 0;
        if (!todo.isEmpty()) {
            RedisBackoff.Permit permit = ctx.backoff.permit();
            if (permit == RedisBackoff.Permit.SKIP) {
                ctx.bypassed(todo.size());
                skipped = todo.size();
                misses.addAll(todo);
            } else {
                try {
                    look = permit == RedisBackoff.Permit.PROBE ? ctx.backoff.probe(() -> read(todo, slots, now))
                            : read(todo, slots, now);
                } catch (RedkitException e) {
                    ctx.redisError(e);
                    misses.addAll(todo);
                }
            }
        }
        if (look != null) {
            for (int i = 0; i < todo.size(); i++) {
                String k = todo.get(i);
                Cached<V> c = ctx.entries.decode(look.entryKeys.get(i), look.raw.get(i));
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
            load(misses, bulkLoader, look == null ? null : look.entryKeys(todo), stale, found);
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
    private void load(List<String> misses, Function<? super Set<String>, ? extends Map<String, ? extends V>> bulkLoader,
            Map<String, String> entryKeys, Map<String, Cached<V>> stale, Map<String, Optional<V>> found) {
        Set<String> wanted = Collections.unmodifiableSet(new LinkedHashSet<>(misses));
        long start = System.nanoTime();
        Map<String, ? extends V> loaded;
        try {
            loaded = bulkLoader.apply(wanted);
        } catch (RuntimeException e) {
            ctx.metrics.record("load", "error", System.nanoTime() - start);
            if (!stale.keySet().containsAll(misses)) {
                throw e;
            }
            LOG.debug("cache '{}': bulk loader failed, serving {} stale values", ctx.name(), misses.size(), e);
            ctx.metrics.increment("stale_served", misses.size());
            misses.forEach(k -> found.put(k, stale.get(k).optional()));
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
            StoredEntry entry = v == null ? StoredEntry.notFound(now + logical, loadMs)
                    : StoredEntry.value(now + logical, loadMs, ctx.entries.encode(k, v));
            fresh.put(k, new Cached<>(v != null, v, entry.expiresAt(), loadMs));
            if (entryKeys != null) {
                stores.add(RedisCommand.builder("SET").key(entryKeys.get(k)).arg(entry.toBytes())
                        .arg("PX").arg(logical + ctx.graceMs).build());
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

    /**
     * Reads the entries of some keys under the current generation, with the generation itself unless it
     * is trusted: one {@code MGET} on a standalone or Sentinel server, one pipeline of one-key {@code MGET}s
     * on Cluster (one round trip per node); again when the generation changed. {@code MGET}, not
     * {@code GET}: it answers nil for a key that holds another type (a value another client wrote), where
     * {@code GET} fails with {@code WRONGTYPE}; such a key reads as a miss and its store replaces it.
     */
    private Lookup read(List<String> wanted, Map<String, KeySpace.Slot> slots, long now) {
        boolean check = ctx.generation.needsCheck(now);
        long gen = ctx.generation.current();
        List<String> entryKeys = entryKeys(wanted, slots, gen);
        List<Object> replies = fetch(entryKeys, check);
        int offset = 0;
        if (check) {
            long actual = Generation.parse(replies.get(0));
            ctx.generation.note(actual, now);
            offset = 1;
            if (actual != gen) {
                entryKeys = entryKeys(wanted, slots, actual);
                replies = fetch(entryKeys, false);
                offset = 0;
            }
        }
        List<byte[]> raw = new ArrayList<>(wanted.size());
        for (int i = 0; i < wanted.size(); i++) {
            raw.add(Replies.asBytes(replies.get(offset + i)));
        }
        return new Lookup(entryKeys, raw);
    }

    private static List<String> entryKeys(List<String> wanted, Map<String, KeySpace.Slot> slots, long gen) {
        List<String> keys = new ArrayList<>(wanted.size());
        for (String k : wanted) {
            keys.add(slots.get(k).key("v" + gen));
        }
        return keys;
    }

    private List<Object> fetch(List<String> entryKeys, boolean withGeneration) {
        List<String> toRead = new ArrayList<>(entryKeys.size() + 1);
        if (withGeneration) {
            toRead.add(ctx.generationKey);
        }
        toRead.addAll(entryKeys);
        if (!cluster || toRead.size() == 1) {
            return Replies.asList(ctx.ops.execute(RedisCommand.of("MGET", toRead.toArray(new String[0]))));
        }
        List<RedisCommand> gets = new ArrayList<>(toRead.size());
        for (String k : toRead) {
            gets.add(RedisCommand.of("MGET", k));
        }
        List<Object> replies = new ArrayList<>(toRead.size());
        for (Object reply : ctx.ops.pipeline(gets)) {
            replies.add(Replies.asList(reply).get(0));
        }
        return replies;
    }

    /** Entries read in one round trip, with the entry keys (under the generation) they were read from. */
    private record Lookup(List<String> entryKeys, List<byte[]> raw) {
        Map<String, String> entryKeys(List<String> wanted) {
            Map<String, String> byKey = new HashMap<>();
            for (int i = 0; i < wanted.size(); i++) {
                byKey.put(wanted.get(i), entryKeys.get(i));
            }
            return byKey;
        }
    }
}
