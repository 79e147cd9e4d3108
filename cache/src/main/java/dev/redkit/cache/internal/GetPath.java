package dev.redkit.cache.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.RedkitException;
import dev.redkit.core.SecretHasher;
import dev.redkit.core.spi.Replies;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The get of one key. Its read is adaptive ({@link MissWindow}): while misses are rare it is the
 * {@link PlainRead} (one {@code MGET} of generation and entry: one command per hit) and a miss takes the lease
 * in a second round trip; while they are frequent it is {@code acquire.lua}, which returns a fresh entry or
 * takes the key's load lease for the caller when there is none (a miss costs one round trip before the
 * loader, pipelined with the generation read unless the generation is trusted). After the loader, one round
 * trip ({@code store.lua}). Around it: single flight per key and JVM, waiting for another instance's lease,
 * stale-while-loading, stale-if-error, XFetch early refresh and the Redis back-off. Thread-safe.
 *
 * @param <V> the value type
 */
final class GetPath<V> {

    private static final Logger LOG = LoggerFactory.getLogger(RedisReadThroughCache.class);

    static final LuaScript ACQUIRE = LuaScript.fromResource(GetPath.class, "acquire.lua");
    static final LuaScript STORE = LuaScript.fromResource(GetPath.class, "store.lua");
    static final LuaScript RELEASE = LuaScript.fromResource(GetPath.class, "release.lua");

    private static final long FIRST_BACKOFF_MS = 5;
    private static final long MAX_BACKOFF_MS = 100;
    private static final long HELD = 0;
    private static final long ACQUIRED = 1;
    private static final long FRESH = 2;
    /** The status of a plain read: no lease was asked for. */
    private static final long UNASKED = -1;

    private static final int LEASE_TOKEN_BYTES = 16;

    private final CacheContext<V> ctx;
    private final PlainRead plainRead;
    private final MissWindow window;
    private final long leaseWaitNanos;
    private final ConcurrentMap<String, CompletableFuture<Optional<V>>> flights = new ConcurrentHashMap<>();

    GetPath(CacheContext<V> ctx, PlainRead plainRead, MissWindow window) {
        this.ctx = ctx;
        this.plainRead = plainRead;
        this.window = window;
        this.leaseWaitNanos = ctx.settings.leaseWait().toNanos();
    }

    /**
     * @param key the validated key
     * @param slot the key's slot, encoded once by the caller
     * @param loader the loader
     * @return the value
     */
    Optional<V> get(String key, KeySpace.Slot slot, Function<? super String, ? extends V> loader) {
        long now = ctx.clock.millis();
        boolean viaScript = window.missesFrequent();
        @Nullable Attempt first;
        try {
            first = ctx.backoff.call(() -> read(slot, viaScript, now), () -> null);
        } catch (RedkitException e) {
            ctx.redisError(e);
            ctx.metrics.increment("misses");
            return singleFlight(key, () -> load(key, loader, null, null), null);
        }
        if (first == null) {
            ctx.bypassed(1);
            return singleFlight(key, () -> load(key, loader, null, null), null);
        }
        Cached<V> seen = ctx.entries.decode(first.target.entryKey(), first.raw);
        Cached<V> hit =
                (first.status == FRESH || first.status == UNASKED) && seen != null && seen.isFresh(now) ? seen : null;
        window.record(hit == null);
        if (hit != null) {
            if (refreshEarly(hit, now)) {
                return earlyRefresh(key, first.target.owned(), hit, loader);
            }
            ctx.metrics.increment("hits");
            ctx.nearPut(key, hit, now);
            return hit.optional();
        }
        ctx.metrics.increment("misses");
        if (first.status == ACQUIRED) {
            Cached<V> stale = seen != null && seen.isServable(now, ctx.graceMs) ? seen : null;
            return singleFlight(key, () -> load(key, loader, stale, first.target), first.target);
        }
        return singleFlight(key, () -> loadShared(key, first.owned(), seen, loader), null);
    }

    /**
     * The read of a get: the plain read (no lease; status {@link #UNASKED}) or {@code acquire.lua} under the
     * generation believed current, pipelined with a read of the generation unless it is trusted; the script
     * is called again (with the same token: idempotent) under the new generation when it changed. The plain
     * read draws no owner token (a hit needs none); {@link Attempt#owned()} draws one when the get goes on.
     */
    private Attempt read(KeySpace.Slot slot, boolean viaScript, long now) {
        if (!viaScript) {
            PlainRead.Lookup look = plainRead.read(List.of(slot), now);
            Target target = new Target(look.entryKeys().get(0), slot.key("lease"), null);
            return new Attempt(target, UNASKED, look.raw().get(0));
        }
        String token = SecretHasher.randomToken(LEASE_TOKEN_BYTES);
        long gen = ctx.generation.current();
        Target target = new Target(slot.key("v" + gen), slot.key("lease"), token);
        if (!ctx.generation.needsCheck(now)) {
            return attempt(target, ctx.ops.execute(acquire(target, now, false)));
        }
        List<Object> replies =
                ctx.ops.pipeline(List.of(RedisCommand.of("GET", ctx.generationKey), acquire(target, now, false)));
        long actual = Generation.parse(replies.get(0));
        ctx.generation.note(actual, now);
        if (actual == gen) {
            return attempt(target, replies.get(1));
        }
        Target moved = new Target(slot.key("v" + actual), target.leaseKey(), token);
        return attempt(moved, ctx.ops.execute(acquire(moved, now, false)));
    }

