package dev.redkit.queue;

/**
 * A job claimed with {@link ReliableQueue#poll()}, for callers that drive processing themselves instead
 * of running a {@link Worker}. The caller owns the lease until it settles the delivery with
 * {@link #ack()}, {@link #nack(String)} or {@link #release()}, or until the lease lapses; nothing extends
 * it automatically, so call {@link #extend()} for long work.
 *
 * <p>Every settling call is one token-checked script (one round trip): it acts only if this delivery
 * still owns the job, so a late call after a lapsed lease never disturbs the worker that took over.
 * Thread-safe.
 *
 * @param <T> the job type
 */
public interface Delivery<T> extends JobContext {

    /** @return the decoded job */
    T job();

    /**
     * Completes the job: removes it from the queue.
     *
     * @return true when done; false when the lease was lost (the job may run again elsewhere)
     * @throws dev.redkit.core.ReplicaAckException in strict mode ({@link ReliableQueueBuilder#replicaAck}),
     *     when the primary removed the job but too few replicas confirmed it in time: the job is done unless a
     *     failover undoes the ack, in which case it runs again after its lease lapses. Do not treat it as a
     *     failure of the job (a nack would find the lease gone)
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached; the job then stays in
     *     flight and is recovered after its lease lapses
     */
    boolean ack();

    /**
     * Fails this attempt: schedules a retry after the queue's backoff, or dead-letters the job when this
     * was its last attempt.
     *
     * @param error the failure text stored as the job's last error; null is stored as an empty text
     * @return what happened
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    NackOutcome nack(String error);

    /**
     * Pushes the lease deadline to now plus the visibility timeout.
     *
     * @return true when extended; false when the lease was lost
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    boolean extend();

    /**
     * Gives the job back to the queue at once without counting this attempt (for a shutdown).
     *
     * @return true when released; false when the lease was lost
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    boolean release();
}
