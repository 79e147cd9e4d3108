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
import org.jspecify.annotations.Nullable;
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
 * Enqueue + process + ack, end to end, with a producer as wide as the consumer side: each trial starts
 * {@code concurrency} producer threads that enqueue one job at a time (one round trip each) and
 * {@code concurrency} consumers; a window of {@value #WINDOW} outstanding jobs makes the producers wait for
 * the consumers. Each benchmark call waits for one job to complete, so the measured rate is the steady jobs/s
 * of the whole loop (producers, Redis, consumers), and the server columns are per completed job, enqueue
 * included. A producer takes a window slot before each enqueue and the benchmark call returns it, so no backlog
 * builds up between iterations.
 * <ul>
 *   <li>{@code redkit}: {@code ReliableQueue.enqueue} (one {@code EVALSHA}) and one {@code Worker} with
 *       {@code concurrency} handlers (acks of finished jobs and claims for free handlers share script calls,
 *       one lease-renewal call per period, a wake-up {@code BLPOP} only while the queue is empty);</li>
 *   <li>{@code jedis}: the raw floor, {@code LPUSH} and {@code concurrency} threads looping on
 *       {@code BRPOP}: no lease, no ack, a job popped by a consumer that dies is lost;</li>
 *   <li>{@code redisson}: {@code RBlockingQueue.offer} and {@code concurrency} threads looping on
 *       {@code poll(timeout)} (a blocking pop, same guarantee as the raw loop).</li>
 * </ul>
 * The {@code ...EnqueueToStart} rows measure the latency from the enqueue call to the start of the handler
 * (or the pop's return) for one job at a time on an idle queue: JMH's p50/p99 are that latency.
 * Payloads are the same 41-byte JSON document; the raw and Redisson variants send it as a string. The
 * baselines run at concurrency 1 and 16 only: 64 consumers blocked in {@code BRPOP}/{@code poll} plus 64
 * producers would need more than the 64-connection pool (measured: 25 and 6 ops/s), while a Redkit worker
 * blocks on one connection whatever its concurrency.
 * {@code bulkEnqueue} measures {@code enqueueAll} of {@value #BULK} jobs per call (no consumer; each
 * iteration starts on a new queue and the previous one's keys are unlinked), against a raw pipelined
 * {@code LPUSH} of the same {@value #BULK} payloads in one command; both report jobs/s. {@code enqueue} measures
 * one {@code enqueue} per call on the same kind of queue against one {@code LPUSH}: its commands per job are the
 * enqueue's share of an {@code enqueueProcessAck} row, the rest is the worker's (ack and claim).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QueueBenchmark {

    static final int WINDOW = 256;
    static final int BULK = 100;
    static final String PAYLOAD = "{\"to\":\"customer-1234@example.com\",\"n\":42}";
    private static final AtomicInteger TRIALS = new AtomicInteger();

    /** The job type of the Redkit variant. */
    public record EmailJob(String to, int n) {}

    /** One enqueue of a producer thread. */
    interface Produce {
        void once() throws Exception;
    }

    /** One blocking poll of a baseline consumer: true when it took a job. */
    interface Poll {
        boolean once() throws InterruptedException;
    }

    /**
     * Common part: producer threads bounded by the window of outstanding jobs, and the count of completed
     * jobs a benchmark call waits for.
     */
    public abstract static class Loop {
        final Semaphore window = new Semaphore(WINDOW);
        final Semaphore completed = new Semaphore(0);
        volatile boolean running = true;
        final List<Thread> threads = new ArrayList<>();

        void startProducers(String name, int count, Produce produce) {
            for (int i = 0; i < count; i++) {
                start(name + "-producer-" + i, () -> {
                    while (running) {
                        try {
                            window.acquire();
                            produce.once();
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            window.release();
                        }
                    }
                });
            }
        }

        /** Called by a consumer for each job it finished. */
        void done() {
            completed.release();
        }

        void start(String name, Runnable body) {
            Thread t = new Thread(body, name);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }

        /** Waits for one completed job; only then may a producer add one more (no backlog between iterations). */
        void awaitOne() throws InterruptedException {
            completed.acquire();
            window.release();
        }

        /**
         * Stops the producer and consumer threads.
         *
         * @throws InterruptedException if interrupted
         */
        @TearDown(Level.Trial)
        public void stopThreads() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.interrupt();
                t.join(3000);
            }
        }
    }

    /** A baseline whose consumers are plain threads, each polling in a loop. */
    public abstract static class ThreadLoop extends Loop {
        void startConsumers(String name, int count, Poll poll) {
            for (int i = 0; i < count; i++) {
                start(name + "-consumer-" + i, () -> {
                    while (running) {
                        try {
                            if (poll.once()) {
                                done();
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            if (!running) {
                                return;
                            }
                        }
                    }
                });
            }
        }
    }

    /** Redkit queue and worker. */
    @State(Scope.Benchmark)
    public static class RedkitLoop extends Loop {
        /** Producer threads and worker concurrency. */
        @Param({"1", "16", "64"})
        public int concurrency;

        ReliableQueue<EmailJob> queue;
        Worker worker;
        final EmailJob job = new EmailJob("customer-1234@example.com", 42);

        /**
         * Starts the worker and the producers.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            queue = ReliableQueue.builder(backend.connector(), "bench-" + TRIALS.incrementAndGet(), EmailJob.class)
                    .visibilityTimeout(Duration.ofSeconds(30))
                    .build();
            worker = queue.worker(j -> done()).concurrency(concurrency).start();
            startProducers("redkit", concurrency, () -> queue.enqueue(job));
        }

        /**
         * Stops the producers, then the worker.
         *
         * @throws InterruptedException if interrupted
         */
        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stopThreads();
            worker.close();
        }
    }

    /** Raw Jedis LPUSH / BRPOP loop. */
    @State(Scope.Benchmark)
    public static class JedisLoop extends ThreadLoop {
        /** Producer and consumer threads. */
        @Param({"1", "16"})
        public int concurrency;

        /**
         * Starts the consumers and producers.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            String key = backend.prefix() + ":raw-queue:" + TRIALS.incrementAndGet();
            startConsumers("jedis", concurrency, () -> backend.jedis().brpop(1, key) != null);
            startProducers("jedis", concurrency, () -> backend.jedis().lpush(key, PAYLOAD));
        }
    }

    /** Redisson RBlockingQueue offer / poll loop. */
    @State(Scope.Benchmark)
    public static class RedissonLoop extends ThreadLoop {
        /** Producer and consumer threads. */
        @Param({"1", "16"})
        public int concurrency;

        /**
         * Starts the consumers and producers.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            RBlockingQueue<String> queue = backend.redisson()
                    .getBlockingQueue(
                            backend.prefix() + ":redisson-queue:" + TRIALS.incrementAndGet(), StringCodec.INSTANCE);
            startConsumers("redisson", concurrency, () -> queue.poll(1, TimeUnit.SECONDS) != null);
            startProducers("redisson", concurrency, () -> queue.offer(PAYLOAD));
        }
    }

    /** One job at a time on an idle queue: the consumer signals the start of each job. */
    public abstract static class Latency {
        final Semaphore started = new Semaphore(0);
        volatile boolean running = true;

        @Nullable
        Thread consumer;

        void startConsumer(String name, Poll poll) {
            consumer = new Thread(
                    () -> {
                        while (running) {
                            try {
                                if (poll.once()) {
                                    started.release();
                                }
                            } catch (InterruptedException e) {
                                return;
                            } catch (RuntimeException e) {
                                if (!running) {
                                    return;
                                }
                            }
                        }
                    },
                    name + "-consumer");
            consumer.setDaemon(true);
            consumer.start();
        }

        /**
         * Stops the consumer.
         *
         * @throws InterruptedException if interrupted
         */
        @TearDown(Level.Trial)
        public void stopConsumer() throws InterruptedException {
            running = false;
            if (consumer != null) {
                consumer.interrupt();
                consumer.join(3000);
            }
        }
    }

    /** Redkit: an idle worker with 16 handlers. */
    @State(Scope.Benchmark)
    public static class RedkitLatency extends Latency {
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
            queue = ReliableQueue.builder(backend.connector(), "latency-" + TRIALS.incrementAndGet(), EmailJob.class)
                    .build();
            worker = queue.worker(j -> started.release()).concurrency(16).start();
        }

        /** Stops the worker. */
        @TearDown(Level.Trial)
        public void tearDown() {
            worker.close();
        }
    }

    /** Raw Jedis: one consumer blocked in {@code BRPOP}. */
    @State(Scope.Benchmark)
    public static class JedisLatency extends Latency {
        String key;

        /**
         * Starts the consumer.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            key = backend.prefix() + ":raw-latency:" + TRIALS.incrementAndGet();
            startConsumer("jedis", () -> backend.jedis().brpop(1, key) != null);
        }
    }

    /** Redisson: one consumer blocked in {@code poll(timeout)}. */
    @State(Scope.Benchmark)
    public static class RedissonLatency extends Latency {
        RBlockingQueue<String> queue;

        /**
         * Starts the consumer.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            queue = backend.redisson()
                    .getBlockingQueue(
                            backend.prefix() + ":redisson-latency:" + TRIALS.incrementAndGet(), StringCodec.INSTANCE);
            startConsumer("redisson", () -> queue.poll(1, TimeUnit.SECONDS) != null);
        }
    }

    /**
     * A queue without consumers for bulk and single enqueues; a new one each iteration, the previous one unlinked.
     */
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
            queue = ReliableQueue.builder(backend.connector(), name, EmailJob.class)
                    .build();
            rawKey = backend.prefix() + ":raw-bulk:" + name;
        }

        /** Unlinks what the iteration stored. */
        @TearDown(Level.Iteration)
        public void unlink() {
            backend.jedis().unlink(rawKey);
            ScanParams match = new ScanParams()
                    .match(backend.prefix() + ":queue:{" + name + "}:*")
                    .count(1000);
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
     * Redkit: enqueue one job ({@code ReliableQueue.enqueue}, one {@code EVALSHA}; no consumer, a new queue each
     * iteration). Its commands per operation are the enqueue's share of the {@code enqueueProcessAck} rows, so the
     * worker's share (ack and claim) is the difference.
     *
     * @param q the queue
     * @return true when the job was created
     */
    @Benchmark
    public boolean redkitEnqueue(BulkQueue q) {
        return q.queue.enqueue(q.jobs.get(0)).created();
    }

    /**
     * Raw floor: {@code LPUSH} of one payload.
     *
     * @param q the list
     * @param backend the shared backend
     * @return the list length
     */
    @Benchmark
    public long jedisEnqueue(BulkQueue q, RedisBackend backend) {
        return backend.jedis().lpush(q.rawKey, PAYLOAD);
    }

    /**
     * Redkit: waits for one job to complete (producers enqueue, the worker claims, runs and acks).
     *
     * @param loop the queue, producers and worker
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public void redkitEnqueueProcessAck(RedkitLoop loop) throws InterruptedException {
        loop.awaitOne();
    }

    /**
     * Raw floor: waits for one job to complete (producers {@code LPUSH}, a consumer pops it with {@code BRPOP}).
     *
     * @param loop the list, producers and consumers
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public void jedisEnqueueProcessAck(JedisLoop loop) throws InterruptedException {
        loop.awaitOne();
    }

    /**
     * Redisson: waits for one job to complete (producers offer, a consumer takes it).
     *
     * @param loop the queue, producers and consumers
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public void redissonEnqueueProcessAck(RedissonLoop loop) throws InterruptedException {
        loop.awaitOne();
    }

    /**
     * Redkit: enqueue one job on an idle queue and wait until its handler starts.
     *
     * @param l the queue and worker
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public void redkitEnqueueToStart(RedkitLatency l) throws InterruptedException {
        l.queue.enqueue(l.job);
        l.started.acquire();
    }

    /**
     * Raw floor: {@code LPUSH} one job on an idle list and wait until {@code BRPOP} returns it.
     *
     * @param l the list and consumer
     * @param backend the shared backend
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public void jedisEnqueueToStart(JedisLatency l, RedisBackend backend) throws InterruptedException {
        backend.jedis().lpush(l.key, PAYLOAD);
        l.started.acquire();
    }

    /**
     * Redisson: offer one job on an idle queue and wait until {@code poll} returns it.
     *
     * @param l the queue and consumer
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public void redissonEnqueueToStart(RedissonLatency l) throws InterruptedException {
        l.queue.offer(PAYLOAD);
        l.started.acquire();
    }
}
