package dev.redkit.lock;

import dev.redkit.core.RedisConnector;
import dev.redkit.lock.internal.LockInspectorImpl;
import java.util.List;

/**
 * Read-only admin view of one lock instance, for operations tools such as the Redkit console: which locks are
 * held, with the fencing token and the time left. It lists the instance's keys with
 * {@link dev.redkit.core.KeyScanner} ({@code SCAN} on every master, never {@code KEYS}), then reads each lease's
 * value and {@code PTTL} in one pipeline, so one call costs a bounded number of round trips whatever the key count.
 * Owner tokens are never returned. Thread-safe.
 * <!-- snippet: LockSnippets#lockInspector -->
 * <pre>{@code
 * LockInspector.Held held = LockInspector.of(connector, "jobs").held(100);
 * held.leases().forEach(l -> log.info("{} held, token {}, {} left", l.name(), l.fencingToken(), l.timeLeft()));
 * }</pre>
 */
public interface LockInspector {

    /** The most leases one {@link #held} call returns. */
    int MAX_LEASES = 1000;

    /**
     * An inspector over the lock instance of that name on the connector ({@link RedisLock#name()}).
     *
     * @param connector the connector
     * @param lockName the lock instance's name
     * @return the inspector
     * @throws IllegalArgumentException naming the parameter if one is null or the name is not an identifier
     */
    static LockInspector of(RedisConnector connector, String lockName) {
        return new LockInspectorImpl(connector, lockName);
    }

    /** @return the lock instance's name */
    String name();

    /**
     * The held leases and whether the listing saw every key.
     *
     * @param leases the held leases, sorted by lock name
     * @param complete false when the scan stopped at its cap (more locks may be held)
     */
    record Held(List<HeldLease> leases, boolean complete) {
        /**
         * Copies the list.
         *
         * @param leases the leases
         * @param complete whether the listing is complete
         */
        public Held {
            leases = List.copyOf(leases);
        }
    }

    /**
     * Lists the held leases of this instance. A lease that ends between the scan and the read is left out.
     *
     * @param max the most leases to return, 1 to {@value #MAX_LEASES}
     * @return the leases and whether the listing is complete
     * @throws IllegalArgumentException if {@code max} is out of range
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    Held held(int max);
}
