package dev.redkit.cache.internal;

import dev.redkit.core.Codec;
import dev.redkit.core.CodecException;
import dev.redkit.core.spi.RedkitMetrics;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns stored bytes into {@link Cached} entries and loaded values into bytes, and reports entries it cannot
 * read: an undecodable value is logged at WARN once per cache, a key holding another Redis type once per key
 * (up to a bound), later ones at DEBUG. Thread-safe.
 *
 * @param <V> the value type
 */
final class EntryCodec<V> {

    private static final Logger LOG = LoggerFactory.getLogger(RedisReadThroughCache.class);
    /** Entry keys remembered as already warned about for a wrong type; later ones are logged at DEBUG. */
    private static final int MAX_WRONG_TYPE_WARNINGS = 1_000;

    private final Codec<V> codec;
    private final String name;
    private final int maxValueBytes;
    private final RedkitMetrics metrics;
    private final AtomicBoolean decodeWarned = new AtomicBoolean();
    private final Set<String> wrongTypeWarned = ConcurrentHashMap.newKeySet();

    EntryCodec(Codec<V> codec, CacheSettings settings, RedkitMetrics metrics) {
        this.codec = codec;
        this.name = settings.name();
        this.maxValueBytes = settings.maxValueBytes();
        this.metrics = metrics;
    }

    /**
     * @param entryKey the entry key, for messages and the codec
     * @param raw the stored bytes, or {@code null}
     * @return the entry, {@link Cached#bad()} when the bytes cannot be read, {@code null} when absent
     */
    @Nullable
    Cached<V> decode(String entryKey, byte @Nullable [] raw) {
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
            String reason = e.getMessage();
            decodeFailed(entryKey, reason == null ? e.toString() : reason);
            return Cached.bad();
        }
    }

    /**
     * @return the value's bytes
     * @throws IllegalArgumentException if they are more than {@code maxValueBytes}
     */
    byte[] encode(String key, V value) {
        byte[] bytes = codec.encode(value);
        if (bytes.length > maxValueBytes) {
            throw new IllegalArgumentException("cache '" + name + "': the value loaded for key '" + abbreviate(key)
                    + "' encodes to " + bytes.length + " bytes, more than maxValueBytes (" + maxValueBytes
                    + "); it was not cached");
        }
        return bytes;
    }

    /** The entry key holds another Redis type: counted, and logged at WARN once per key (up to a bound). */
    void wrongType(String entryKey) {
        metrics.increment("wrong_type_entries");
        if (wrongTypeWarned.size() < MAX_WRONG_TYPE_WARNINGS && wrongTypeWarned.add(entryKey)) {
            LOG.warn(
                    "cache '{}': {} holds a value of another Redis type than a cache entry (written by another"
                            + " client?); treating it as a miss, loading under the lease and replacing it",
                    name,
                    entryKey);
        } else {
            LOG.debug("cache '{}': {} holds a value of another Redis type; replacing it", name, entryKey);
        }
    }

    /** @return the codec's type name */
    String typeName() {
        return codec.typeName();
    }

    private void decodeFailed(String entryKey, String reason) {
        metrics.increment("decode_failures");
        if (decodeWarned.compareAndSet(false, true)) {
            LOG.warn(
                    "cache '{}': the value stored at {} cannot be read as {} ({}); treating it as a miss and"
                            + " reloading. Further decode failures of this cache are logged at DEBUG",
                    name,
                    entryKey,
                    codec.typeName(),
                    reason);
        } else {
            LOG.debug("cache '{}': cannot decode {} ({})", name, entryKey, reason);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
