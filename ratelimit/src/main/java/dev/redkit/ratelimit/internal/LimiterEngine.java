package dev.redkit.ratelimit.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisOps;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.RedkitException;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.RedisBackoff;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.Replies;
import dev.redkit.ratelimit.FailurePolicy;
import dev.redkit.ratelimit.Limit;
import dev.redkit.ratelimit.RateLimitDecision;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one limiter's script and turns its reply into a {@link RateLimitDecision}; applies the failure
 * policy and the Redis back-off, and records metrics. Key layout: <code>prefix:ratelimit:name:{caller}:algo-windowMillis</code>,
 * one key per limit, all in the caller's hash slot. Thread-safe.
 */
public final class LimiterEngine {

    /** The most limits one limiter may combine. */
    public static final int MAX_LIMITS = 8;
    /** The most permits per window of an exact log limit, whose memory grows with them. */
    public static final long MAX_LOG_PERMITS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(LimiterEngine.class);
    private static final Duration FAIL_CLOSED_RETRY = Duration.ofSeconds(1);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final byte[] ZERO = ascii(0);
    private static final byte[] ONE = ascii(1);

    private final String name;
    private final Algorithm algorithm;
    private final List<Limit> limits;
    private final FailurePolicy failurePolicy;
    private final RedisBackoff backoff;
    private final RedisOps ops;
    private final KeySpace keys;
    private final RedkitMetrics metrics;
    private final String[] suffixes;
    private final List<Object> limitArgs;
    /** The arguments of a one-permit acquire and of a peek, the most frequent calls, built once. */
    private final List<Object> acquireOneArgs;

    private final List<Object> peekArgs;
    private final int smallest;
    private final long smallestCapacity;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    /**
     * Creates an engine.
     *
     * @param connector the connector
     * @param name the limiter name, an identifier
     * @param algorithm the algorithm
     * @param limits the limits
     * @param failurePolicy what to answer when Redis fails
     * @param backoff the Redis back-off of this limiter alone (a disabled one never skips Redis)
     * @param registry the meter registry, or {@code null}
     * @throws IllegalArgumentException for a null connector, a bad name or bad limits
     */
    public LimiterEngine(
            RedisConnector connector,
            String name,
            Algorithm algorithm,
            List<Limit> limits,
            FailurePolicy failurePolicy,
            RedisBackoff backoff,
            @Nullable MeterRegistry registry) {
        Checks.notNull(connector, "connector");
        this.name = KeySpace.identifier(name, "name");
        this.algorithm = Checks.notNull(algorithm, "algorithm");
        this.limits = checkLimits(algorithm, limits);
        this.failurePolicy = Checks.notNull(failurePolicy, "failurePolicy");
        this.backoff = Checks.notNull(backoff, "backoff");
        this.ops = connector.ops();
        this.keys = connector.keySpace("ratelimit", name);
        this.metrics = RedkitMetrics.of(registry, "ratelimit", name);
        this.suffixes = new String[this.limits.size()];
        List<Object> args = new ArrayList<>(3 * this.limits.size());
        int min = 0;
        for (int i = 0; i < this.limits.size(); i++) {
            Limit l = this.limits.get(i);
            suffixes[i] = algorithm.keySuffix(l);
            // sent with every call: encoded once here, not per call
            args.add(ascii(l.window().toMillis()));
            args.add(ascii(l.permits()));
            args.add(ascii(l.burst()));
            if (algorithm.capacity(l) < algorithm.capacity(this.limits.get(min))) {
                min = i;
            }
        }
        this.limitArgs = List.copyOf(args);
        this.acquireOneArgs = List.copyOf(scriptArgs(ONE, ONE));
        this.peekArgs = List.copyOf(scriptArgs(ZERO, ONE));
        this.smallest = min;
        this.smallestCapacity = algorithm.capacity(this.limits.get(min));
    }

    private static List<Limit> checkLimits(Algorithm algorithm, List<Limit> limits) {
        if (limits == null || limits.isEmpty()) {
            throw new IllegalArgumentException("limits must not be empty");
        }
        if (limits.size() > MAX_LIMITS) {
            throw new IllegalArgumentException("limits must be at most " + MAX_LIMITS + ", was " + limits.size());
        }
        Set<Duration> windows = new HashSet<>();
        for (Limit l : limits) {
            if (l == null) {
                throw new IllegalArgumentException("limits must not contain null");
            }
            if (!windows.add(l.window())) {
                throw new IllegalArgumentException(
                        "limits must have different windows, " + l.window() + " appears twice");
            }
            if (algorithm == Algorithm.SLIDING_LOG && l.permits() > MAX_LOG_PERMITS) {
                throw new IllegalArgumentException(
                        "permits of a sliding log limit must be at most " + MAX_LOG_PERMITS + ", was " + l);
            }
            if (algorithm != Algorithm.GCRA && l.burst() != l.permits()) {
                throw new IllegalArgumentException("burst applies to gcra limiters only, was " + l);
            }
        }
        return List.copyOf(limits);
    }

    /** @return the limiter name */
    public String name() {
        return name;
    }

    /** @return the limits */
    public List<Limit> limits() {
        return limits;
    }

