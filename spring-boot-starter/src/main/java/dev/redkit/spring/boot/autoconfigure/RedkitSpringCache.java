package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.cache.ReadThroughCache;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link Cache} over a {@link ReadThroughCache}. {@code @Cacheable(sync = true)} goes through
 * {@link #get(Object, Callable)}, which is Redkit's read-through path: one load per key across all instances,
 * early refresh, TTL jitter and stale-if-error. Plain {@code @Cacheable} looks up and stores separately, as
 * Spring's contract requires, so it gets the TTLs but not the single flight. A method returning {@code null}
 * is cached as "not found" for {@code negative-ttl}. Keys are the cache key's {@code toString()}.
 */
final class RedkitSpringCache implements Cache {

    /** Thrown by the lookup loader: the key is missing; nothing is stored. */
    private static final class Miss extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Miss INSTANCE = new Miss();

        private Miss() {
            super(null, null, false, false);
        }
    }

    private final ReadThroughCache<Object> cache;

    RedkitSpringCache(ReadThroughCache<Object> cache) {
        this.cache = cache;
    }

    @Override
    public String getName() {
        return cache.name();
    }

    @Override
    public Object getNativeCache() {
        return cache;
    }

    @Override
    public @Nullable ValueWrapper get(Object key) {
        String k = key(key);
        Map<String, Object> found;
        try {
            found = cache.getAll(List.of(k), missed -> {
                throw Miss.INSTANCE;
            });
        } catch (Miss miss) {
            return null;
        }
        return new SimpleValueWrapper(found.get(k));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
        ValueWrapper w = get(key);
        Object value = w == null ? null : w.get();
        if (value != null && type != null && !type.isInstance(value)) {
            throw new IllegalStateException("cached value for key " + key + " is a "
                    + value.getClass().getName() + ", not a " + type.getName());
        }
        return (T) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
        Optional<Object> value = cache.get(key(key), k -> {
            try {
                return valueLoader.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ValueRetrievalException(key, valueLoader, e);
            }
        });
        return (T) value.orElse(null);
    }

    @Override
    public void put(Object key, @Nullable Object value) {
        String k = key(key);
        cache.invalidate(k);
        cache.getAll(List.of(k), missed -> value == null ? Map.of() : Map.of(k, value));
    }

    @Override
    public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
        String k = key(key);
        AtomicBoolean stored = new AtomicBoolean();
        Map<String, Object> found = cache.getAll(List.of(k), missed -> {
            stored.set(true);
            return value == null ? Map.of() : Map.of(k, value);
        });
        return stored.get() ? null : new SimpleValueWrapper(found.get(k));
    }

    @Override
    public void evict(Object key) {
        cache.invalidate(key(key));
    }

    @Override
    public void clear() {
        cache.invalidateAll();
    }

    private static String key(Object key) {
        if (key == null) {
            throw new IllegalArgumentException("cache key must not be null");
        }
        return key.toString();
    }
}
