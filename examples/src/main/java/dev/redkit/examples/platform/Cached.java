package dev.redkit.examples.platform;

import dev.redkit.cache.ReadThroughCache;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A read through a {@link ReadThroughCache} that tells the client whether it was a hit: the value, the
 * headers {@code X-Cache: HIT|MISS} and {@code X-Cache-Time-Ms}, and an entry in {@link CacheStats}.
 * "Hit" means this request did not run the database loader (a request that waited for another one's
 * load also counts as a hit).
 *
 * @param value the value, or null if the loader found nothing
 * @param hit whether the value came from Redis
 * @param millis how long the read took
 */
record Cached<V>(@Nullable V value, boolean hit, double millis) {

    static <V> Cached<V> read(
            Context ctx, CacheStats stats, ReadThroughCache<V> cache, String key, Supplier<V> loader) {
        boolean[] loaded = {false};
        long start = System.nanoTime();
        V value = cache.get(key, k -> {
                    loaded[0] = true;
                    return loader.get();
                })
                .orElse(null);
        long nanos = System.nanoTime() - start;
        stats.record(!loaded[0], nanos);
        Cached<V> result = new Cached<>(value, !loaded[0], CacheStats.round(nanos / 1e6));
        ctx.header("X-Cache", result.hit ? "HIT" : "MISS");
        ctx.header("X-Cache-Time-Ms", String.format(Locale.ROOT, "%.3f", result.millis));
        return result;
    }

    String label() {
        return hit ? "hit" : "miss";
    }
}