    private RedisCommand acquire(Target target, long now, boolean force) {
        return ACQUIRE.call(
                List.of(target.entryKey(), target.leaseKey()),
                List.of(target.ownerToken(), ctx.leaseMs, now, force ? "1" : "0"));
    }

    private Attempt attempt(Target target, @Nullable Object reply) {
        List<Object> parts = Replies.asList(reply);
        if (parts.size() > 2 && Replies.asLong(parts.get(2)) == 1) {
            ctx.entries.wrongType(target.entryKey());
        }
        byte[] raw = parts.size() > 1 ? Replies.asBytes(parts.get(1)) : null;
        return new Attempt(target, Replies.asLong(parts.get(0)), raw);
    }

    /**
     * Runs {@code work} as this JVM's only flight for the key, or waits for the flight already running. A
     * caller holding the lease ({@code held} not {@code null}) that finds another flight frees the lease
     * first, so that flight (waiting for the lease) takes it on its next poll.
     */
    private Optional<V> singleFlight(String key, Supplier<Optional<V>> work, @Nullable Target held) {
        CompletableFuture<Optional<V>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<V>> running = flights.putIfAbsent(key, mine);
        if (running != null) {
            if (held != null) {
                releaseQuietly(held);
            }
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
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * The cross-instance part of a miss whose first read did not get the lease: it was the plain read (take
     * the lease now), another instance holds it (serve the stale value, else poll until its result appears,
     * the lease frees or {@code leaseWait} ends), or the entry was undecodable (take the lease even though
     * the entry looks fresh).
     */
    private Optional<V> loadShared(
            String key, Attempt first, @Nullable Cached<V> firstSeen, Function<? super String, ? extends V> loader) {
        Target target = first.target;
        boolean force = firstSeen != null && firstSeen.bad;
        Cached<V> stale = null;
        byte[] knownBad = force ? first.raw : null;
        Attempt attempt = force || first.status == UNASKED ? null : first;
        Cached<V> seen = firstSeen;
        long deadline = System.nanoTime() + leaseWaitNanos;
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            long now = ctx.clock.millis();
            if (attempt == null) {
                if (!ctx.backoff.closed()) {
                    return load(key, loader, stale, null);
                }
                try {
                    attempt = attempt(target, ctx.ops.execute(acquire(target, now, force)));
                } catch (RedkitException e) {
                    ctx.redisError(e);
                    return load(key, loader, stale, null);
                }
                byte[] raw = attempt.raw;
                seen = knownBad != null && Arrays.equals(raw, knownBad)
                        ? Cached.bad()
                        : ctx.entries.decode(target.entryKey(), raw);
                if (seen != null && seen.bad) {
                    knownBad = raw;
                }
            }
            long status = attempt.status;
            attempt = null;
            if (seen != null && !seen.bad && seen.isFresh(now) && (status == FRESH || force)) {
                if (status == ACQUIRED) {
                    releaseQuietly(target);
                }
                ctx.nearPut(key, seen, now);
                return seen.optional();
            }
            if (status == FRESH) {
                force = true;
                continue;
            }
            if (seen != null && seen.isServable(now, ctx.graceMs)) {
                stale = seen;
            }
            if (status == ACQUIRED) {
                return load(key, loader, stale, target);
            }
            if (stale != null) {
                ctx.metrics.increment("stale_while_loading");
                return stale.optional();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                ctx.metrics.increment("lease_wait_timeouts");
                LOG.debug(
                        "cache '{}': lease of {} still held after {}, loading without it",
                        ctx.name(),
                        target.leaseKey(),
                        ctx.settings.leaseWait());
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

    /**
     * XFetch: this get reloads a fresh entry early; others keep the current value meanwhile. The lease is
     * taken with the read's owner token (the read took none: the entry was fresh), under the generation the
     * entry was read from.
     */
    private Optional<V> earlyRefresh(
            String key, Target read, Cached<V> current, Function<? super String, ? extends V> loader) {
        CompletableFuture<Optional<V>> mine = new CompletableFuture<>();
        if (flights.putIfAbsent(key, mine) != null) {
            ctx.metrics.increment("hits");
            return current.optional();
        }
        try {
            Optional<V> result = current.optional();
            Target target = read;
            long status = HELD;
            try {
                Object reply = ctx.ops.execute(acquire(target, ctx.clock.millis(), true));
                status = Replies.asLong(Replies.asList(reply).get(0));
            } catch (RedkitException e) {
                ctx.redisError(e);
            }
            if (status == ACQUIRED) {
                ctx.metrics.increment("early_refreshes");
                result = load(key, loader, current, target);
            } else {
                ctx.metrics.increment("hits");
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
     * Runs the loader and stores its result under the target (when not {@code null}), freeing the lease.
     *
     * @param fallback served if the loader throws and it is still within grace
     */
    private Optional<V> load(
            String key,
            Function<? super String, ? extends V> loader,
            @Nullable Cached<V> fallback,
            @Nullable Target target) {
        long start = System.nanoTime();
        V value;
        try {
            value = loader.apply(key);
        } catch (RuntimeException e) {
            ctx.metrics.record("load", "error", System.nanoTime() - start);
            releaseQuietly(target);
            long now = ctx.clock.millis();
            if (fallback != null && fallback.isServable(now, ctx.graceMs)) {
                if (!fallback.isFresh(now)) {
                    ctx.metrics.increment("stale_served");
                }
                LOG.debug("cache '{}': loader failed for a key, serving the last value", ctx.name(), e);
                return fallback.optional();
            }
            throw e;
        }
        long nanos = System.nanoTime() - start;
        ctx.metrics.record("load", value == null ? "not_found" : "found", nanos);
        Optional<V> result = Optional.ofNullable(value);
        if (value == null && ctx.negativeTtlMs == 0) {
            releaseQuietly(target);
            return result;
        }
        byte[] payload = null;
        if (value != null) {
            try {
                payload = ctx.entries.encode(key, value);
            } catch (RuntimeException e) {
                releaseQuietly(target);
                throw e;
            }
        }
        long now = ctx.clock.millis();
        long loadMs = TimeUnit.NANOSECONDS.toMillis(nanos);
        long logical = ctx.logicalTtl(value != null);
        StoredEntry entry = payload == null
                ? StoredEntry.notFound(now + logical, loadMs)
                : StoredEntry.value(now + logical, loadMs, payload);
        if (target != null && store(target, entry, logical)) {
            ctx.nearPut(key, new Cached<>(value != null, value, entry.expiresAt(), loadMs), now);
        }
        return result;
    }

    private boolean store(Target target, StoredEntry entry, long logical) {
        if (!ctx.backoff.closed()) {
            LOG.debug("cache '{}': Redis is in back-off; {} is not stored", ctx.name(), target.entryKey());
            return false;
        }
        try {
            RedisCommand store = STORE.call(
                    List.of(target.entryKey(), target.leaseKey()),
                    List.of(target.ownerToken(), entry.toBytes(), logical + ctx.graceMs));
            boolean stored = Replies.asLong(ctx.ops.execute(store)) == 1;
            if (!stored) {
                LOG.debug(
                        "cache '{}': {} was invalidated or re-leased during the load; not stored",
                        ctx.name(),
                        target.entryKey());
            }
            return stored;
        } catch (RedkitException e) {
            ctx.redisError(e);
            return false;
        }
    }

    private void releaseQuietly(@Nullable Target target) {
        if (target == null || !ctx.backoff.closed()) {
            return;
        }
        try {
            ctx.ops.execute(RELEASE.call(List.of(target.leaseKey()), List.of(target.ownerToken())));
        } catch (RedkitException e) {
            if (e instanceof RedisUnavailableException u) {
                ctx.backoff.failed(u);
            }
            LOG.debug("cache '{}': could not release {}: {}", ctx.name(), target.leaseKey(), e.toString());
        }
    }

    private boolean refreshEarly(Cached<V> c, long now) {
        double beta = ctx.settings.earlyRefreshBeta();
        if (beta == 0 || c.loadMillis <= 0) {
            return false;
        }
        double gap = c.loadMillis
                * beta
                * -Math.log(1.0 - ThreadLocalRandom.current().nextDouble());
        return now + gap >= c.expiresAt;
    }

    /** Where a load stores its result, and the owner token of its lease ({@code null} until drawn). */
    private record Target(
            String entryKey, String leaseKey, @Nullable String token) {
        /** @return this target with an owner token, drawn now if it has none */
        Target owned() {
            return token != null ? this : new Target(entryKey, leaseKey, SecretHasher.randomToken(LEASE_TOKEN_BYTES));
        }

        /**
         * @return the owner token of a target that takes, holds or frees the lease (the read's or one drawn by
         *     {@link #owned()})
         * @throws IllegalStateException when none was drawn: a lease call on a plain read's target is a bug
         */
        String ownerToken() {
            String t = token;
            if (t == null) {
                throw new IllegalStateException("no owner token was drawn for " + leaseKey);
            }
            return t;
        }
    }

    /** One read: its status (of {@code acquire.lua}, or {@link #UNASKED}) and the entry bytes it read. */
    private record Attempt(Target target, long status, byte @Nullable [] raw) {
        /** @return this read with an owner token in its target */
        Attempt owned() {
            return target.token() != null ? this : new Attempt(target.owned(), status, raw);
        }
    }
}
