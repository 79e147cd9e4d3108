package dev.redkit.lock;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Named, leased, advisory locks on one Redis, each acquire issuing a fencing token.
 *
 * <!-- snippet: LockSnippets#redisLock -->
 * <pre>{@code
 * RedisLock locks = RedisLock.builder(connector, "orders")
 *         .leaseTime(Duration.ofSeconds(10))
 *         .build();
 * try (Lease lease = locks.acquire("withdraw:" + userId, Duration.ofSeconds(5))) { // else LockTimeoutException
 *     wallet.withdraw(userId, amount, lease.fencingToken());
 * }
 * Optional<Lease> maybe = locks.tryAcquire("nightly-sync");
 * }</pre>
 *
 * <h2>Safety model, in plain words</h2>
 * <ul>
 *   <li><b>One primary decides.</b> A lock is a key on the Redis primary that owns its name. Acquire is
 *       one script: {@code SET NX PX} with a random owner token, plus a fencing token. Release and extend
 *       compare the owner token first, so a holder can never delete or extend someone else's lock.</li>
 *   <li><b>Advisory only.</b> Redis cannot stop a holder that has lost its lease from carrying on. A
 *       holder may be paused (GC, swapping, a slow call) past its lease, the lock expires, a second holder
 *       acquires it, and the first one wakes up still believing it holds the lock. Checking
 *       {@link Lease#isValid()} first does not help: the pause can come right after the check.</li>
 *   <li><b>Failover can break exclusion.</b> Replication is asynchronous: if the primary fails after
 *       granting a lock but before a replica received it, the promoted replica does not know the lock and
 *       grants it again. {@link RedisLockBuilder#replicaAck(ReplicaAck) Strict mode} narrows this to replicas
 *       that had not confirmed the grant. A server clock jump forward expires locks early. No Redis lock
 *       (Redlock included) is safe against these alone.</li>
 *   <li><b>Fencing tokens close the gap.</b> Every acquire returns a token strictly greater than every
 *       earlier one for the same name. Pass it with each write to the guarded resource, which keeps the
 *       largest token it has seen and refuses smaller ones (a {@code WHERE fence < ?} update, a version
 *       column, a conditional put). Then a stale holder's late write is refused, whatever Redis did.</li>
 * </ul>
 *
 * <h2>Fencing tokens</h2>
 * Each name has a counter key in the same hash slot as its lock; a token is
 * {@code max(last + 1, server time in microseconds)}. While the counter exists, tokens strictly increase
 * for that name, across holders, {@code RedisLock} instances, connectors and application restarts. The
 * counter has no TTL unless {@link RedisLockBuilder#fencingCounterTtl(Duration)} is set. If the counter is lost
 * (TTL, eviction, flush, or a promoted replica that missed the last increments), the time part keeps new
 * tokens above the old ones as long as the Redis servers' clocks have not gone back by more than the time
 * since those tokens were issued.
 *
 * <h2>Time</h2>
 * The Redis server's clock governs expiry of the lock ({@code PX}); the client's {@link Clock} only
 * governs {@link Lease#remaining()} and {@link Lease#isValid()}, computed conservatively from the time a
 * command was sent. Waits ({@code wait} arguments) are measured with {@link System#nanoTime()}.
 *
 * <h2>Waiting</h2>
 * A waiting acquire does not spin: a release publishes a message on one channel per instance name when
 * a caller waits for that lock (each waiting attempt marks the lock's {@code waiters} key, which the
 * release deletes), to which this {@code RedisLock} holds a single subscription shared by all its waiters; on each message one
 * waiter of that lock name in this JVM retries. As a fallback, waiters also retry when the current
 * holder's lease runs out and with a jittered backoff of at most {@link RedisLockBuilder#maxRetryInterval(Duration)}.
 * There is no fairness: a newcomer can win against a waiter. The wait is interruptible.
 *
 * <h2>Reentrancy</h2>
 * Not reentrant. A thread that holds a valid, unreleased lease from this instance and acquires the same
 * name again gets an {@link IllegalStateException} at once (instead of waiting for itself). Through
 * another {@code RedisLock} instance or application, the same name is simply busy.
 *
 * <h2>Keys</h2>
 * <pre>
 *   prefix:lock:instance:{name}:owner    string '&lt;owner token&gt;:&lt;fencing token&gt;', PX = lease time
 *   prefix:lock:instance:{name}:fence    string, the last fencing token issued; no TTL by default
 *   prefix:lock:instance:{name}:waiters  string '1' while a caller waits, PX = the lease + 2 x maxRetryInterval
 *   prefix:lock:instance:released        pub/sub channel, message = the name's encoded hash tag
 * </pre>
 * where {@code name} is {@linkplain KeySpace#encode(String) encoded}.
 *
 * <h2>Metrics</h2>
 * With a {@link MeterRegistry}: timer {@code redkit.lock.acquire} (the wait) with outcome
 * {@code acquired}, {@code busy} (try without wait), {@code timeout}, {@code interrupted} or {@code error};
 * timer {@code redkit.lock.release} with outcome {@code released}, {@code expired}, {@code state_lost},
 * {@code lost} or {@code error} (one per attempt); counters {@code redkit.lock.release_retried} (background
 * retries of a release that could not reach Redis) and {@code redkit.lock.release_abandoned} (releases that
 * could not reach Redis before the lease's deadline, see {@link Lease#release()}); counter
 * {@code redkit.lock.lost} for leases reported lost; counter
 * {@code redkit.lock.unconfirmed} for grants too few replicas confirmed (strict mode,
 * {@link RedisLockBuilder#replicaAck(ReplicaAck)}). All tagged {@code name}.
 *
 * <p>Thread-safe. {@link #close()} it on shutdown to stop its subscription and watchdog threads.
 */
public interface RedisLock extends AutoCloseable {

    /** The longest lock name accepted, in characters. */
    int MAX_NAME_LENGTH = KeySpace.MAX_PART_LENGTH;

    /**
     * Starts building a lock instance with its mandatory option; the others have the defaults described on
     * {@link RedisLockBuilder}.
     *
     * @param connector the connector
     * @param name the instance name, an identifier (1-64 characters from {@code a-z 0-9 . _ -}): part of every key
     *     and the metrics tag; instances with different names never see each other's locks
     * @return a builder
     * @throws IllegalArgumentException naming the parameter for a null connector or a name that is not an
     *     identifier
     */
    static RedisLockBuilder builder(RedisConnector connector, String name) {
        return new RedisLockBuilder(connector).mandatory(name);
    }

    /**
     * Starts building a lock instance named {@code default}.
     *
     * @param connector the connector
     * @return a builder
     * @throws IllegalArgumentException if the connector is null
     * @deprecated use {@link #builder(RedisConnector, String)}, which makes the name mandatory
     */
    @Deprecated
    static RedisLockBuilder builder(RedisConnector connector) {
        return new RedisLockBuilder(connector);
    }

    /**
     * Acquires a lock, waiting up to {@code wait} while another owner holds it. An uncontended acquire is
     * one round trip.
     *
     * @param name the lock name, 1-{@value #MAX_NAME_LENGTH} characters, any text
     * @param wait how long to wait; zero makes one attempt
     * @return the lease; close it to release
     * @throws LockTimeoutException if the lock was still held by another owner when the wait ran out
     * @throws InterruptedException if the thread was interrupted before or while waiting; no lock is then
     *     held by this call
     * @throws IllegalArgumentException if the name is null, empty or too long, or the wait is null or negative
     * @throws IllegalStateException if the current thread already holds a valid lease on this name from
     *     this instance, or the instance is closed
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached; the lock may then have
     *     been taken on the server and stays until its lease time runs out
     */
    Lease acquire(String name, Duration wait) throws InterruptedException;

    /**
     * Acquires a lock if it is free, in one round trip, without waiting.
     *
     * @param name the lock name
     * @return the lease, or empty if another owner holds the lock
     * @throws IllegalArgumentException if the name is null, empty or too long
     * @throws IllegalStateException as for {@link #acquire(String, Duration)}
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    Optional<Lease> tryAcquire(String name);

    /**
     * Acquires a lock, waiting up to {@code wait}; like {@link #acquire(String, Duration)} but returns an
     * empty {@code Optional} instead of throwing when the wait runs out.
     *
     * @param name the lock name
     * @param wait how long to wait; zero makes one attempt
     * @return the lease, or empty if another owner still held the lock when the wait ran out
     * @throws InterruptedException if the thread was interrupted before or while waiting
     * @throws IllegalArgumentException if an argument is invalid
     * @throws IllegalStateException as for {@link #acquire(String, Duration)}
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    Optional<Lease> tryAcquire(String name, Duration wait) throws InterruptedException;

    /**
     * Runs an action under a lock: acquires (waiting up to {@code wait}), runs it, releases. Code that
     * needs the fencing token uses {@link #acquire(String, Duration)} with try-with-resources instead.
     *
     * @param name the lock name
     * @param wait how long to wait for the lock
     * @param action the action; its exception is rethrown after the release
     * @param <T> the result type
     * @return the action's result
     * @throws LockTimeoutException if the lock was not acquired in time; the action did not run
     * @throws LeaseLostException if the release found that another owner had acquired the lock
     *     ({@link ReleaseOutcome#LOST}): the action ran, but maybe not alone. {@link ReleaseOutcome#EXPIRED}
     *     and {@link ReleaseOutcome#STATE_LOST} return the result (the latter logged at WARN)
     * @throws InterruptedException if interrupted while waiting; the action did not run
     * @throws IllegalArgumentException if an argument is invalid
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    <T> T withLock(String name, Duration wait, Supplier<T> action) throws InterruptedException;

    /** @return the instance name (key space and metrics tag) */
    String name();

    /** @return the lease time of every acquire */
    Duration leaseTime();

    /**
     * Stops the release subscription and the watchdog and timer threads; waiting acquires fail with
     * {@link IllegalStateException}. Open leases are not released: they can still be released or
     * extended, but are no longer renewed, so they expire at the end of their lease time. Idempotent.
     */
    @Override
    void close();
}
