package dev.redkit.examples.components;

import dev.redkit.cache.ReadThroughCache;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Read-through caching: a slow "database" read is paid once, then served from Redis until invalidated. */
public final class CacheExample {

    /**
     * A merchant as the "database" returns it.
     *
     * @param slug the URL name
     * @param name the display name
     * @param cashbackBps cashback in basis points
     */
    public record Merchant(String slug, String name, int cashbackBps) {}

    private CacheExample() {}

    private static @Nullable Merchant slowDatabaseRead(String slug) {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return slug.equals("amazon") ? new Merchant("amazon", "Amazon", 250) : null;
    }

    /**
     * Runs the example.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (ExampleRedis redis = ExampleRedis.start();
                ReadThroughCache<Merchant> cache = ReadThroughCache.builder(
                                redis.connector(), "merchant", Merchant.class)
                        .ttl(Duration.ofMinutes(10))
                        .negativeTtl(Duration.ofMinutes(1))
                        .build()) {
            for (int i = 1; i <= 4; i++) { // read 2 still pays the JVM's first decode; 3 and 4 are warm hits
                long start = System.nanoTime();
                Optional<Merchant> m = cache.get("amazon", CacheExample::slowDatabaseRead);
                System.out.printf(
                        "read %d: %s in %.2f ms%n", i, m.orElseThrow().name(), (System.nanoTime() - start) / 1e6);
            }
            System.out.println(
                    "unknown slug (cached as not found): " + cache.get("nope", CacheExample::slowDatabaseRead));
            cache.invalidate("amazon");
            long start = System.nanoTime();
            cache.get("amazon", CacheExample::slowDatabaseRead);
            System.out.printf("after invalidate: %.2f ms (database again)%n", (System.nanoTime() - start) / 1e6);
        }
    }
}
