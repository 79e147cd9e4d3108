package dev.redkit.cache.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.spi.Replies;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain read of some entries under the current generation, with the generation itself unless it is
 * trusted: one {@code MGET} on a standalone or Sentinel server, one pipeline of one-key {@code MGET}s on
 * Cluster (one round trip per node); again when the generation changed. {@code MGET}, not {@code GET}: it
 * answers nil for a key that holds another type (a value another client wrote), where {@code GET} fails with
 * {@code WRONGTYPE}; such a key reads as a miss, and the lease script or the store replaces it. Used by
 * {@link BulkPath} and by {@link GetPath} while misses are rare. Thread-safe.
 */
final class PlainRead {

    private final CacheContext<?> ctx;
    private final boolean cluster;

    PlainRead(CacheContext<?> ctx, boolean cluster) {
        this.ctx = ctx;
        this.cluster = cluster;
    }

    /**
     * @param slots the slots of the keys to read, in order
     * @param now the caller's clock
     * @return the entry keys read (under the generation found current) and their bytes, in order
     */
    Lookup read(List<KeySpace.Slot> slots, long now) {
        boolean check = ctx.generation.needsCheck(now);
        long gen = ctx.generation.current();
        List<String> entryKeys = entryKeys(slots, gen);
        List<Object> replies = fetch(entryKeys, check);
        int offset = 0;
        if (check) {
            long actual = Generation.parse(replies.get(0));
            ctx.generation.note(actual, now);
            offset = 1;
            if (actual != gen) {
                entryKeys = entryKeys(slots, actual);
                replies = fetch(entryKeys, false);
                offset = 0;
            }
        }
        List<byte[]> raw = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            raw.add(Replies.asBytes(replies.get(offset + i)));
        }
        return new Lookup(entryKeys, raw);
    }

    private static List<String> entryKeys(List<KeySpace.Slot> slots, long gen) {
        List<String> keys = new ArrayList<>(slots.size());
        for (KeySpace.Slot slot : slots) {
            keys.add(slot.key("v" + gen));
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
    record Lookup(List<String> entryKeys, List<byte[]> raw) {}
}
