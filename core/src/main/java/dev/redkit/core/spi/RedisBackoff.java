package dev.redkit.core.spi;

import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.RedkitException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A "Redis is down" back-off for one component instance: after a call fails with
 * {@link RedisUnavailableException}, callers are told to skip Redis until the back-off ends; then exactly one
 * caller probes Redis while the others keep skipping it. A frozen or unreachable server then costs one socket
 * timeout per back-off instead of one per call. What a caller does instead of calling Redis (use a loader,
 * answer by a failure policy, throw {@link #skipped()}) is the component's choice.
 * <!-- snippet: CoreSnippets#redisBackoff -->
 * <pre>{@code
 * RedisBackoff backoff =
 *         RedisBackoff.of("cache 'merchant'", Duration.ofSeconds(1), Duration.ofSeconds(10), clock);
 *
 * V read(String key) {
 *     try {
 *         return backoff.call(() -> fromRedis(key), () -> fallback(key)); // fallback: Redis is skipped
 *     } catch (RedisUnavailableException e) {
 *         return fallback(key); // already reported to the back-off
 *     }
 * }
 * }</pre>
 * {@link #call} is the usual entry; {@link #permit()}, {@link #probe} and {@link #failed} are its parts, for a
 * caller that must decide between the permit and the call (a batch that splits its keys, for example).
 *
 * <h2>States</h2>
 * <pre>
 *   CLOSED  --failed(e)-----------------------------&gt; OPEN (initial)                WARN once
 *   OPEN    --back-off over, first permit()---------&gt; PROBING (that caller gets PROBE, others SKIP)
 *   PROBING --probe answered (even with an error)---&gt; CLOSED                        INFO once
 *   PROBING --probe unavailable---------------------&gt; OPEN (twice the last, at most max)   DEBUG
 *   PROBING --probe threw anything else-------------&gt; OPEN, already over (the next caller probes)
 * </pre>
 * A failure reported while the back-off is open or probing is ignored: it comes from a call that started
 * earlier, and only the probe decides. A probe lasts as long as its call, however long that is; meanwhile
 * every other caller is told to skip. Each new outage starts again at {@code initial}.
 *
 * <h2>Time</h2>
 * The back-off is timed by the injected {@link Clock}, in whole milliseconds, so tests can move a fake clock
 * instead of sleeping. A clock that steps back before the start of the current back-off ends it early instead
 * of extending it.
 *
 * <h2>Thread safety</h2>
 * Thread-safe and lock-free: the state is one immutable object behind an {@link AtomicReference}, and every
 * transition is one compare-and-set, so of many concurrent callers exactly one gets {@link Permit#PROBE} and
 * exactly one failure starts a back-off. While closed, {@link #permit()} is one volatile read and calls no
 * clock.
 */
public final class RedisBackoff {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBackoff.class);
    private static final State CLOSED = new State(0, 0, 0, 0, false);

    /** What a caller may do with Redis now; see {@link RedisBackoff#permit()}. */
    public enum Permit {
        /** Redis is healthy: call it, and report a {@link RedisUnavailableException} with {@link #failed}. */
        CALL,
        /** The back-off is over and this caller probes: run its Redis call through {@link #probe}. */
        PROBE,
        /** In back-off, or another caller is probing: do not call Redis. */
        SKIP
    }

    private final String owner;
    private final long initialMillis;
    private final long maxMillis;
    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>(CLOSED);
    private volatile @Nullable RedisUnavailableException lastFailure;

    private RedisBackoff(String owner, long initialMillis, long maxMillis, Clock clock) {
        this.owner = owner;
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.clock = clock;
    }

    /**
     * Creates a closed back-off.
     *
     * @param owner names the user in log lines, exceptions and {@code toString()}, for example
     *     {@code cache 'merchant'}; not empty, at most 200 characters
     * @param initial the first back-off: zero disables it (every permit is {@link Permit#CALL}), else at least
     *     1 ms
     * @param max the longest back-off after failed probes, not shorter than {@code initial}
     * @param clock the clock that times the back-off
     * @return the back-off
     * @throws IllegalArgumentException for a null argument, an empty owner, or durations that fail
     *     {@link #checkDurations}
     */
    public static RedisBackoff of(String owner, Duration initial, Duration max, Clock clock) {
        Checks.notEmpty(owner, "owner", 200);
        checkDurations(initial, max);
        return new RedisBackoff(owner, initial.toMillis(), max.toMillis(), Checks.notNull(clock, "clock"));
    }

    /**
     * Validates the durations of {@link #of} with messages naming {@code redisBackoff.initial} and
     * {@code redisBackoff.max}, as the components' {@code redisBackoff(initial, max)} builder options call
     * them, so a builder can refuse them when they are set.
     *
     * @param initial zero (disabled) or at least 1 ms
     * @param max zero or at least 1 ms, and not shorter than {@code initial}
     * @throws IllegalArgumentException if either is null, negative, shorter than 1 ms but not zero, or
     *     {@code max} is shorter than {@code initial}
     */
    public static void checkDurations(Duration initial, Duration max) {
        Checks.zeroOrPositiveMillis(initial, "redisBackoff.initial");
        Checks.zeroOrPositiveMillis(max, "redisBackoff.max");
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "redisBackoff.max must not be shorter than redisBackoff.initial (" + initial + "), was " + max);
        }
    }

    /**
     * Runs one Redis call under the back-off: calls {@code redisCall} when the back-off is closed, runs it as
     * the probe when this caller gets {@link Permit#PROBE}, and answers with {@code whenSkipped} (Redis is not
     * called) when it gets {@link Permit#SKIP}. A {@link RedisUnavailableException} from the call is reported
     * with {@link #failed} and then rethrown, so the caller's handler needs no back-off code; any other
     * exception is passed on unchanged.
     *
     * @param redisCall the Redis call, run in the caller's thread
     * @param whenSkipped the answer without Redis, run in the caller's thread during a back-off
     * @param <T> the result type
     * @return the call's result, or {@code whenSkipped}'s
     * @throws RedisUnavailableException when the call could not reach Redis (after reporting it)
     */
    public <T> T call(Supplier<T> redisCall, Supplier<T> whenSkipped) {
        Permit permit = permit();
        if (permit == Permit.SKIP) {
            return whenSkipped.get();
        }
        try {
            return permit == Permit.PROBE ? probe(redisCall) : redisCall.get();
        } catch (RedisUnavailableException e) {
            failed(e);
            throw e;
        }
    }

    /**
     * Tells a caller whether to call Redis. A caller that gets {@link Permit#PROBE} must run its next Redis
     * call through {@link #probe}, or the back-off never ends. Never blocks.
     *
     * @return the permit; {@link Permit#CALL} whenever the back-off is closed or disabled
     */
    public Permit permit() {
        State s = current();
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

    /**
     * Whether Redis is taken to be healthy: neither in back-off nor being probed. One volatile read.
     *
     * @return {@code true} when closed (always when disabled)
     */
    public boolean closed() {
        return state.get() == CLOSED;
    }

    /**
     * Reports a Redis call that failed with the back-off closed; starts the back-off and logs one WARN.
     * Ignored when disabled, already in back-off or probing (the probe reports its own outcome).
     *
     * @param e the failure, not null
     */
    public void failed(RedisUnavailableException e) {
        Checks.notNull(e, "e");
        if (initialMillis == 0 || state.get() != CLOSED) {
            return;
        }
        long now = clock.millis();
        lastFailure = e;
        if (state.compareAndSet(CLOSED, State.open(now, initialMillis, now))) {
            LOG.warn(
                    "{}: Redis is unavailable ({}); calls skip Redis for {} ms, then one call probes it",
                    owner,
                    e.getMessage(),
                    initialMillis);
        }
    }

    /**
     * Runs the probing caller's Redis call and ends the back-off by its outcome: a reply (even an error
     * reply, a {@link RedkitException} other than {@link RedisUnavailableException}) closes it and logs one
     * INFO; a {@code RedisUnavailableException} starts a back-off twice as long as the last, at most
     * {@code max}; any other exception lets the next caller probe at once. The call's result or exception is
     * passed on unchanged.
     *
     * @param call the Redis call, run in the caller's thread
     * @param <T> the result type
     * @return the call's result
     * @throws IllegalStateException if no caller holds the {@link Permit#PROBE} permit
     */
    public <T> T probe(Supplier<T> call) {
        State probing = current();
        if (!probing.probing) {
            throw new IllegalStateException(owner + ": probe() without a PROBE permit");
        }
        T result;
        try {
            result = call.get();
        } catch (RedisUnavailableException e) {
            lastFailure = e;
            long now = clock.millis();
            long next =
                    probing.backoffMillis > maxMillis / 2 ? maxMillis : Math.min(maxMillis, probing.backoffMillis * 2);
            state.compareAndSet(probing, State.open(now, next, probing.since));
            LOG.debug("{}: probe failed ({}); Redis skipped for another {} ms", owner, e.getMessage(), next);
            throw e;
        } catch (RedkitException e) {
            close(probing);
            throw e;
        } catch (RuntimeException | Error e) {
            state.compareAndSet(
                    probing,
                    State.open(clock.millis(), probing.backoffMillis, probing.since)
                            .ended());
            throw e;
        }
        close(probing);
        return result;
    }

    /**
     * The exception for a caller that may not answer without Redis: Redis is skipped during the back-off.
     *
     * @return a new {@code RedisUnavailableException} naming the owner, with the failure that started or
     *     renewed the back-off as its cause and endpoint
     */
    public RedisUnavailableException skipped() {
        RedisUnavailableException cause = lastFailure;
        String endpoint = cause == null ? "unknown" : cause.endpoint();
        return new RedisUnavailableException(
                endpoint,
                owner + ": Redis is skipped during the back-off that" + " followed an unavailable call (the cause)",
                cause,
                false);
    }

    /** The current state: {@link #CLOSED} or one that replaced it; the reference never holds null. */
    private State current() {
        State s = state.get();
        return s != null ? s : CLOSED;
    }

    private void close(State probing) {
        if (state.compareAndSet(probing, CLOSED)) {
            LOG.info(
                    "{}: Redis answered the probe; calls use Redis again after {} ms of back-off",
                    owner,
                    Math.max(0, clock.millis() - probing.since));
        }
    }

    @Override
    public String toString() {
        State s = current();
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
