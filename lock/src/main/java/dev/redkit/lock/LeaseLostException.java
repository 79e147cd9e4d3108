package dev.redkit.lock;

/**
 * {@link RedisLock#withLock(String, java.time.Duration, java.util.function.Supplier)} ran the action, but
 * when it released the lock another owner had acquired it in the meantime
 * ({@link ReleaseOutcome#LOST}): the action may have overlapped with that owner's work, so its result is
 * not returned.
 */
public class LeaseLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String lockName;
    private final long fencingToken;

    /**
     * Creates an exception.
     *
     * @param instance the {@link RedisLock} instance name
     * @param lockName the lock name
     * @param fencingToken the fencing token of the lost lease
     */
    public LeaseLostException(String instance, String lockName, long fencingToken) {
        super("lease on lock '" + lockName + "' of RedisLock '" + instance + "' (fencing token " + fencingToken
                + ") was lost before the action finished: another owner acquired the lock");
        this.lockName = lockName;
        this.fencingToken = fencingToken;
    }

    /** @return the name of the lock whose lease was lost */
    public String lockName() {
        return lockName;
    }

    /** @return the fencing token of the lost lease */
    public long fencingToken() {
        return fencingToken;
    }
}
