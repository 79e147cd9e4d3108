package dev.redkit.lock;

import java.time.Duration;

/**
 * {@link RedisLock#acquire(String, Duration)} or {@link RedisLock#withLock(String, Duration,
 * java.util.function.Supplier)} could not get the lock within the allowed wait because another owner held
 * it. An expected outcome turned into an exception by the convenience methods only; use
 * {@link RedisLock#tryAcquire(String, Duration)} to get an empty {@code Optional} instead.
 */
public class LockTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String lockName;
    private final Duration waited;

    /**
     * Creates an exception.
     *
     * @param instance the {@link RedisLock} instance name
     * @param lockName the lock name
     * @param waited how long the caller was willing to wait
     */
    public LockTimeoutException(String instance, String lockName, Duration waited) {
        super("lock '" + lockName + "' of RedisLock '" + instance + "' is held by another owner; gave up after "
                + waited);
        this.lockName = lockName;
        this.waited = waited;
    }

    /** @return the name of the lock that was not acquired */
    public String lockName() {
        return lockName;
    }

    /** @return the wait the caller allowed */
    public Duration waited() {
        return waited;
    }
}
