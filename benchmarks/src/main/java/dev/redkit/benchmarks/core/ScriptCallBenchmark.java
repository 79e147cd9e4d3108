package dev.redkit.benchmarks.core;

import dev.redkit.benchmarks.RedisBackend;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisOps;
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

/**
 * The core seam: one script call through Redkit's {@link RedisOps} (EVALSHA, NOSCRIPT fallback, reply
 * conversion, error translation) beside the same EVALSHA sent with raw Jedis. Each thread uses its own
 * counter key, so threads do the same work without contending on one key.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScriptCallBenchmark {

    static final LuaScript INCR = LuaScript.fromResource(ScriptCallBenchmark.class, "incr.lua");
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Per-thread key, ready for both clients. */
    @State(Scope.Thread)
    public static class ThreadKey {
        List<String> keys;
        List<Object> noArgs = List.of();
        List<String> noStringArgs = List.of();

        /**
         * Creates this thread's key and loads the script for the raw client.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            keys = List.of(backend.connector().keySpace("bench", "script").key("n", "t" + THREADS.incrementAndGet()));
            backend.jedis().scriptLoad(INCR.source());
        }
    }

    /**
     * Redkit: {@code ops.execute(script.call(keys, args))}.
     *
     * @param backend the backend
     * @param key this thread's key
     * @return the reply
     */
    @Benchmark
    public @Nullable Object redkitScriptCall(RedisBackend backend, ThreadKey key) {
        return backend.connector().ops().execute(INCR.call(key.keys, key.noArgs));
    }

    /**
     * The floor: raw Jedis {@code EVALSHA}.
     *
     * @param backend the backend
     * @param key this thread's key
     * @return the reply
     */
    @Benchmark
    public Object jedisScriptCall(RedisBackend backend, ThreadKey key) {
        return backend.jedis().evalsha(INCR.sha1(), key.keys, key.noStringArgs);
    }
}
