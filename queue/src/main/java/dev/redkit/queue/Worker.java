package dev.redkit.queue;

import java.time.Duration;

/**
 * A running pool of threads that claim jobs from one {@link ReliableQueue} and pass them to a
 * {@link JobHandler}. Started with {@code queue.worker(handler).concurrency(8).start()}.
 *
 * <p>One fetch thread claims jobs (several per script call when several handler threads are free, with
 * the recovery of lapsed leases and the promotion of due delayed jobs in the same call) and waits for work
 * with a bounded blocking pop when the queue is empty; one lease thread extends the leases of every running
 * job in one script call every third of the visibility timeout; the handler threads run the jobs. A handler
 * thread acks its job (or nacks it when the handler threw) and claims the next ready job in one script
 * call, and runs that job too, so a busy worker makes one round trip per job; while every handler thread is
 * busy, the fetch thread runs the recovery alone once per poll interval. Redis failures never kill a worker:
 * it logs them and retries with backoff. In strict mode ({@link ReliableQueue.Builder#replicaAck}) an ack
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
         * Starts the threads.
         *
         * @return the running worker
         */
        Worker start();
    }
}
