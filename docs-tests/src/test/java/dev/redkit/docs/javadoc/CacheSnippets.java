package dev.redkit.docs.javadoc;

import dev.redkit.cache.ReadThroughCache;
import dev.redkit.core.RedisConnector;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The Javadoc examples of the Cache module, compiled; see {@code JavadocExamples}. */
class CacheSnippets {

    // cache/src/main/java/dev/redkit/cache/ReadThroughCache.java
    void readThroughCache(RedisConnector connector, Database db, Collection<String> slugs) {
        // region readThroughCache
        ReadThroughCache<Merchant> merchants = ReadThroughCache.builder(connector, "merchant", Merchant.class)
                .ttl(Duration.ofHours(1))
                .ttlJitter(0.1)
                .negativeTtl(Duration.ofMinutes(1))
                .build();
        Optional<Merchant> m = merchants.get("amazon", slug -> db.findMerchant(slug));
        Map<String, Merchant> many = merchants.getAll(slugs, db::findMerchants);
        merchants.invalidate("amazon");
        // endregion
    }

    /** A cached value. */
    record Merchant(String slug, String name) {}

    /** The system of record. */
    interface Database {
        Merchant findMerchant(String slug);

        Map<String, Merchant> findMerchants(Set<String> slugs);
    }
}
