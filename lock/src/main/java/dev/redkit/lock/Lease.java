package dev.redkit.lock;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * One holding of a lock, from a successful acquire until {@link #release()} or {@link #close()}.
 *
 * <!-- snippet: LockSnippets#lease -->
 * <pre>{@code
 * try (Lease lease = locks.acquire("withdraw:" + userId, Duration.ofSeconds(5))) {
 *     lease.onLost(reason -> abort.set(true));
 *     wallet.withdraw(userId, amount, lease.fencingToken()); // storage rejects tokens older than the last seen
 * }
 * }</pre>
 *
 * <h2>Time</h2>
 * The Redis server's clock governs when the lock really expires ({@code PX} on the lock key). The lease
 * keeps a conservative deadline on the client's {@link java.time.Clock} (given to the
 * {@link RedisLockBuilder#clock(java.time.Clock) builder}): the client time just before the acquire or
 * renewal was sent, plus the lease time. {@link #remaining()} and {@link #isValid()} read that deadline;
 * they make no round trip and cannot see a deletion or a server clock jump, which is what the watchdog,
 * {@link #extend(Duration)} and the fencing token are for.
 *
 * <p>Thread-safe: a lease may be released or extended from another thread than the one that acquired it.
 */
public interface Lease extends AutoCloseable {

    /** @return the lock name given to acquire */
    String name();

    /**
     * The fencing token issued with this lease: strictly greater than the token of every earlier lease
     * on the same name (see {@link RedisLock} for the exact guarantee). Pass it to the guarded resource,
     * which should remember the largest token it has seen and refuse smaller ones. Tokens are large
     * numbers (about the Redis server's time in microseconds); compare them, do not count with them.
     *
     * @return the token, positive
     */
    long fencingToken();

    /**
     * Whether the lease is still believed held: not released, not reported lost, and its deadline on the
     * client's clock not passed. No round trip.
     *
     * @return true while believed held
     */
    boolean isValid();

    /**
     * Time left until the lease's deadline on the client's clock. No round trip.
     *
     * @return the time left; {@link Duration#ZERO} once passed, released or lost
     */
    Duration remaining();

    /**
     * Makes the lock live at least {@code duration} from now, in one round trip, if this lease still
     * owns it (compare-then-expire); never shortens it. Does not change the fencing token. Finding the
     * lock gone or taken reports the lease lost ({@link LostReason#NOT_OWNER}).
     *
     * @param duration the wanted time to live, at least one millisecond
     * @return true if extended; false if the lease is no longer held (nothing is changed in Redis)
     * @throws IllegalArgumentException if the duration is null, zero, negative or below one millisecond
     * @throws IllegalStateException if the lease was released
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    boolean extend(Duration duration);

    /**
     * Registers a callback for the loss of this lease; each callback runs at most once. It runs on the
     * thread that finds the loss: the watchdog's thread, a timer thread at the deadline of a lease without
     * watchdog, or the thread calling {@link #extend(Duration)} or {@link #release()}; keep it short and
     * non-blocking. Registered after the loss, it runs at once on the calling thread. Never called for a
     * lease released while still held, nor for {@link ReleaseOutcome#EXPIRED} or
     * {@link ReleaseOutcome#STATE_LOST} (no other owner was seen); at release they fire only for
     * {@link ReleaseOutcome#LOST}, a takeover Redis proved.
     *
     * @param callback receives the reason
     * @return this lease
     * @throws IllegalArgumentException if the callback is null
     */
    Lease onLost(Consumer<LostReason> callback);

    /**
     * Releases the lock in one round trip if this lease still owns it (compare-then-delete), stops the
     * watchdog, and notifies waiting acquirers. Never deletes a lock that another owner holds. Idempotent:
     * later calls return the first call's outcome without a round trip.
     *
     * @return what was found; see {@link ReleaseOutcome}
     * <p>A release that cannot reach Redis (no turn at the connection pool within the call deadline, Redis
     * paused or down) is not dropped: the lease retries it in the background, with a backoff of at most 1 s,
     * until its deadline on the client clock (counter {@code redkit.lock.release_retried} per retry); a later
     * call returns the outcome once a retry has reached Redis. A release still failing at the deadline is
     * abandoned with a WARN and counter {@code redkit.lock.release_abandoned}: the lock then expires in Redis at
     * the end of its lease time. Closing the {@link RedisLock} instance stops pending retries.
     *
     * @return what was found; see {@link ReleaseOutcome}
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached now; the lease is closed
     *     anyway (no renewal, {@link #isValid()} false) and the release is retried in the background as above
     */
    ReleaseOutcome release();

    /**
     * Same as {@link #release()}, ignoring the outcome (a {@link ReleaseOutcome#LOST} outcome still
     * fires the lost callbacks, counts in the metrics and is logged as a warning; a
     * {@link ReleaseOutcome#STATE_LOST} is logged as a warning).
     *
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    @Override
    void close();
}
