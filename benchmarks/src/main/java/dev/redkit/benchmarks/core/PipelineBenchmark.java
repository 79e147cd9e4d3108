package dev.redkit.benchmarks.core;

import dev.redkit.benchmarks.RedisBackend;
import dev.redkit.core.RedisCommand;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/**
 * The core seam's pipeline: two GETs in one pipeline through Redkit's {@code RedisOps.pipeline} beside
 * the same pipeline sent with raw Jedis, and one plain GET through each, so that the pipeline's own
 * overhead is visible.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBenchmark {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Per-thread keys, written once. */
    @State(Scope.Thread)
    public static class Keys {
        String a;
        String b;
        List<RedisCommand> twoGets;
        RedisCommand oneGet;

        /**
         * Writes this thread's two keys.
         *
         * @param backend the backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            int t = THREADS.incrementAndGet();
            a = backend.prefix() + ":pipe:a" + t;
            b = backend.prefix() + ":pipe:b" + t;
            backend.jedis().set(a, "value-a");
            backend.jedis().set(b, "value-b");
            twoGets = List.of(RedisCommand.of("GET", a), RedisCommand.of("GET", b));
            oneGet = RedisCommand.of("GET", a);
        }
    }

    /**
     * Redkit: two GETs in one pipeline.
     *
     * @param backend the backend
     * @param keys this thread's keys
     * @return the replies
     */
    @Benchmark
    public Object redkitPipeline2(RedisBackend backend, Keys keys) {
        return backend.connector().ops().pipeline(keys.twoGets);
    }

    /**
     * Raw Jedis: two GETs in one pipeline.
     *
     * @param backend the backend
     * @param keys this thread's keys
     * @return the second reply
     */
    @Benchmark
    public Object jedisPipeline2(RedisBackend backend, Keys keys) {
        try (AbstractPipeline p = backend.jedis().pipelined()) {
            Response<String> ra = p.get(keys.a);
            Response<String> rb = p.get(keys.b);
            p.sync();
            return ra.get() + rb.get();
        }
    }

    /**
     * Redkit: one GET.
     *
     * @param backend the backend
     * @param keys this thread's keys
     * @return the reply
     */
    @Benchmark
    public @Nullable Object redkitGet(RedisBackend backend, Keys keys) {
        return backend.connector().ops().execute(keys.oneGet);
    }

    /**
     * Raw Jedis: one GET.
     *
     * @param backend the backend
     * @param keys this thread's keys
     * @return the reply
     */
    @Benchmark
    public Object jedisGet(RedisBackend backend, Keys keys) {
        return backend.jedis().get(keys.a);
    }
}
