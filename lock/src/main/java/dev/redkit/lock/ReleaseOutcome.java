package dev.redkit.lock;

/**
 * What {@link Lease#release()} found. Releasing never deletes a lock that another owner holds.
 */
public enum ReleaseOutcome {
    /** The lock was still held by this lease and is now deleted; waiters were notified. */
    RELEASED,
    /**
     * The lock had already ended (it expired or was deleted) and <em>no other owner acquired it
     * since</em> this lease: nobody else can have acted under it, so the work done under the lease was
     * exclusive. Nothing was changed. On Cluster, a release that Jedis re-sent after a lost reply also
     * reports this, because its first run deleted the lock.
     */
    EXPIRED,
    /**
     * Another owner acquired the lock after this lease ended: work done after the end of the lease may
     * have overlapped with theirs. Nothing was deleted, and the lease's
     * {@linkplain Lease#onLost(java.util.function.Consumer) lost callbacks} fire with
     * {@link LostReason#NOT_OWNER} if they have not fired yet.
     */
    LOST
}
