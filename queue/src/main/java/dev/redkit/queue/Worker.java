package dev.redkit.queue;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * A running pool of threads that claim jobs from one {@link ReliableQueue} and pass them to a
 * {@link JobHandler}. Started with {@code queue.worker(handler).concurrency(8).start()}.
 *
 * <p>One fetch thread claims jobs (several per script call when several handlers are free, with
 * the recovery of lapsed leases and the promotion of due delayed jobs in the same call) and waits for work
 * with a bounded blocking pop when the queue is empty; one lease thread extends the leases of every running
 * job in one script call every third of the visibility timeout; handler threads (virtual threads on JDK 21+
 * unless {@link Builder#threadFactory} says otherwise) run the jobs, at most {@code concurrency} at a time.
 * The acks of jobs that finished at about the same time share one script call, which also claims as many next
 * ready jobs, so a busy worker makes at most one round trip per job (fewer when handlers finish together); a
 * job whose handler threw is nacked and the next one claimed in one call. While every handler is
 * busy, the fetch thread runs the recovery alone once per poll interval. Redis failures never kill a worker:
 * it logs them and retries with backoff. In strict mode ({@link ReliableQueueBuilder#replicaAck}) an ack
 * the replicas did not confirm is logged and counted, not treated as a failure of the job. Thread-safe.
 */
public interface Worker extends AutoCloseable {

    /** @return whether the worker is still fetching jobs */
    boolean isRunning();

    /** @return how many jobs are being handled right now */
    int activeJobs();

    /**
     * Shuts down gracefully: stops fetching at once, lets running jobs finish within the shutdown
     * timeout, then gives the jobs still running back to the queue without counting their attempt (their
     * handlers see {@link JobContext#isLeaseLost()} and are interrupted). Idempotent; blocks until done.
     */
    @Override
    void close();

    /** Configures a worker before it starts. Not thread-safe. */
    interface Builder {

        /**
         * How many jobs run at once; default 1.
         *
         * @param threads 1 to 1024
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        Builder concurrency(int threads);

        /**
         * How long {@link Worker#close()} waits for running jobs; default 30 s.
         *
         * @param timeout zero or positive
         * @return this builder
         * @throws IllegalArgumentException if null or negative
         */
        Builder shutdownTimeout(Duration timeout);

        /**
         * Where handlers run. By default each worker makes its handler threads with
         * {@code Thread.ofVirtual()} on JDK 21 and later (a handler that blocks on I/O then costs no platform
         * thread, so a high {@code concurrency} is cheap), and named platform daemon threads on JDK 17 to 20.
         * Give a factory to choose: platform threads for CPU-bound handlers, or threads with your own names,
         * priorities or context. The worker makes at most {@code concurrency} threads with it and keeps them
         * until {@link Worker#close()}; lease extension and graceful shutdown (interrupting handlers past the
         * shutdown timeout) work the same on every kind of thread. On JDK 21 to 23 a virtual thread that blocks
         * inside {@code synchronized} pins its carrier; prefer platform threads for such handlers there.
         *
         * @param factory makes handler threads
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        Builder threadFactory(ThreadFactory factory);

        /**
         * Starts the threads.
         *
         * @return the running worker
         */
        Worker start();
    }
}
