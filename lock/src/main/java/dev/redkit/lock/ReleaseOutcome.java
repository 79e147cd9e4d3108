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
     * Redis no longer had any state of this lease: the lock was free and its fencing counter was gone (or
     * below this lease's token), as after a restart without data, {@code FLUSHALL}, an eviction, the
     * counter's {@code fencingCounterTtl}, or a failover to a replica that had not received the acquire.
     * Nobody holds the lock now and <em>no takeover is known</em>, but Redis can no longer prove that nobody
     * held it meanwhile, so exclusivity is not proven either: rely on the fencing token where it matters.
     * Nothing was changed; the lost callbacks do <em>not</em> fire (no other owner was seen), the release
     * is logged at WARN and timed with outcome {@code state_lost}.
     */
    STATE_LOST,
    /**
     * Another owner acquired the lock after this lease ended, proven by Redis: another owner's value is in
     * the lock key, or the fencing counter moved past this lease's token. Work done after the end of the
     * lease may have overlapped with theirs. Nothing was deleted, and the lease's
     * {@linkplain Lease#onLost(java.util.function.Consumer) lost callbacks} fire with
     * {@link LostReason#NOT_OWNER} if they have not fired yet.
     */
    LOST
}
