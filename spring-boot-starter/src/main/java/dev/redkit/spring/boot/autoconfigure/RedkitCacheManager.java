package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.Codec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} whose caches are Redkit read-through caches, created on first use with the
 * settings under {@code redkit.cache.<name>.*} (or the defaults). See {@link RedkitSpringCache} for what
 * {@code @Cacheable} gets. Thread-safe.
 */
public final class RedkitCacheManager implements CacheManager {

    private final RedkitCaches caches;
    private final Codec<Object> codec;
    private final Map<String, Cache> byName = new ConcurrentHashMap<>();

    RedkitCacheManager(RedkitCaches caches, Codec<Object> codec) {
        this.caches = caches;
        this.codec = codec;
    }

    @Override
    public Cache getCache(String name) {
        return byName.computeIfAbsent(name, n -> new RedkitSpringCache(caches.build(n, codec)));
    }

    @Override
    public Collection<String> getCacheNames() {
        return List.copyOf(byName.keySet());
    }
}
