/**
 * Redkit cache: {@link dev.redkit.cache.ReadThroughCache}, a typed read-through cache on Redis with
 * stampede protection across instances, early refresh, negative caching, stale-if-error and an optional
 * near cache. Only {@code dev.redkit.cache} is exported.
 */
module dev.redkit.cache {
    requires transitive dev.redkit.core;
    requires org.slf4j;

    exports dev.redkit.cache;

    opens dev.redkit.cache.internal to
            dev.redkit.core;
}
