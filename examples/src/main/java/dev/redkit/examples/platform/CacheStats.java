package dev.redkit.examples.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latency of cached reads as the app sees them, split into hits (served from Redis) and misses (the
 * loader ran against the database). Complements the cache's own Micrometer meters on {@code /admin/cache}.
 */
public final class CacheStats {

    private final LongAdder hits = new LongAdder();
    private final LongAdder hitNanos = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder missNanos = new LongAdder();

    /**
     * @param hit whether the value came from the cache
     * @param nanos how long the read took
     */
    public void record(boolean hit, long nanos) {
        (hit ? hits : misses).increment();
        (hit ? hitNanos : missNanos).add(nanos);
    }

    /** @return counts, ratio and mean latencies in milliseconds */
    public Map<String, Object> toMap() {
        long h = hits.sum();
        long m = misses.sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hits", h);
        out.put("misses", m);
        out.put("hitRatio", h + m == 0 ? 0.0 : round((double) h / (h + m)));
        out.put("meanHitMs", h == 0 ? 0.0 : round(hitNanos.sum() / 1e6 / h));
        out.put("meanMissMs", m == 0 ? 0.0 : round(missNanos.sum() / 1e6 / m));
        return out;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
