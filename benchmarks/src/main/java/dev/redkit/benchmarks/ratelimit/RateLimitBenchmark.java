package dev.redkit.benchmarks.ratelimit;

import dev.redkit.benchmarks.RedisBackend;
import dev.redkit.ratelimit.Limit;
import dev.redkit.ratelimit.RateLimiter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;

/**
 * One {@code tryAcquire} of one permit, allowed (the limit, 100,000 per second, is far above what one
 * caller reaches here), for each Redkit algorithm ({@code algorithm} parameter) beside:
 * <ul>
 *   <li>{@code jedisTryAcquire}: the floor, one raw Jedis {@code EVALSHA} of a hand-written fixed window on
 *       the caller's key ({@code INCR}, and {@code PEXPIRE} of the 1 s window when the counter is new; no
 *       limit check, no retry-after, client clock only);</li>
 *   <li>{@code redissonTryAcquire}: Redisson {@code RRateLimiter.tryAcquire()} with the same rate;</li>
 *   <li>{@code bucket4jTryAcquire}: Bucket4j's Jedis CAS proxy {@code tryConsume(1)}, capacity 100,000
 *       refilled greedily per second.</li>
 * </ul>
 * Each thread is its own caller (its own key), so threads do the same work without contending on one
 * key. The comparators do not depend on {@code algorithm}; they are repeated per value so that every
 * row of the report has its floor and its peers.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RateLimitBenchmark {

    private static final long RATE = 100_000;
    private static final AtomicInteger CALLERS = new AtomicInteger();
    private static final String FIXED_WINDOW = "local n = redis.call('INCR', KEYS[1]) "
            + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";

    /** The limiters shared by all threads. */
    @State(Scope.Benchmark)
    public static class Limiters {
        /** The Redkit algorithm under test. */
        @Param({"fixedWindow", "slidingWindow", "slidingLog", "gcra"})
        public String algorithm;

        RateLimiter redkit;
        ProxyManager<byte[]> bucket4j;
        BucketConfiguration bucketConfiguration;
        String floorSha;

        /**
         * Builds the limiters and loads the floor script.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            Limit limit = Limit.perSecond(RATE);
            switch (algorithm) {
                case "fixedWindow":
                    redkit = RateLimiter.builder(backend.connector(), "bench").fixedWindow(limit);
                    break;
                case "slidingWindow":
                    redkit = RateLimiter.builder(backend.connector(), "bench").slidingWindow(limit);
                    break;
                case "slidingLog":
                    redkit = RateLimiter.builder(backend.connector(), "bench").slidingLog(limit);
                    break;
                case "gcra":
                    redkit = RateLimiter.builder(backend.connector(), "bench").gcra(limit);
                    break;
                default:
                    throw new IllegalArgumentException("unknown algorithm " + algorithm);
            }
            bucket4j = Bucket4jJedis.casBasedBuilder(backend.jedis()).build();
            bucketConfiguration = BucketConfiguration.builder()
                    .addLimit(l -> l.capacity(RATE).refillGreedy(RATE, Duration.ofSeconds(1)))
                    .build();
            floorSha = backend.jedis().scriptLoad(FIXED_WINDOW);
        }
    }

    /** One caller per thread. */
    @State(Scope.Thread)
    public static class Caller {
        String key;
        List<String> floorKeys;
        List<String> floorArgs = List.of("1000");
        RRateLimiter redisson;
        BucketProxy bucket;

        /**
         * Creates this thread's caller for every client.
         *
         * @param backend the shared backend
         * @param limiters the shared limiters
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend, Limiters limiters) {
            int n = CALLERS.incrementAndGet();
            key = "ip:198.51.100." + n;
            floorKeys = List.of(backend.prefix() + ":floor:" + n);
            redisson =
                    backend.redisson().getRateLimiter(backend.prefix() + ":redisson:" + limiters.algorithm + ":" + n);
            redisson.trySetRate(RateType.OVERALL, RATE, Duration.ofSeconds(1));
            bucket = limiters.bucket4j
                    .builder()
                    .build(
                            (backend.prefix() + ":bucket4j:" + limiters.algorithm + ":" + n)
                                    .getBytes(StandardCharsets.UTF_8),
                            () -> limiters.bucketConfiguration);
        }
    }

    /**
     * Redkit: {@code RateLimiter.tryAcquire(key)} with the chosen algorithm.
     *
     * @param limiters the limiters
     * @param caller this thread's caller
     * @return whether allowed
     */
    @Benchmark
    public boolean redkitTryAcquire(Limiters limiters, Caller caller) {
        return limiters.redkit.tryAcquire(caller.key).allowed();
    }

    /**
     * The floor: one raw Jedis {@code EVALSHA} of {@code INCR} + {@code PEXPIRE} when new.
     *
     * @param backend the backend
     * @param limiters the limiters
     * @param caller this thread's caller
     * @return the reply
     */
    @Benchmark
    public Object jedisTryAcquire(RedisBackend backend, Limiters limiters, Caller caller) {
        return backend.jedis().evalsha(limiters.floorSha, caller.floorKeys, caller.floorArgs);
    }

    /**
     * Redisson {@code RRateLimiter.tryAcquire()}.
     *
     * @param caller this thread's caller
     * @return whether allowed
     */
    @Benchmark
    public boolean redissonTryAcquire(Caller caller) {
        return caller.redisson.tryAcquire();
    }

    /**
     * Bucket4j Jedis proxy {@code tryConsume(1)}.
     *
     * @param caller this thread's caller
     * @return whether allowed
     */
    @Benchmark
    public boolean bucket4jTryAcquire(Caller caller) {
        return caller.bucket.tryConsume(1);
    }
}
