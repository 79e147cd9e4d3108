package dev.redkit.queue;

import java.time.Instant;

/**
 * One delivery of a job to a handler: who the job is, which attempt this is, and whether this worker
 * still owns it. Thread-safe.
 *
 * <p>A worker extends the lease while the handler runs. When the lease is lost (an extension found the
 * job recovered by another worker, Redis stayed unreachable past the deadline, or the worker's graceful
 * shutdown gave the job back), {@link #isLeaseLost()} turns true and the {@link #onLeaseLost(Runnable)}
 * callbacks run once; the handler should stop, since another worker may already be running the job.
 */
public interface JobContext {

    /** @return the job id */
    String id();

    /** @return the attempt being made, 1 for the first delivery */
    int attempt();

    /** @return the configured maximum number of attempts */
    int maxAttempts();

    /** @return when the job was enqueued (the producer's clock) */
    Instant enqueuedAt();

    /** @return the current lease deadline (the worker's clock); moves forward with each extension */
    Instant leaseDeadline();

    /**
     * Whether this worker no longer owns the job. Once true it stays true.
     *
     * @return true when the lease was lost
     */
    boolean isLeaseLost();

    /**
     * Registers a callback to run once when the lease is lost, on the thread that notices it (the lease
     * extender or the shutdown); runs at once if the lease is already lost. It must not block for long.
     *
     * @param callback the callback, not null
     * @throws IllegalArgumentException if the callback is null
     */
    void onLeaseLost(Runnable callback);
}
