package dev.redkit.benchmarks.lock;

import dev.redkit.benchmarks.RedisBackend;
import dev.redkit.lock.Lease;
import dev.redkit.lock.RedisLock;
import dev.redkit.lock.ReleaseOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.api.RFencedLock;
import org.redisson.api.RLock;
import redis.clients.jedis.params.SetParams;

/**
 * Uncontended acquire + release pairs (each thread has its own lock name, lease 30 s):
 * <ul>
 *   <li>{@code redkit}: {@code RedisLock.acquire} + {@code Lease.release} (one {@code EVALSHA} each: the
 *       acquire script issues a fencing token; release compares, deletes and publishes);</li>
 *   <li>{@code redkitWatchdog}: the same with the watchdog on (schedules and cancels a renewal task);</li>
 *   <li>{@code jedisFloor}: the raw minimum, {@code SET NX PX} with a random-enough token and one
 *       {@code EVALSHA} of a compare-and-delete script (no fencing token, no notification);</li>
 *   <li>{@code redissonLock}: Redisson {@code RLock.lock()} / {@code unlock()} (watchdog on, as by default);</li>
 *   <li>{@code redissonFencedLock}: Redisson {@code RFencedLock.lockAndGetToken()} / {@code unlock()}.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LockBenchmark {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final String COMPARE_AND_DEL =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then " + "return redis.call('DEL', KEYS[1]) end return 0";
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** The lock instances shared by all threads. */
    @State(Scope.Benchmark)
    public static class Locks {
        RedisLock plain;
        RedisLock watchdog;
        String compareAndDelSha;

        /**
         * Builds the Redkit instances and loads the raw script.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            plain = RedisLock.builder(backend.connector(), "bench")
                    .leaseTime(Duration.ofSeconds(30))
                    .build();
            watchdog = RedisLock.builder(backend.connector(), "bench-wd")
                    .leaseTime(Duration.ofSeconds(30))
                    .watchdog(true)
                    .build();
            compareAndDelSha = backend.jedis().scriptLoad(COMPARE_AND_DEL);
        }

        /** Stops the instances' threads. */
        @TearDown(Level.Trial)
        public void tearDown() {
            plain.close();
            watchdog.close();
        }
    }

    /** One thread's lock name and pre-built raw key. */
    @State(Scope.Thread)
    public static class ThreadState {
        String name;
        String rawKey;
        RLock redissonLock;
        RFencedLock redissonFenced;
        long counter;

        /**
         * Picks this thread's names.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            int thread = THREADS.incrementAndGet();
            name = "job-" + thread;
            rawKey = backend.prefix() + ":raw-lock:{job-" + thread + "}";
            redissonLock = backend.redisson().getLock(backend.prefix() + ":redisson-lock:" + thread);
            redissonFenced = backend.redisson().getFencedLock(backend.prefix() + ":redisson-fenced:" + thread);
        }
    }

    /**
     * Redkit: acquire (fencing token) and release.
     *
     * @param locks the lock instances
     * @param state this thread's state
     * @return the fencing token
     * @throws InterruptedException never in practice
     */
    @Benchmark
    public long redkitAcquireRelease(Locks locks, ThreadState state) throws InterruptedException {
        Lease lease = locks.plain.acquire(state.name, WAIT);
        if (lease.release() != ReleaseOutcome.RELEASED) {
            throw new IllegalStateException("lease lost");
        }
        return lease.fencingToken();
    }

    /**
     * Redkit with the watchdog on.
     *
     * @param locks the lock instances
     * @param state this thread's state
     * @return the fencing token
     * @throws InterruptedException never in practice
     */
    @Benchmark
    public long redkitWatchdogAcquireRelease(Locks locks, ThreadState state) throws InterruptedException {
        Lease lease = locks.watchdog.acquire(state.name, WAIT);
        lease.release();
        return lease.fencingToken();
    }

    /**
     * Raw Jedis floor: {@code SET NX PX} and one {@code EVALSHA} compare-and-delete.
     *
     * @param locks the lock instances (for the script digest)
     * @param state this thread's state
     * @param backend the shared backend
     * @return the script's reply
     */
    @Benchmark
    public Object jedisAcquireRelease(Locks locks, ThreadState state, RedisBackend backend) {
        String token = Long.toString(state.counter++, 36);
        String ok = backend.jedis()
                .set(state.rawKey, token, SetParams.setParams().nx().px(30_000));
        if (ok == null) {
            throw new IllegalStateException("raw lock taken");
        }
        return backend.jedis().evalsha(locks.compareAndDelSha, List.of(state.rawKey), List.of(token));
    }

    /**
     * Redisson {@code RLock.lock()} and {@code unlock()}.
     *
     * @param state this thread's state
     * @return whether the lock was held before unlock
     */
    @Benchmark
    public boolean redissonAcquireRelease(ThreadState state) {
        state.redissonLock.lock();
        state.redissonLock.unlock();
        return true;
    }

    /**
     * Redisson {@code RFencedLock.lockAndGetToken()} and {@code unlock()}.
     *
     * @param state this thread's state
     * @return the fencing token
     */
    @Benchmark
    public Long redissonFencedAcquireRelease(ThreadState state) {
        Long token = state.redissonFenced.lockAndGetToken();
        state.redissonFenced.unlock();
        return token;
    }
}
