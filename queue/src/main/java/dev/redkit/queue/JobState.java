package dev.redkit.queue;

/** The set of a queue that holds a job, as {@link QueueInspector} reports it. */
public enum JobState {
    /** Ready to be claimed (the {@code waiting} count of {@link QueueStats}). */
    WAITING,
    /** Claimed by a worker under a lease. */
    IN_FLIGHT,
    /** Scheduled for later: a delayed enqueue or a retry after a backoff. */
    DELAYED,
    /** Dead-lettered after its last attempt. */
    DEAD
}
