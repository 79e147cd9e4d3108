package dev.redkit.benchmarks.queue;

import dev.redkit.benchmarks.RedisBackend;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.queue.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.api.RBlockingQueue;
import org.redisson.client.codec.StringCodec;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Enqueue + process + ack, end to end: each benchmark call enqueues one job; {@code concurrency}
 * consumer threads take jobs and complete them. A window of {@value #WINDOW} outstanding jobs makes the
 * producer wait for the consumers, so the measured rate is the steady jobs/s of the whole loop.
 * <ul>
 *   <li>{@code redkit}: {@code ReliableQueue.enqueue} (one {@code EVALSHA}) and a {@code Worker} with
 *       {@code concurrency} handler threads (one script call per job that acks it and claims the next,
 *       claims in batches for free threads, one lease-renewal call per period, wake-up {@code BLPOP} when
 *       idle);</li>
 *   <li>{@code jedis}: the raw floor, {@code LPUSH} and {@code concurrency} threads looping on
 *       {@code BRPOP}: no lease, no ack, a job popped by a consumer that dies is lost;</li>
 *   <li>{@code redisson}: {@code RBlockingQueue.offer} and {@code concurrency} threads looping on
 *       {@code poll(timeout)} (a blocking pop, same guarantee as the raw loop).</li>
 * </ul>
 * Payloads are the same 41-byte JSON document; the raw and Redisson variants send it as a string. The
 * baselines run at concurrency 1 and 16 only: 64 consumers blocked in {@code BRPOP}/{@code poll} would hold
 * every connection of the 64-connection pool the producer shares (measured: 25 and 6 ops/s), while a
 * Redkit worker blocks on one connection whatever its concurrency.
 * {@code bulkEnqueue} measures {@code enqueueAll} of {@value #BULK} jobs per call (no consumer; each
 * iteration starts on a new queue and the previous one's keys are unlinked), against a raw pipelined
 * {@code LPUSH} of the same {@value #BULK} payloads in one command; both report jobs/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QueueBenchmark {

    static final int WINDOW = 256;
    static final int BULK = 100;
    static final String PAYLOAD = "{\"to\":\"customer-1234@example.com\",\"n\":42}";
    private static final AtomicInteger TRIALS = new AtomicInteger();

    /** The job type of the Redkit variant. */
    public record EmailJob(String to, int n) {
    }

    /** Common part: the consumer count and the window of outstanding jobs. */
    public abstract static class Loop {
        final Semaphore window = new Semaphore(WINDOW);

        void acquire() throws InterruptedException {
            window.acquire();
        }
    }

    /** One blocking poll of a baseline consumer: true when it took a job. */
    interface Poll {
        boolean once() throws InterruptedException;
    }

    /** A baseline whose consumers are plain threads, each polling in a loop and releasing the window per job. */
    public abstract static class ThreadLoop extends Loop {
        volatile boolean running = true;
        final List<Thread> consumers = new ArrayList<>();

        void startConsumers(String name, int count, Poll poll) {
            for (int i = 0; i < count; i++) {
                Thread t = new Thread(() -> {
                    while (running) {
                        try {
                            if (poll.once()) {
                                window.release();
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, name + "-consumer-" + i);
                t.setDaemon(true);
                t.start();
                consumers.add(t);
            }
        }

        /**
         * Stops the consumers.
         *
         * @throws InterruptedException if interrupted
         */
        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            running = false;
            for (Thread t : consumers) {
                t.join(3000);
            }
        }
    }

    /** Redkit queue and worker. */
    @State(Scope.Benchmark)
    public static class RedkitLoop extends Loop {
        /** Consumer threads. */
        @Param({"1", "16", "64"})
        public int concurrency;

        ReliableQueue<EmailJob> queue;
        Worker worker;
        final EmailJob job = new EmailJob("customer-1234@example.com", 42);

        /**
         * Starts the worker.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            queue = ReliableQueue.builder(backend.connector(), "bench-" + TRIALS.incrementAndGet(), EmailJob.class)
                    .visibilityTimeout(Duration.ofSeconds(30)).build();
            worker = queue.worker(j -> window.release()).concurrency(concurrency).start();
        }

        /** Stops the worker. */
        @TearDown(Level.Trial)
        public void tearDown() {
            worker.close();
        }
    }

    /** Raw Jedis LPUSH / BRPOP loop. */
    @State(Scope.Benchmark)
    public static class JedisLoop extends ThreadLoop {
        /** Consumer threads. */
        @Param({"1", "16"})
        public int concurrency;

        String key;

        /**
         * Starts the consumers.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            key = backend.prefix() + ":raw-queue:" + TRIALS.incrementAndGet();
            startConsumers("jedis", concurrency, () -> backend.jedis().brpop(1, key) != null);
        }
    }

    /** Redisson RBlockingQueue offer / poll loop. */
    @State(Scope.Benchmark)
    public static class RedissonLoop extends ThreadLoop {
        /** Consumer threads. */
        @Param({"1", "16"})
        public int concurrency;

        RBlockingQueue<String> queue;

        /**
         * Starts the consumers.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            queue = backend.redisson().getBlockingQueue(backend.prefix() + ":redisson-queue:" + TRIALS.incrementAndGet(),
                    StringCodec.INSTANCE);
            startConsumers("redisson", concurrency, () -> queue.poll(1, TimeUnit.SECONDS) != null);
        }
    }

    /** A queue without consumers for bulk enqueue; a new one each iteration, the previous one unlinked. */
    @State(Scope.Benchmark)
    public static class BulkQueue {
        final List<EmailJob> jobs = new ArrayList<>();
        final List<String> payloads = new ArrayList<>();
        ReliableQueue<EmailJob> queue;
        String name;
        String rawKey;
        RedisBackend backend;

        /**
         * Fills the batch.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            this.backend = backend;
            for (int i = 0; i < BULK; i++) {
                jobs.add(new EmailJob("customer-1234@example.com", i));
                payloads.add(PAYLOAD);
            }
        }

        /** Starts a new queue and a new raw list. */
        @Setup(Level.Iteration)
        public void newQueue() {
            name = "bulk-" + TRIALS.incrementAndGet();
            queue = ReliableQueue.builder(backend.connector(), name, EmailJob.class).build();
            rawKey = backend.prefix() + ":raw-bulk:" + name;
        }

        /** Unlinks what the iteration stored. */
        @TearDown(Level.Iteration)
        public void unlink() {
            backend.jedis().unlink(rawKey);
            ScanParams match = new ScanParams().match(backend.prefix() + ":queue:{" + name + "}:*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = backend.jedis().scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    backend.jedis().unlink(page.getResult().toArray(new String[0]));
                }
                cursor = page.getCursor();
            } while (!"0".equals(cursor));
        }
    }

    /**
     * Redkit: enqueue {@value #BULK} jobs in one {@code enqueueAll} call (one script call).
     *
     * @param q the queue and batch
     * @return the results
     */
    @Benchmark
    @OperationsPerInvocation(BULK)
    public Object redkitBulkEnqueue(BulkQueue q) {
        return q.queue.enqueueAll(q.jobs);
    }

    /**
     * Raw floor: {@code LPUSH} of {@value #BULK} payloads in one command.
     *
     * @param q the list and batch
     * @param backend the shared backend
     * @return the list length
     */
    @Benchmark
    @OperationsPerInvocation(BULK)
    public long jedisBulkEnqueue(BulkQueue q, RedisBackend backend) {
        return backend.jedis().lpush(q.rawKey, q.payloads.toArray(new String[0]));
    }

    /**
     * Redkit: enqueue one job; the worker claims, runs and acks it.
     *
     * @param loop the queue and worker
     * @return the result of the enqueue
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public Object redkitEnqueueProcessAck(RedkitLoop loop) throws InterruptedException {
        loop.acquire();
        return loop.queue.enqueue(loop.job);
    }

    /**
     * Raw floor: LPUSH one job; a consumer pops it with BRPOP.
     *
     * @param loop the list and consumers
     * @param backend the shared backend
     * @return the list length
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public long jedisEnqueueProcessAck(JedisLoop loop, RedisBackend backend) throws InterruptedException {
        loop.acquire();
        return backend.jedis().lpush(loop.key, PAYLOAD);
    }

    /**
     * Redisson: offer one job; a consumer takes it.
     *
     * @param loop the queue and consumers
     * @return whether the offer was accepted
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public boolean redissonEnqueueProcessAck(RedissonLoop loop) throws InterruptedException {
        loop.acquire();
        return loop.queue.offer(PAYLOAD);
    }
}
