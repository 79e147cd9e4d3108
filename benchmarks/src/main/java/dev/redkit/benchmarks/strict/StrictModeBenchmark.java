package dev.redkit.benchmarks.strict;

import dev.redkit.benchmarks.ReplicatedBackend;
import dev.redkit.core.ReplicaAck;
import dev.redkit.lock.Lease;
import dev.redkit.lock.RedisLock;
import dev.redkit.lock.ReleaseOutcome;
import dev.redkit.otp.OtpIssue;
import dev.redkit.otp.OtpResult;
import dev.redkit.otp.OtpService;
import dev.redkit.otp.OtpServiceBuilder;
import dev.redkit.queue.Delivery;
import dev.redkit.queue.ReliableQueue;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.api.RLock;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * The cost of strict mode ({@code replicaAck(ReplicaAck.of(1, 100 ms))}): the same operation with and without
 * a {@code WAIT 1} in its round trip, on a primary with one replica on loopback ({@link ReplicatedBackend}).
 * <ul>
 *   <li>{@code plainLock} / {@code strictLock}: uncontended acquire + release. Floor: raw Jedis {@code SET NX PX}
 *       (pipelined with {@code WAIT 1 100} for strict) and a compare-and-delete {@code EVALSHA}. Redisson:
 *       {@code RLock.lock()}/{@code unlock()} in master/replica mode, where it checks synced replicas
 *       ({@code checkLockSyncedSlaves}, on by default).</li>
 *   <li>{@code plainOtp} / {@code strictOtp}: {@code issue} + a right {@code verify} (strict mode waits on the
 *       verify only).</li>
 *   <li>{@code plainJob} / {@code strictJob}: {@code enqueue} + {@code poll} + {@code ack} of one small job on
 *       a queue of its own per thread (strict mode waits on the enqueue and the ack, not the claim).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StrictModeBenchmark {

    static final ReplicaAck ACK = ReplicaAck.of(1, Duration.ofMillis(100));
    private static final int DESTINATIONS = 4096;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final String COMPARE_AND_DEL =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then " + "return redis.call('DEL', KEYS[1]) end return 0";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final byte[] SECRET = "benchmark-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Plain and strict instances, shared by all threads. */
    @State(Scope.Benchmark)
    public static class Components {
        RedisLock plainLock;
        RedisLock strictLock;
        OtpService plainOtp;
        OtpService strictOtp;
        String compareAndDelSha;

        /**
         * Builds the instances.
         *
         * @param backend the replicated backend
         */
        @Setup(Level.Trial)
        public void setUp(ReplicatedBackend backend) {
            plainLock = RedisLock.builder(backend.connector(), "plain").build();
            strictLock = RedisLock.builder(backend.connector(), "strict")
                    .replicaAck(ACK)
                    .build();
            plainOtp = otp(backend, "plain").build();
            strictOtp = otp(backend, "strict").replicaAck(ACK).build();
            compareAndDelSha = backend.jedis().scriptLoad(COMPARE_AND_DEL);
        }

        private static OtpServiceBuilder otp(ReplicatedBackend backend, String name) {
            return OtpService.builder(backend.connector(), name, SECRET)
                    .resendCooldown(Duration.ZERO)
                    .maxSends(10_000, Duration.ofSeconds(1));
        }

        /** Stops the lock instances' threads. */
        @TearDown(Level.Trial)
        public void tearDown() {
            plainLock.close();
            strictLock.close();
        }
    }

    /** A small job. */
    public record Job(String to, int n) {}

    /** One thread's lock name, raw key, Redisson lock and OTP destinations. */
    @State(Scope.Thread)
    public static class ThreadState {
        String name;
        String rawKey;
        RLock redissonLock;
        ReliableQueue<Job> plainQueue;
        ReliableQueue<Job> strictQueue;
        String[] destinations = new String[DESTINATIONS];
        int next;
        long counter;

        /**
         * Picks this thread's names.
         *
         * @param backend the replicated backend
         */
        @Setup(Level.Trial)
        public void setUp(ReplicatedBackend backend) {
            int thread = THREADS.incrementAndGet();
            name = "job-" + thread;
            rawKey = backend.prefix() + ":raw-lock:{job-" + thread + "}";
            redissonLock = backend.redisson().getLock(backend.prefix() + ":redisson-lock:" + thread);
            for (int i = 0; i < DESTINATIONS; i++) {
                destinations[i] = String.format("49%02d%07d", thread % 100, i);
            }
            plainQueue = ReliableQueue.builder(backend.connector(), "plain-" + thread, Job.class)
                    .build();
            strictQueue = ReliableQueue.builder(backend.connector(), "strict-" + thread, Job.class)
                    .replicaAck(ACK)
                    .build();
        }

        String nextDestination() {
            next = (next + 1) % DESTINATIONS;
            return destinations[next];
        }
    }

    private static long acquireRelease(RedisLock locks, ThreadState state) throws InterruptedException {
        Lease lease = locks.acquire(state.name, WAIT);
        if (lease.release() != ReleaseOutcome.RELEASED) {
            throw new IllegalStateException("lease lost");
        }
        return lease.fencingToken();
    }

    private static Object jedisLock(ReplicatedBackend backend, Components c, ThreadState state, boolean strict) {
        String token = Long.toString(state.counter++, 36);
        try (AbstractPipeline p = backend.jedis().pipelined()) {
            Response<String> ok =
                    p.set(state.rawKey, token, SetParams.setParams().nx().px(30_000));
            Response<Long> acked =
                    strict ? p.waitReplicas(state.rawKey, 1, ACK.timeout().toMillis()) : null;
            p.sync();
            if (ok.get() == null || (acked != null && acked.get() < 1)) {
                throw new IllegalStateException("raw lock not taken or not confirmed");
            }
        }
        return backend.jedis().evalsha(c.compareAndDelSha, List.of(state.rawKey), List.of(token));
    }

    private static OtpResult issueVerify(OtpService otp, ThreadState state) {
        String destination = state.nextDestination();
        String code = ((OtpIssue.Issued) otp.issue("login", destination)).code();
        OtpResult result = otp.verify("login", destination, code);
        if (result.status() != OtpResult.Status.VERIFIED) {
            throw new IllegalStateException("not verified: " + result);
        }
        return result;
    }

    private static boolean enqueuePollAck(ReliableQueue<Job> queue, ThreadState state) {
        queue.enqueue(new Job("a@example.com", (int) state.counter++));
        Delivery<Job> delivery = queue.poll().orElseThrow(() -> new IllegalStateException("no job"));
        return delivery.ack();
    }

    /**
     * Redkit lock, plain.
     *
     * @param c the components
     * @param state this thread's state
     * @return the fencing token
     * @throws InterruptedException never in practice
     */
    @Benchmark
    public long redkitPlainLock(Components c, ThreadState state) throws InterruptedException {
        return acquireRelease(c.plainLock, state);
    }

    /**
     * Redkit lock, strict: the acquire waits for one replica.
     *
     * @param c the components
     * @param state this thread's state
     * @return the fencing token
     * @throws InterruptedException never in practice
     */
    @Benchmark
    public long redkitStrictLock(Components c, ThreadState state) throws InterruptedException {
        return acquireRelease(c.strictLock, state);
    }

    /**
     * Raw floor, plain: {@code SET NX PX}, then compare-and-delete.
     *
     * @param backend the backend
     * @param c the components
     * @param state this thread's state
     * @return the script's reply
     */
    @Benchmark
    public Object jedisPlainLock(ReplicatedBackend backend, Components c, ThreadState state) {
        return jedisLock(backend, c, state, false);
    }

    /**
     * Raw floor, strict: {@code SET NX PX} and {@code WAIT 1 100} pipelined, then compare-and-delete.
     *
     * @param backend the backend
     * @param c the components
     * @param state this thread's state
     * @return the script's reply
     */
    @Benchmark
    public Object jedisStrictLock(ReplicatedBackend backend, Components c, ThreadState state) {
        return jedisLock(backend, c, state, true);
    }

    /**
     * Redisson {@code RLock} in master/replica mode (it checks that replicas synced the lock).
     *
     * @param state this thread's state
     * @return true
     */
    @Benchmark
    public boolean redissonStrictLock(ThreadState state) {
        state.redissonLock.lock();
        state.redissonLock.unlock();
        return true;
    }

    /**
     * Redkit OTP issue + verify, plain.
     *
     * @param c the components
     * @param state this thread's state
     * @return the result
     */
    @Benchmark
    public OtpResult redkitPlainOtp(Components c, ThreadState state) {
        return issueVerify(c.plainOtp, state);
    }

    /**
     * Redkit OTP issue + verify, strict (the verify waits for one replica).
     *
     * @param c the components
     * @param state this thread's state
     * @return the result
     */
    @Benchmark
    public OtpResult redkitStrictOtp(Components c, ThreadState state) {
        return issueVerify(c.strictOtp, state);
    }

    /**
     * Redkit queue enqueue + poll + ack, plain.
     *
     * @param state this thread's state
     * @return whether the ack found the job
     */
    @Benchmark
    public boolean redkitPlainJob(ThreadState state) {
        return enqueuePollAck(state.plainQueue, state);
    }

    /**
     * Redkit queue enqueue + poll + ack, strict (enqueue and ack wait for one replica).
     *
     * @param state this thread's state
     * @return whether the ack found the job
     */
    @Benchmark
    public boolean redkitStrictJob(ThreadState state) {
        return enqueuePollAck(state.strictQueue, state);
    }
}
