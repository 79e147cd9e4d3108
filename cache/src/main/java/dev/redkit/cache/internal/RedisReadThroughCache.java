package dev.redkit.cache.internal;

import dev.redkit.cache.ReadThroughCache;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.Codec;
import dev.redkit.core.CodecException;
import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.spi.RedisBackoff;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisOps;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.RedkitException;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.Replies;
import dev.redkit.core.SecretHasher;
import dev.redkit.core.Topology;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis-backed {@link ReadThroughCache}.
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

    static final LuaScript ACQUIRE = LuaScript.fromResource(RedisReadThroughCache.class, "acquire.lua");
    static final LuaScript STORE = LuaScript.fromResource(RedisReadThroughCache.class, "store.lua");
    static final LuaScript RELEASE = LuaScript.fromResource(RedisReadThroughCache.class, "release.lua");
    static final LuaScript INVALIDATE = LuaScript.fromResource(RedisReadThroughCache.class, "invalidate.lua");

    private static final long UNKNOWN = Long.MIN_VALUE;
    private static final long FIRST_BACKOFF_MS = 5;
    private static final long MAX_BACKOFF_MS = 100;
    private static final long ACQUIRED = 1;
    private static final long FRESH = 2;
    private static final int LEASE_TOKEN_BYTES = 16;
    /** Entry keys remembered as already warned about for a wrong type; later ones are logged at DEBUG. */
    private static final int MAX_WRONG_TYPE_WARNINGS = 1_000;

    private final RedisOps ops;
    private final KeySpace keys;
    private final Codec<V> codec;
    private final CacheSettings settings;
    private final Clock clock;
    private final RedkitMetrics metrics;
    private final boolean cluster;
    private final String generationKey;
    private final String channel;
    private final long ttlMs;
    private final long negativeTtlMs;
    private final long graceMs;
    private final long leaseMs;
    private final long leaseWaitNanos;
    private final long generationIntervalMs;
    private final AtomicLong generation = new AtomicLong();
    private volatile long generationReadAt = UNKNOWN;
    private final ConcurrentMap<String, CompletableFuture<Optional<V>>> flights = new ConcurrentHashMap<>();
    private final AtomicBoolean decodeWarned = new AtomicBoolean();
    private final Set<String> wrongTypeWarned = ConcurrentHashMap.newKeySet();
    private final NearCache<V> near;
    private final RedisOps.Subscription subscription;
    private final RedisBackoff redisBackoff;

    /**
     * Creates the cache; use {@link ReadThroughCache#builder}.
     *
     * @param connector the connector
     * @param codec the value codec
     * @param settings the validated settings
     * @param clock the clock for logical time
     * @param registry the meter registry, or {@code null}
     */
    public RedisReadThroughCache(RedisConnector connector, Codec<V> codec, CacheSettings settings, Clock clock,
            MeterRegistry registry) {
        this.ops = connector.ops();
        this.keys = connector.keySpace("cache", settings.name());
        this.codec = codec;
        this.settings = settings;
        this.clock = clock;
        this.metrics = RedkitMetrics.of(registry, "cache", settings.name());
        this.cluster = connector.config().topology() == Topology.CLUSTER;
        this.generationKey = keys.key("gen");
        this.channel = keys.key("inv");
        this.ttlMs = settings.ttl().toMillis();
        this.negativeTtlMs = settings.negativeTtl().toMillis();
        this.graceMs = settings.staleIfError().toMillis();
        this.leaseMs = settings.leaseTtl().toMillis();
        this.leaseWaitNanos = settings.leaseWait().toNanos();
        this.generationIntervalMs = settings.generationCheckInterval().toMillis();
        this.redisBackoff = RedisBackoff.of("cache '" + settings.name() + "'", settings.redisBackoff(),
                settings.redisBackoffMax(), clock);
        if (settings.nearCacheEnabled()) {
            this.near = new NearCache<>(settings.nearCacheMaxEntries(), settings.nearCacheTtl().toMillis());
            this.subscription = ops.subscribe(channel, new Invalidations());
        } else {
            this.near = null;
            this.subscription = null;
        }
    }

    @Override
    public Optional<V> get(String key, Function<? super String, ? extends V> loader) {
        KeySpace.encode(key, "key");
        Checks.notNull(loader, "loader");
        long now = clock.millis();
        if (nearActive()) {
            Optional<V> n = near.get(key, now);
            if (n != null) {
                metrics.increment("hits");
                return n;
            }
        }
        RedisBackoff.Permit permit = redisBackoff.permit();
        if (permit == RedisBackoff.Permit.SKIP) {
            bypassed(1);
            return singleFlight(key, () -> load(key, loader, null, null));
        }
        Lookup look;
        try {
            look = permit == RedisBackoff.Permit.PROBE ? redisBackoff.probe(() -> read(List.of(key), now)) : read(List.of(key), now);
        } catch (RedkitException e) {
            redisError(e);
            metrics.increment("misses");
            return singleFlight(key, () -> load(key, loader, null, null));
        }
        byte[] raw = look.raw.get(0);
        Cached<V> c = decode(look.entryKey(key), raw);
        if (c != null && c.isFresh(now)) {
            if (refreshEarly(c, now)) {
                return earlyRefresh(key, look.generation, c, loader);
            }
            metrics.increment("hits");
            nearPut(key, c, now);
            return c.optional();
        }
        metrics.increment("misses");
        return singleFlight(key, () -> loadShared(key, look.generation, c, c != null && c.bad ? raw : null, loader));
    }

    @Override
    public Map<String, V> getAll(Collection<String> keysWanted,
            Function<? super Set<String>, ? extends Map<String, ? extends V>> bulkLoader) {
        Checks.notNull(keysWanted, "keys");
        Checks.notNull(bulkLoader, "bulkLoader");
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String k : keysWanted) {
            KeySpace.encode(k, "key");
            unique.add(k);
        }
        long now = clock.millis();
        Map<String, Optional<V>> found = new HashMap<>();
        List<String> todo = new ArrayList<>();
        for (String k : unique) {
            Optional<V> n = nearActive() ? near.get(k, now) : null;
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
            RedisBackoff.Permit permit = redisBackoff.permit();
            if (permit == RedisBackoff.Permit.SKIP) {
                bypassed(todo.size());
                skipped = todo.size();
                misses.addAll(todo);
            } else {
                try {
                    look = permit == RedisBackoff.Permit.PROBE ? redisBackoff.probe(() -> read(todo, now)) : read(todo, now);
                } catch (RedkitException e) {
                    redisError(e);
                    misses.addAll(todo);
                }
            }
        }
        if (look != null) {
            for (int i = 0; i < todo.size(); i++) {
                String k = todo.get(i);
                Cached<V> c = decode(look.entryKey(k), look.raw.get(i));
                if (c != null && c.isFresh(now)) {
                    found.put(k, c.optional());
                    nearPut(k, c, now);
                } else {
                    misses.add(k);
                    if (c != null && c.isServable(now, graceMs)) {
                        stale.put(k, c);
                    }
                }
            }
        }
        metrics.increment("hits", unique.size() - misses.size());
        if (!misses.isEmpty()) {
            metrics.increment("misses", misses.size() - skipped);
            bulkLoad(misses, bulkLoader, look, stale, found);
        }
        Map<String, V> result = new LinkedHashMap<>();
        for (String k : unique) {
            Optional<V> v = found.get(k);
            if (v != null && v.isPresent()) {
                result.put(k, v.get());
            }
        }
        return Collections.unmodifiableMap(result);
    }

    private void bulkLoad(List<String> misses, Function<? super Set<String>, ? extends Map<String, ? extends V>> bulkLoader,
            Lookup look, Map<String, Cached<V>> stale, Map<String, Optional<V>> found) {
        Set<String> wanted = Collections.unmodifiableSet(new LinkedHashSet<>(misses));
        long start = System.nanoTime();
        Map<String, ? extends V> loaded;
        try {
            loaded = bulkLoader.apply(wanted);
        } catch (RuntimeException e) {
            metrics.record("load", "error", System.nanoTime() - start);
            if (!stale.keySet().containsAll(misses)) {
                throw e;
            }
            LOG.debug("cache '{}': bulk loader failed, serving {} stale values", settings.name(), misses.size(), e);
            metrics.increment("stale_served", misses.size());
            misses.forEach(k -> found.put(k, stale.get(k).optional()));
            return;
        }
        long nanos = System.nanoTime() - start;
        metrics.record("load", "found", nanos);
        Map<String, ? extends V> values = loaded == null ? Map.of() : loaded;
        long loadMs = TimeUnit.NANOSECONDS.toMillis(nanos);
        long now = clock.millis();
        List<RedisCommand> stores = new ArrayList<>();
        Map<String, Cached<V>> fresh = new HashMap<>();
        for (String k : misses) {
            V v = values.get(k);
            found.put(k, Optional.ofNullable(v));
            if (v == null && negativeTtlMs == 0) {
                continue;
            }
            long logical = jitter(v == null ? negativeTtlMs : ttlMs);
            StoredEntry entry = v == null ? StoredEntry.notFound(now + logical, loadMs)
                    : StoredEntry.value(now + logical, loadMs, encode(k, v));
            fresh.put(k, new Cached<>(v != null, v, entry.expiresAt(), loadMs));
            if (look != null) {
                stores.add(RedisCommand.builder("SET").key(look.entryKey(k)).arg(entry.toBytes())
                        .arg("PX").arg(logical + graceMs).build());
            }
        }
        if (!stores.isEmpty() && redisBackoff.closed()) {
            try {
                ops.pipeline(stores);
            } catch (RedkitException e) {
                redisError(e);
            }
        }
        fresh.forEach((k, c) -> nearPut(k, c, now));
    }

    @Override
    public void invalidate(String key) {
        KeySpace.encode(key, "key");
        if (near != null) {
            near.remove(key);
        }
        try {
            long gen = parseGeneration(ops.execute(RedisCommand.of("GET", generationKey)));
            noteGeneration(gen, clock.millis());
            KeySpace.Slot slot = keys.slot(key);
            ops.execute(INVALIDATE.call(List.of(slot.key("v" + gen), slot.key("lease")),
                    List.of(leaseMs, channel, ("k:" + key).getBytes(StandardCharsets.UTF_8))));
        } catch (RedisUnavailableException e) {
            redisBackoff.failed(e);
            throw e;
        }
    }

    @Override
    public void invalidateAll() {
        try {
            long gen = Replies.asLong(ops.execute(RedisCommand.of("INCR", generationKey)));
            noteGeneration(gen, clock.millis());
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
        return nearActive();
    }

    // ---------------------------------------------------------------- miss path

    private Optional<V> singleFlight(String key, Supplier<Optional<V>> work) {
        CompletableFuture<Optional<V>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<V>> running = flights.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            Optional<V> result = work.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(key, mine);
        }
    }

    private static <T> T await(CompletableFuture<T> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    /** The cross-instance part of a miss: take the lease and load, or wait for the holder's result. */
    private Optional<V> loadShared(String key, long gen, Cached<V> current, byte[] badRaw,
            Function<? super String, ? extends V> loader) {
        KeySpace.Slot slot = keys.slot(key);
        Target target = new Target(slot.key("v" + gen), slot.key("lease"), SecretHasher.randomToken(LEASE_TOKEN_BYTES));
        Cached<V> stale = current != null && current.isServable(clock.millis(), graceMs) ? current : null;
        boolean force = current != null && current.bad;
        byte[] knownBad = badRaw;
        long deadline = System.nanoTime() + leaseWaitNanos;
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            if (!redisBackoff.closed()) {
                return load(key, loader, stale, null);
            }
            long now = clock.millis();
            List<Object> reply;
            try {
                reply = Replies.asList(ops.execute(ACQUIRE.call(List.of(target.entryKey, target.leaseKey),
                        List.of(target.token, leaseMs, now, force ? "1" : "0"))));
            } catch (RedkitException e) {
                redisError(e);
                return load(key, loader, stale, null);
            }
            long status = Replies.asLong(reply.get(0));
            byte[] raw = reply.size() > 1 ? Replies.asBytes(reply.get(1)) : null;
            if (reply.size() > 2 && Replies.asLong(reply.get(2)) == 1) {
                wrongType(target.entryKey);
            }
            Cached<V> seen = knownBad != null && Arrays.equals(raw, knownBad) ? Cached.bad() : decode(target.entryKey, raw);
            if (seen != null && seen.bad) {
                knownBad = raw;
            }
            if (seen != null && !seen.bad && seen.isFresh(now) && (status == FRESH || force)) {
                if (status == ACQUIRED) {
                    releaseQuietly(target);
                }
                nearPut(key, seen, now);
                return seen.optional();
            }
            if (status == FRESH) {
                force = true;
                continue;
            }
            if (seen != null && seen.isServable(now, graceMs)) {
                stale = seen;
            }
            if (status == ACQUIRED) {
                return load(key, loader, stale, target);
            }
            if (stale != null) {
                metrics.increment("stale_while_loading");
                return stale.optional();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                metrics.increment("lease_wait_timeouts");
                LOG.debug("cache '{}': lease of {} still held after {}, loading without it", settings.name(),
                        target.leaseKey, settings.leaseWait());
                return load(key, loader, null, target);
            }
            try {
                Thread.sleep(Math.min(backoff, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deadline = System.nanoTime();
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    /** XFetch: this get reloads a fresh entry early; others keep the current value meanwhile. */
    private Optional<V> earlyRefresh(String key, long gen, Cached<V> current, Function<? super String, ? extends V> loader) {
        CompletableFuture<Optional<V>> mine = new CompletableFuture<>();
        if (flights.putIfAbsent(key, mine) != null) {
            metrics.increment("hits");
            return current.optional();
        }
        try {
            Optional<V> result = current.optional();
            KeySpace.Slot slot = keys.slot(key);
            Target target = new Target(slot.key("v" + gen), slot.key("lease"), SecretHasher.randomToken(LEASE_TOKEN_BYTES));
            long status = 0;
            try {
                status = Replies.asLong(Replies.asList(ops.execute(ACQUIRE.call(List.of(target.entryKey, target.leaseKey),
                        List.of(target.token, leaseMs, clock.millis(), "1")))).get(0));
            } catch (RedkitException e) {
                redisError(e);
            }
            if (status == ACQUIRED) {
                metrics.increment("early_refreshes");
                result = load(key, loader, current, target);
            } else {
                metrics.increment("hits");
            }
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(key, mine);
        }
    }

    /**
     * Runs the loader and stores its result under the target (when not {@code null}).
     *
     * @param fallback served if the loader throws and it is still within grace
     */
    private Optional<V> load(String key, Function<? super String, ? extends V> loader, Cached<V> fallback, Target target) {
        long start = System.nanoTime();
        V value;
        try {
            value = loader.apply(key);
        } catch (RuntimeException e) {
            metrics.record("load", "error", System.nanoTime() - start);
            if (target != null) {
                releaseQuietly(target);
            }
            long now = clock.millis();
            if (fallback != null && fallback.isServable(now, graceMs)) {
                if (!fallback.isFresh(now)) {
                    metrics.increment("stale_served");
                }
                LOG.debug("cache '{}': loader failed for a key, serving the last value", settings.name(), e);
                return fallback.optional();
            }
            throw e;
        }
        long nanos = System.nanoTime() - start;
        metrics.record("load", value == null ? "not_found" : "found", nanos);
        Optional<V> result = Optional.ofNullable(value);
        if (value == null && negativeTtlMs == 0) {
            if (target != null) {
                releaseQuietly(target);
            }
            return result;
        }
        byte[] payload;
        try {
            payload = value == null ? null : encode(key, value);
        } catch (RuntimeException e) {
            if (target != null) {
                releaseQuietly(target);
            }
            throw e;
        }
        long now = clock.millis();
        long loadMs = TimeUnit.NANOSECONDS.toMillis(nanos);
        long logical = jitter(value == null ? negativeTtlMs : ttlMs);
        StoredEntry entry = value == null ? StoredEntry.notFound(now + logical, loadMs)
                : StoredEntry.value(now + logical, loadMs, payload);
        boolean stored = false;
        if (target != null && !redisBackoff.closed()) {
            LOG.debug("cache '{}': Redis is in back-off; {} is not stored", settings.name(), target.entryKey);
        } else if (target != null) {
            try {
                stored = Replies.asLong(ops.execute(STORE.call(List.of(target.entryKey, target.leaseKey),
                        List.of(target.token, entry.toBytes(), logical + graceMs)))) == 1;
                if (!stored) {
                    LOG.debug("cache '{}': {} was invalidated or re-leased during the load; not stored",
                            settings.name(), target.entryKey);
                }
            } catch (RedkitException e) {
                redisError(e);
            }
        }
        if (stored) {
            nearPut(key, new Cached<>(value != null, value, entry.expiresAt(), loadMs), now);
        }
        return result;
    }

    private void releaseQuietly(Target target) {
        if (!redisBackoff.closed()) {
            return;
        }
        try {
            ops.execute(RELEASE.call(List.of(target.leaseKey), List.of(target.token)));
        } catch (RedkitException e) {
            if (e instanceof RedisUnavailableException u) {
                redisBackoff.failed(u);
            }
            LOG.debug("cache '{}': could not release {}: {}", settings.name(), target.leaseKey, e.toString());
        }
    }

    // ---------------------------------------------------------------- reading and decoding

    /**
     * Reads the entries of some keys under the current generation, with the generation itself unless it
     * is trusted: one {@code MGET} on a standalone or Sentinel server, one pipeline of one-key {@code MGET}s
     * on Cluster (one round trip per node); again when the generation changed. {@code MGET}, not
     * {@code GET}: it answers nil for a key that holds another type (a value another client wrote), where
     * {@code GET} fails with {@code WRONGTYPE}; such a key reads as a miss, and {@code acquire.lua} reports
     * it so that the load replaces it under the lease.
     */
    private Lookup read(List<String> wanted, long now) {
        boolean check = generationIntervalMs == 0 || generationReadAt == UNKNOWN || now - generationReadAt >= generationIntervalMs;
        long gen = generation.get();
        List<Object> replies = fetch(wanted, gen, check);
        int offset = 0;
        if (check) {
            long actual = parseGeneration(replies.get(0));
            noteGeneration(actual, now);
            offset = 1;
            if (actual != gen) {
                gen = actual;
                replies = fetch(wanted, gen, false);
                offset = 0;
            }
        }
        List<byte[]> raw = new ArrayList<>(wanted.size());
        for (int i = 0; i < wanted.size(); i++) {
            raw.add(Replies.asBytes(replies.get(offset + i)));
        }
        return new Lookup(gen, raw);
    }

    private List<Object> fetch(List<String> wanted, long gen, boolean withGeneration) {
        List<String> toRead = new ArrayList<>(wanted.size() + 1);
        if (withGeneration) {
            toRead.add(generationKey);
        }
        for (String k : wanted) {
            toRead.add(entryKey(k, gen));
        }
        if (!cluster || toRead.size() == 1) {
            return Replies.asList(ops.execute(RedisCommand.of("MGET", toRead.toArray(new String[0]))));
        }
        List<RedisCommand> gets = new ArrayList<>(toRead.size());
        for (String k : toRead) {
            gets.add(RedisCommand.of("MGET", k));
        }
        List<Object> replies = new ArrayList<>(toRead.size());
        for (Object reply : ops.pipeline(gets)) {
            replies.add(Replies.asList(reply).get(0));
        }
        return replies;
    }

    private String entryKey(String key, long gen) {
        return keys.slot(key).key("v" + gen);
    }

    private static long parseGeneration(Object reply) {
        return reply == null ? 0 : Replies.asLong(reply);
    }

    private void noteGeneration(long gen, long now) {
        long previous = generation.getAndSet(gen);
        generationReadAt = now;
        if (previous != gen && near != null) {
            near.clear();
        }
    }

    private Cached<V> decode(String entryKey, byte[] raw) {
        if (raw == null) {
            return null;
        }
        StoredEntry entry = StoredEntry.parse(raw);
        if (entry == null) {
            decodeFailed(entryKey, "it is not in the cache entry format");
            return Cached.bad();
        }
        if (!entry.found()) {
            return new Cached<>(false, null, entry.expiresAt(), entry.loadMillis());
        }
        try {
            return new Cached<>(true, codec.decode(entryKey, entry.payload()), entry.expiresAt(), entry.loadMillis());
        } catch (CodecException e) {
            decodeFailed(entryKey, e.getMessage());
            return Cached.bad();
        }
    }

    private void decodeFailed(String entryKey, String reason) {
        metrics.increment("decode_failures");
        if (decodeWarned.compareAndSet(false, true)) {
            LOG.warn("cache '{}': the value stored at {} cannot be read as {} ({}); treating it as a miss and reloading."
                    + " Further decode failures of this cache are logged at DEBUG", settings.name(), entryKey,
                    codec.typeName(), reason);
        } else {
            LOG.debug("cache '{}': cannot decode {} ({})", settings.name(), entryKey, reason);
        }
    }

    /** The entry key holds another Redis type: counted, and logged at WARN once per key (up to a bound). */
    private void wrongType(String entryKey) {
        metrics.increment("wrong_type_entries");
        if (wrongTypeWarned.size() < MAX_WRONG_TYPE_WARNINGS && wrongTypeWarned.add(entryKey)) {
            LOG.warn("cache '{}': {} holds a value of another Redis type than a cache entry (written by another"
                    + " client?); treating it as a miss, loading under the lease and replacing it", settings.name(),
                    entryKey);
        } else {
            LOG.debug("cache '{}': {} holds a value of another Redis type; replacing it", settings.name(), entryKey);
        }
    }

    private byte[] encode(String key, V value) {
        byte[] bytes = codec.encode(value);
        if (bytes.length > settings.maxValueBytes()) {
            throw new IllegalArgumentException("cache '" + settings.name() + "': the value loaded for key '"
                    + abbreviate(key) + "' encodes to " + bytes.length + " bytes, more than maxValueBytes ("
                    + settings.maxValueBytes() + "); it was not cached");
        }
        return bytes;
    }

    // ---------------------------------------------------------------- helpers

    private boolean refreshEarly(Cached<V> c, long now) {
        double beta = settings.earlyRefreshBeta();
        if (beta == 0 || c.loadMillis <= 0) {
            return false;
        }
        double gap = c.loadMillis * beta * -Math.log(1.0 - ThreadLocalRandom.current().nextDouble());
        return now + gap >= c.expiresAt;
    }

    private long jitter(long ms) {
        if (settings.ttlJitter() == 0) {
            return ms;
        }
        long cut = (long) (ms * settings.ttlJitter() * ThreadLocalRandom.current().nextDouble());
        return Math.max(1, ms - cut);
    }

    private boolean nearActive() {
        return near != null && subscription.isConnected();
    }

    private void nearPut(String key, Cached<V> c, long now) {
        if (nearActive()) {
            near.put(key, c.optional(), now, c.expiresAt);
        }
    }

    private void redisError(RedkitException e) {
        if (e instanceof RedisUnavailableException u) {
            redisBackoff.failed(u);
        }
        if (!settings.failOpen()) {
            throw e;
        }
        metrics.increment("redis_errors");
        LOG.debug("cache '{}': Redis failed, answering from the loader: {}", settings.name(), e.toString());
    }

    /** Counts reads that skipped Redis during the back-off; throws for a cache that may not fail open. */
    private void bypassed(int keys) {
        metrics.increment("bypassed", keys);
        if (!settings.failOpen()) {
            throw redisBackoff.skipped();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    @Override
    public String toString() {
        return "ReadThroughCache{" + settings + ", codec=" + codec.typeName() + '}';
    }

    /** Entries read in one round trip, with the generation they were read under. */
    private final class Lookup {
        final long generation;
        final List<byte[]> raw;

        Lookup(long generation, List<byte[]> raw) {
            this.generation = generation;
            this.raw = raw;
        }

        String entryKey(String key) {
            return RedisReadThroughCache.this.entryKey(key, generation);
        }
    }

    /** Where a load stores its result. */
    private record Target(String entryKey, String leaseKey, String token) {
    }

    /** A decoded entry, or the marker for bytes that could not be decoded. */
    private static final class Cached<V> {
        private static final Cached<?> BAD = new Cached<>(false, null, Long.MIN_VALUE, 0, true);

        final boolean found;
        final V value;
        final long expiresAt;
        final long loadMillis;
        final boolean bad;

        Cached(boolean found, V value, long expiresAt, long loadMillis) {
            this(found, value, expiresAt, loadMillis, false);
        }

        private Cached(boolean found, V value, long expiresAt, long loadMillis, boolean bad) {
            this.found = found;
            this.value = value;
            this.expiresAt = expiresAt;
            this.loadMillis = loadMillis;
            this.bad = bad;
        }

        @SuppressWarnings("unchecked")
        static <V> Cached<V> bad() {
            return (Cached<V>) BAD;
        }

        boolean isFresh(long now) {
            return !bad && now < expiresAt;
        }

        boolean isServable(long now, long graceMs) {
            return !bad && now < expiresAt + graceMs;
        }

        Optional<V> optional() {
            return found ? Optional.of(value) : Optional.empty();
        }
    }

    /** Applies invalidations from other instances to the near cache. */
    private final class Invalidations implements RedisOps.MessageListener {
        @Override
        public void onMessage(String ch, byte[] message) {
            String m = new String(message, StandardCharsets.UTF_8);
            if (m.startsWith("k:")) {
                near.remove(m.substring(2));
            } else if (m.startsWith("*:")) {
                near.clear();
                try {
                    noteGeneration(Long.parseLong(m.substring(2)), clock.millis());
                } catch (NumberFormatException e) {
                    LOG.debug("cache '{}': ignoring malformed invalidation message", settings.name());
                }
            }
        }

        @Override
        public void onSubscribed() {
            near.clear();
            generationReadAt = UNKNOWN;
        }
    }
}
