package dev.redkit.ratelimit;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.RedisBackoff;
import dev.redkit.core.spi.SetOnce;
import dev.redkit.ratelimit.internal.Algorithm;
import dev.redkit.ratelimit.internal.LimiterEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Options of a limiter; {@link RateLimiter#builder(RedisConnector, String)} creates it with the mandatory name.
 * Each option validates at once, naming the field, and may be set once (a second call throws
 * {@link IllegalStateException} naming the earlier value); the algorithm with its limits is the mandatory last
 * step: there is no {@code build()}, so a limiter without limits does not compile. The algorithm methods the algorithm methods ({@link #fixedWindow}, {@link #slidingWindow}, {@link #slidingLog},
 * {@link #gcra}) create a limiter with the options and may be called more than once. Not thread-safe.
 */
public final class RateLimiterBuilder {
    private final RedisConnector connector;
    private final SetOnce<FailurePolicy> failurePolicy =
            SetOnce.withDefault("failurePolicy", FailurePolicy.FAIL_CLOSED);
    private final SetOnce<Backoff> redisBackoff =
            SetOnce.withDefault("redisBackoff", new Backoff(Duration.ZERO, Duration.ZERO));
    private final SetOnce<Clock> clock = SetOnce.withDefault("clock", Clock.systemUTC());
    private final SetOnce<MeterRegistry> meterRegistry = SetOnce.unset("meterRegistry");
    private final String name;

    RateLimiterBuilder(RedisConnector connector, String name) {
        this.connector = Checks.notNull(connector, "connector");
        this.name = KeySpace.identifier(name, "name");
    }

    /**
     * What to answer when Redis cannot decide; default {@link FailurePolicy#FAIL_CLOSED}.
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public RateLimiterBuilder failurePolicy(FailurePolicy policy) {
        this.failurePolicy.set(Checks.notNull(policy, "failurePolicy"));
        return this;
    }

    /**
     * Turns on a Redis back-off (off by default): after a call of this limiter fails with
     * {@link dev.redkit.core.RedisUnavailableException}, {@code tryAcquire} and {@code peek} answer by the
     * {@link #failurePolicy(FailurePolicy) failure policy} at once, without calling Redis, for
     * {@code initial}; then exactly one call probes Redis while the others keep answering by the policy. A
     * probe that Redis answers ends the back-off; one that fails starts the next, twice as long as the
     * last and at most {@code max}. A frozen or unreachable server then costs one socket timeout per
     * back-off instead of one per decision. Skipped decisions are counted as
     * {@code redkit.ratelimit.bypassed} (not as {@code failures}); the start of a back-off is logged once
     * at WARN, its end once at INFO. {@code reset} ignores it: it always calls Redis and throws
     * {@code RedisUnavailableException} when it cannot be reached.
     *
     * <p><b>Off by default because of what it does to a {@link FailurePolicy#FAIL_CLOSED} limiter:</b>
     * during a back-off it denies every request without asking Redis, so one slow reply (a pool with no
     * free connection under load, or on Cluster one unreachable node, for every caller key) denies all
     * traffic of this limiter for {@code initial}, and requests stay denied for up to the current back-off
     * after Redis is back. It suits {@link FailurePolicy#FAIL_OPEN} limiters that protect capacity, where
     * a frozen Redis would otherwise add the socket timeout to every request.
     *
     * <p>Each limiter created by this builder has its own back-off, timed by the builder's
     * {@link #clock(Clock) clock}.
     *
     * @param initial the first back-off: zero (off) or at least 1 ms
     * @param max the longest back-off, not shorter than {@code initial}
     * @return this builder
     * @throws IllegalArgumentException if either is null, negative or below 1 ms but not zero, or
     *     {@code max} is shorter than {@code initial}; the message names {@code redisBackoff.initial} or
     *     {@code redisBackoff.max}
     * @throws IllegalStateException if already set
     */
    public RateLimiterBuilder redisBackoff(Duration initial, Duration max) {
        RedisBackoff.checkDurations(initial, max);
        this.redisBackoff.set(new Backoff(initial, max));
        return this;
    }

    /**
     * The clock that times the {@link #redisBackoff(Duration, Duration) Redis back-off}; default
     * {@link Clock#systemUTC()}. Decisions never use it: windows and buckets run on the Redis server's
     * clock.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public RateLimiterBuilder clock(Clock clock) {
        this.clock.set(Checks.notNull(clock, "clock"));
        return this;
    }

    /**
     * The registry for this limiter's metrics; default the connector's
     * ({@link RedisConnector#meterRegistry()}).
     *
     * @param registry the registry, or {@code null} to record nothing
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public RateLimiterBuilder meterRegistry(@Nullable MeterRegistry registry) {
        this.meterRegistry.set(registry);
        return this;
    }

    /**
     * Creates a {@link FixedWindowRateLimiter}.
     *
     * @param limits the limits
     * @return the limiter
     * @throws IllegalArgumentException if the limits are missing, have equal windows or a burst
     */
    public FixedWindowRateLimiter fixedWindow(Limit... limits) {
        return new FixedWindowRateLimiter(engine(Algorithm.FIXED_WINDOW, limits));
    }

    /**
     * Creates a {@link SlidingWindowRateLimiter} that uses the weighted two-window counter.
     *
     * @param limits the limits
     * @return the limiter
     * @throws IllegalArgumentException if the limits are missing, have equal windows or a burst
     */
    public SlidingWindowRateLimiter slidingWindow(Limit... limits) {
        return new SlidingWindowRateLimiter(engine(Algorithm.SLIDING_WINDOW, limits), false);
    }

    /**
     * Creates a {@link SlidingWindowRateLimiter} that keeps an exact log.
     *
     * @param limits the limits, each with at most 100,000 permits
     * @return the limiter
     * @throws IllegalArgumentException if the limits are missing, have equal windows or a burst, or
     *     too many permits
     */
    public SlidingWindowRateLimiter slidingLog(Limit... limits) {
        return new SlidingWindowRateLimiter(engine(Algorithm.SLIDING_LOG, limits), true);
    }

    /**
     * Creates a {@link GcraRateLimiter}.
     *
     * @param limits the limits
     * @return the limiter
     * @throws IllegalArgumentException if the limits are missing or have equal windows
     */
    public GcraRateLimiter gcra(Limit... limits) {
        return new GcraRateLimiter(engine(Algorithm.GCRA, limits));
    }

    private LimiterEngine engine(Algorithm algorithm, Limit... limits) {
        Checks.notNull(limits, "limits");
        Backoff b = redisBackoff.get();
        RedisBackoff backoff = RedisBackoff.of("rate limiter '" + name + "'", b.initial(), b.max(), clock.get());
        return new LimiterEngine(
                connector,
                name,
                algorithm,
                Arrays.asList(limits),
                failurePolicy.get(),
                backoff,
                meterRegistry.isSet() ? meterRegistry.orNull() : connector.meterRegistry());
    }

    @Override
    public String toString() {
        return "RateLimiterBuilder{name=" + name + ", failurePolicy=" + failurePolicy.get() + ", redisBackoff="
                + redisBackoff.get() + '}';
    }

    /** The {@link #redisBackoff(Duration, Duration)} option: zero durations switch the back-off off. */
    private record Backoff(Duration initial, Duration max) {
        @Override
        public String toString() {
            return initial.isZero() ? "off" : initial + " .. " + max;
        }
    }
}