    /** @return the failure policy */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /**
     * Checks and consumes.
     *
     * @param key the caller
     * @param permits the permits
     * @return the decision
     */
    public RateLimitDecision tryAcquire(String key, long permits) {
        List<String> callerKeys = callerKeys(key);
        Checks.positive(permits, "permits");
        if (permits > smallestCapacity) {
            throw new IllegalArgumentException(
                    "permits must be at most " + smallestCapacity + " (the capacity of limit " + limits.get(smallest)
                            + " of rate limiter '" + name + "'), was " + permits);
        }
        return run("acquire", callerKeys, true, permits);
    }

    /**
     * Looks without consuming.
     *
     * @param key the caller
     * @return the decision for one permit
     */
    public RateLimitDecision peek(String key) {
        return run("peek", callerKeys(key), false, 1);
    }

    /**
     * Deletes the caller's keys; always calls Redis, whatever the back-off, and reports an unavailable Redis
     * to it.
     *
     * @param key the caller
     * @throws RedisUnavailableException when Redis cannot be reached
     */
    public void reset(String key) {
        RedisCommand del = RedisCommand.of("DEL", callerKeys(key).toArray(new String[0]));
        try {
            ops.execute(del);
        } catch (RedisUnavailableException e) {
            backoff.failed(e);
            throw e;
        }
    }

    private List<String> callerKeys(String key) {
        KeySpace.Slot slot = keys.slot(key, "key");
        String[] list = new String[suffixes.length];
        for (int i = 0; i < suffixes.length; i++) {
            list[i] = slot.key(suffixes[i]);
        }
        // immutable, so the script call takes it as its key list without another copy
        return List.of(list);
    }

    private RateLimitDecision run(String operation, List<String> callerKeys, boolean consume, long permits) {
        return metrics.time(
                operation,
                () -> decide(operation, callerKeys, consume, permits),
                d -> d.allowed() ? "allowed" : "denied");
    }

    private RateLimitDecision decide(String operation, List<String> callerKeys, boolean consume, long permits) {
        List<Object> args = !consume ? peekArgs : permits == 1 ? acquireOneArgs : scriptArgs(ONE, ascii(permits));
        RedisCommand command = algorithm.script().call(callerKeys, args);
        long policyPermits = consume ? permits : 0;
        try {
            return backoff.call(() -> fromReply(Replies.asBlob(ops.execute(command))), () -> {
                metrics.increment("bypassed");
                return byPolicy(policyPermits);
            });
        } catch (RedkitException e) {
            return onFailure(operation, e, policyPermits);
        }
    }

    /**
     * Reads the script's decision, {@code <remaining>:<reset>:<retry>} of the most restrictive limit and,
     * with several limits, {@code :<i>} (its 1-based index). The script answers one short bulk string because
     * Redis converts a Lua table reply into an array at a cost of about a microsecond of its single thread per
     * call.
     */
    private RateLimitDecision fromReply(byte[] reply) {
        String text = new String(reply, StandardCharsets.US_ASCII);
        String[] fields = text.split(":", -1);
        if (fields.length != (limits.size() == 1 ? 3 : 4)) {
            throw malformed(text);
        }
        long remaining;
        long reset;
        long retry;
        int index;
        try {
            remaining = Long.parseLong(fields[0]);
            reset = Long.parseLong(fields[1]);
            retry = Long.parseLong(fields[2]);
            index = fields.length == 4 ? Integer.parseInt(fields[3]) : 1;
        } catch (NumberFormatException e) {
            throw malformed(text);
        }
        if (remaining < 0 || reset < 0 || retry < 0 || index < 1 || index > limits.size()) {
            throw malformed(text);
        }
        Limit l = limits.get(index - 1);
        boolean allowed = retry == 0;
        long capacity = algorithm.capacity(l);
        return new RateLimitDecision(
                allowed,
                capacity,
                Math.min(remaining, capacity),
                Duration.ofMillis(reset),
                allowed ? Duration.ZERO : Duration.ofMillis(retry),
                l.window());
    }

    private RedkitException malformed(String reply) {
        return new RedkitException(
                "unexpected reply '" + reply + "' from " + algorithm.script().name(), null);
    }

    private RateLimitDecision onFailure(String operation, RedkitException e, long permits) {
        metrics.increment("failures");
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn(
                    "rate limiter '{}' could not reach a decision ({}), answering {}: {}",
                    name,
                    operation,
                    failurePolicy,
                    e.toString());
        } else {
            LOG.debug("rate limiter '{}' failed ({}), answering {}", name, operation, failurePolicy, e);
        }
        return byPolicy(permits);
    }

    private RateLimitDecision byPolicy(long permits) {
        Limit l = limits.get(smallest);
        if (failurePolicy == FailurePolicy.FAIL_OPEN) {
            return new RateLimitDecision(
                    true, smallestCapacity, smallestCapacity - permits, Duration.ZERO, Duration.ZERO, l.window());
        }
        return new RateLimitDecision(false, smallestCapacity, 0, FAIL_CLOSED_RETRY, FAIL_CLOSED_RETRY, l.window());
    }

    private List<Object> scriptArgs(byte[] consume, byte[] permits) {
        List<Object> args = new ArrayList<>(2 + limitArgs.size());
        args.add(consume);
        args.add(permits);
        args.addAll(limitArgs);
        return args;
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Describes a limiter for {@code toString()}.
     *
     * @param type the public type name
     * @return the description
     */
    public String describe(String type) {
        return type + "{name=" + name + ", limits=" + limits + ", failurePolicy=" + failurePolicy + ", " + backoff
                + '}';
    }
}
