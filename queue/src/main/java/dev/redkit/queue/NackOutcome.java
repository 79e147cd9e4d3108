package dev.redkit.queue;

/** What {@link Delivery#nack(String)} did with the job. */
public enum NackOutcome {
    /** The job goes back to the queue after the backoff delay. */
    RETRY_SCHEDULED,
    /** The job used up its attempts (or was rejected as poison) and moved to the dead-letter set. */
    DEAD_LETTERED,
    /** The caller no longer owned the lease (it lapsed and was recovered, or was settled already): nothing changed. */
    LEASE_LOST
}
