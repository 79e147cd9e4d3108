package dev.redkit.lock;

/**
 * Why a {@link Lease} was reported lost to its {@linkplain Lease#onLost(java.util.function.Consumer)
 * callbacks}. Whatever the reason, the holder must stop acting under the lock: another owner may hold
 * it now, and only a check of the {@linkplain Lease#fencingToken() fencing token} by the guarded
 * resource can refuse the stale holder's late writes.
 */
public enum LostReason {
    /**
     * Redis reports that the lock is no longer held by this lease. Found by a watchdog renewal or
     * {@link Lease#extend(java.time.Duration)}, which cannot tell whether it expired, was deleted (or lost
     * with Redis's data) or another owner holds it; or by {@link Lease#release()}, which reports it only
     * for {@link ReleaseOutcome#LOST}, a takeover Redis proved.
     */
    NOT_OWNER,
    /**
     * The watchdog could not reach Redis until the lease's deadline (on the client's clock) had passed,
     * so the lock must be assumed expired.
     */
    UNREACHABLE,
    /**
     * A lease without watchdog reached its deadline (on the client's clock) while still open: it was
     * neither released nor extended in time, so the lock must be assumed expired.
     */
    EXPIRED
}
