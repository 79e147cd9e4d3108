package dev.redkit.cache.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A decoded cache entry, or the marker for stored bytes that could not be decoded.
 *
 * @param <V> the value type
 */
final class Cached<V> {

    private static final Cached<?> BAD = new Cached<>(false, null, Long.MIN_VALUE, 0, true);

    final boolean found;
    final @Nullable V value;
    final long expiresAt;
    final long loadMillis;
    final boolean bad;

    Cached(boolean found, @Nullable V value, long expiresAt, long loadMillis) {
        this(found, value, expiresAt, loadMillis, false);
    }

    private Cached(boolean found, @Nullable V value, long expiresAt, long loadMillis, boolean bad) {
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
        V v = value;
        return found && v != null ? Optional.of(v) : Optional.empty();
    }
}
