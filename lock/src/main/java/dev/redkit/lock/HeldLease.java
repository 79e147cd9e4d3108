package dev.redkit.lock;

import java.time.Duration;

/**
 * A lock that is held right now, as {@link LockInspector} reports it. It carries no owner token, so it cannot be
 * used to release or extend the lease.
 *
 * @param name the lock name (the string given to {@link RedisLock#acquire})
 * @param fencingToken the holder's fencing token
 * @param timeLeft the lease time left on the Redis server's clock when it was read
 */
public record HeldLease(String name, long fencingToken, Duration timeLeft) {}
