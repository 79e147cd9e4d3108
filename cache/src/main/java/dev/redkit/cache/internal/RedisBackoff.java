package dev.redkit.cache.internal;

import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.RedkitException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Redis is down" back-off of one cache: after a call fails with {@link RedisUnavailableException},
 * callers are told to skip Redis until the back-off ends; then exactly one caller probes Redis while the
 * others keep skipping it.
 * <pre>
 *   CLOSED  --failed(e)-----------------------------&gt; OPEN (initial)
 *   OPEN    --back-off over, first permit()---------&gt; PROBING (that caller gets PROBE, others SKIP)
 *   PROBING --probe answered (even with an error)---&gt; CLOSED                       INFO once
 *   PROBING --probe unavailable---------------------&gt; OPEN (twice the last, at most max)
 *   PROBING --probe threw anything else-------------&gt; OPEN, already over (the next caller probes)
 * </pre>
 * Entering the back-off from {@code CLOSED} logs one WARN; a failed probe logs at DEBUG. A failure reported
 * while the back-off is open or probing is ignored: it comes from a call that started earlier, and only
 * the probe decides. Time is the injected clock's, in milliseconds; a clock that steps back before the
 * start of the current back-off ends it early instead of extending it.
 *
 * <p>Thread-safe and lock-free: the state is one immutable object behind an {@link AtomicReference};
 * while closed, {@link #permit()} is one volatile read. Nothing here is specific to caching.
 */
final class RedisBackoff {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBackoff.class);
    private static final State CLOSED = new State(0, 0, 0, 0, false);

    /** What a caller may do with Redis now. */
    enum Permit {
        /** Redis is healthy: call it. */
        CALL,
        /** The back-off is over and this caller probes: run its first Redis call through {@link #probe}. */
        PROBE,
        /** In back-off, or another caller is probing: do not call Redis. */
        SKIP
    }

    private final String owner;
    private final long initialMillis;
    private final long maxMillis;
    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>(CLOSED);
    private volatile RedisUnavailableException lastFailure;

    /**
     * @param owner names the user in log lines and exceptions, for example {@code cache 'merchant'}
     * @param initial the first back-off; zero disables the back-off (every permit is {@code CALL})
     * @param max the longest back-off, not shorter than {@code initial} unless disabled
     * @param clock the clock that times the back-off
     */
    RedisBackoff(String owner, Duration initial, Duration max, Clock clock) {
        this.owner = owner;
        this.initialMillis = initial.toMillis();
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.clock = clock;
    }

    /**
     * Tells a caller whether to call Redis. A caller that gets {@link Permit#PROBE} must run its next Redis
     * call through {@link #probe}, or the back-off never ends.
     *
     * @return the permit
     */
    Permit permit() {
        State s = state.get();
        if (s == CLOSED) {
            return Permit.CALL;
        }
        if (s.probing) {
            return Permit.SKIP;
        }
        long now = clock.millis();
        if (now < s.until && now >= s.openedAt) {
            return Permit.SKIP;
        }
        return state.compareAndSet(s, s.withProbe()) ? Permit.PROBE : Permit.SKIP;
    }

    /** @return whether Redis is healthy (neither in back-off nor being probed); one volatile read */
    boolean closed() {
        return state.get() == CLOSED;
    }

    /**
     * Reports a Redis call that failed with the back-off closed; starts the back-off (logging one WARN).
     * Ignored when disabled, already in back-off or probing.
     *
     * @param e the failure
     */
    void failed(RedisUnavailableException e) {
        if (initialMillis == 0 || state.get() != CLOSED) {
            return;
        }
        long now = clock.millis();
        lastFailure = e;
        if (state.compareAndSet(CLOSED, State.open(now, initialMillis, now))) {
            LOG.warn("{}: Redis is unavailable ({}); reads skip Redis and use the loader for {} ms, then one read"
                    + " probes it", owner, e.getMessage(), initialMillis);
        }
    }

    /**
     * Runs the probing caller's Redis call and ends the back-off by its outcome: a reply (even an error
     * reply, a {@link RedkitException} other than {@link RedisUnavailableException}) closes it; a
     * {@code RedisUnavailableException} starts a back-off twice as long as the last, at most {@code max};
     * any other exception lets the next caller probe. The call's result or exception is passed on.
     *
     * @param call the Redis call
     * @param <T> the result type
     * @return the call's result
     */
    <T> T probe(Supplier<T> call) {
        State probing = state.get();
        if (!probing.probing) {
            throw new IllegalStateException(owner + ": probe() without a PROBE permit");
        }
        T result;
        try {
            result = call.get();
        } catch (RedisUnavailableException e) {
            lastFailure = e;
            long now = clock.millis();
            long next = probing.backoffMillis > maxMillis / 2 ? maxMillis : Math.min(maxMillis, probing.backoffMillis * 2);
            state.compareAndSet(probing, State.open(now, next, probing.since));
            LOG.debug("{}: probe failed ({}); Redis skipped for another {} ms", owner, e.getMessage(), next);
            throw e;
        } catch (RedkitException e) {
            close(probing);
            throw e;
        } catch (RuntimeException | Error e) {
            state.compareAndSet(probing, State.open(clock.millis(), probing.backoffMillis, probing.since).ended());
            throw e;
        }
        close(probing);
        return result;
    }

    /**
     * The exception for a caller that may not fail open: Redis is skipped during the back-off.
     *
     * @return a {@code RedisUnavailableException} with the failure that started or renewed the back-off as
     *     its cause
     */
    RedisUnavailableException skipped() {
        RedisUnavailableException cause = lastFailure;
        String endpoint = cause == null ? "unknown" : cause.endpoint();
        return new RedisUnavailableException(endpoint, owner + ": Redis is skipped during the back-off that"
                + " followed an unavailable call (the cause)", cause);
    }

    private void close(State probing) {
        if (state.compareAndSet(probing, CLOSED)) {
            LOG.info("{}: Redis answered the probe; reads use Redis again after {} ms of back-off", owner,
                    Math.max(0, clock.millis() - probing.since));
        }
    }

    @Override
    public String toString() {
        State s = state.get();
        String now = s == CLOSED ? "closed" : s.probing ? "probing" : "open until " + s.until;
        return "RedisBackoff{" + owner + ", initial=" + initialMillis + "ms, max=" + maxMillis + "ms, " + now + '}';
    }

    /**
     * One immutable state; {@link #CLOSED} is the healthy one.
     *
     * @param openedAt when the current back-off started
     * @param until when it ends
     * @param backoffMillis its length
     * @param since when the first back-off of this outage started
     * @param probing whether a caller holds the probe
     */
    private record State(long openedAt, long until, long backoffMillis, long since, boolean probing) {

        static State open(long now, long backoffMillis, long since) {
            long until = now > Long.MAX_VALUE - backoffMillis ? Long.MAX_VALUE : now + backoffMillis;
            return new State(now, until, backoffMillis, since, false);
        }

        State withProbe() {
            return new State(openedAt, until, backoffMillis, since, true);
        }

        State ended() {
            return new State(openedAt, openedAt, backoffMillis, since, false);
        }
    }
}
