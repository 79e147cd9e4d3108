package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.cache.ReadThroughCache;
import dev.redkit.cache.ReadThroughCacheBuilder;
import dev.redkit.core.Codec;
import dev.redkit.core.RedisConnector;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.beans.factory.DisposableBean;

/**
 * The application's read-through caches, one instance per name, configured under
 * {@code redkit.cache.<name>.*}; values are JSON through the application's Jackson {@code JsonMapper}.
 * <!-- snippet: SpringSnippets#redkitCaches -->
 * <pre>{@code
 * ReadThroughCache<Merchant> merchants = caches.cache("merchant", Merchant.class);
 * Optional<Merchant> m = merchants.get(slug, db::findMerchant);
 * }</pre>
 * Thread-safe; closes its caches with the application context.
 */
public final class RedkitCaches implements DisposableBean {

    private record Entry(Class<?> type, ReadThroughCache<?> cache) {}

    private final RedisConnector connector;
    private final Map<String, RedkitProperties.Cache> settings;
    private final Function<Class<?>, Codec<?>> codecs;
    private final Map<String, Entry> caches = new ConcurrentHashMap<>();

    RedkitCaches(
            RedisConnector connector,
            Map<String, RedkitProperties.Cache> settings,
            Function<Class<?>, Codec<?>> codecs) {
        this.connector = connector;
        this.settings = settings;
        this.codecs = codecs;
    }

    /**
     * The cache of a name, built on first use.
     *
     * @param name the cache name, an identifier
     * @param type the value class; every call for one name must pass the same class
     * @param <V> the value type
     * @return the cache, the same instance for every call with this name
     * @throws IllegalArgumentException if the name is not an identifier, or the cache was first asked for with
     *     another type
     */
    @SuppressWarnings("unchecked")
    public <V> ReadThroughCache<V> cache(String name, Class<V> type) {
        Entry e = caches.computeIfAbsent(name, n -> new Entry(type, build(n, (Codec<V>) codecs.apply(type))));
        if (!e.type().equals(type)) {
            throw new IllegalArgumentException(
                    "cache '" + name + "' holds " + e.type().getName() + ", not " + type.getName());
        }
        return (ReadThroughCache<V>) e.cache();
    }

    <V> ReadThroughCache<V> build(String name, Codec<V> codec) {
        ReadThroughCacheBuilder<V> b = ReadThroughCache.builder(connector, name, codec);
        RedkitProperties.Cache p = settings.get(name);
        if (p == null) {
            return b.build();
        }
        String property = "redkit.cache." + name;
        try {
            if (p.getTtl() != null) {
                b.ttl(p.getTtl());
            }
            if (p.getTtlJitter() != null) {
                b.ttlJitter(p.getTtlJitter());
            }
            if (p.getNegativeTtl() != null) {
                b.negativeTtl(p.getNegativeTtl());
            }
            if (p.getStaleIfError() != null) {
                b.staleIfError(p.getStaleIfError());
            }
            if (p.getLeaseTtl() != null) {
                b.leaseTtl(p.getLeaseTtl());
            }
            if (p.getLeaseWait() != null) {
                b.leaseWait(p.getLeaseWait());
            }
            if (p.getEarlyRefreshBeta() != null) {
                b.earlyRefreshBeta(p.getEarlyRefreshBeta());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + ": " + e.getMessage(), e);
        }
        return b.build();
    }

    @Override
    public void destroy() {
        caches.values().forEach(e -> e.cache().close());
    }
}
