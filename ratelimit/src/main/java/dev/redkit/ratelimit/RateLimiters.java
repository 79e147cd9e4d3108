package dev.redkit.ratelimit;

import dev.redkit.core.spi.Checks;
import dev.redkit.core.KeySpace;
import dev.redkit.core.spi.RedisBackoff;
import dev.redkit.core.RedisConnector;
import dev.redkit.ratelimit.internal.Algorithm;
import dev.redkit.ratelimit.internal.LimiterEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * Creates rate limiters. The short forms use the defaults ({@link FailurePolicy#FAIL_CLOSED}, no Redis
 * back-off, the connector's meter registry); {@link #builder(RedisConnector, String)} sets options first.
 * <pre>{@code
 * RateLimiter api = RateLimiters.builder(connector, "api")
 *         .failurePolicy(FailurePolicy.FAIL_OPEN)
 *         .fixedWindow(Limit.perMinute(100));
 * RateLimiter redeem = RateLimiters.slidingWindow(connector, "redeem", Limit.perMinute(5), Limit.perDay(100));
 * RateLimiter sms = RateLimiters.gcra(connector, "sms", Limit.of(10, Duration.ofSeconds(1)).burst(20));
 * }</pre>
 *
 * <h2>Limits</h2>
 * A limiter takes 1 to 8 limits with different windows; a request must pass all of them and consumes
 * from all of them, atomically. Limiters are cheap: creating one talks to no server. Two limiters of
 * the same name and algorithm share their counters for limits with the same window, whatever their
 * permits, so a changed limit applies at once to the counts already made.
 *
 * <h2>Metrics</h2>
 * With a registry, each limiter records the timers {@code redkit.ratelimit.acquire} and
 * {@code redkit.ratelimit.peek} (tags {@code name} and {@code outcome} = {@code allowed} or
 * {@code denied}, failures included as answered by the policy) and the counter
 * {@code redkit.ratelimit.failures} (tag {@code name}), once per call Redis could not answer. With
 * {@link Builder#redisBackoff(Duration, Duration) redisBackoff}, decisions answered by the policy without
 * calling Redis are counted as {@code redkit.ratelimit.bypassed} (tag {@code name}) instead, and timed
 * like the others.
 */
public final class RateLimiters {

    private RateLimiters() {
    }

    /**
     * A fixed window limiter with the default options.
     *
     * @param connector the connector
     * @param name the limiter name: 1-64 characters from {@code a-z 0-9 . _ -}
     * @param limits the limits, at least one
     * @return the limiter
     * @throws IllegalArgumentException for a null connector, a bad name, or missing or invalid limits
     */
    public static FixedWindowRateLimiter fixedWindow(RedisConnector connector, String name, Limit... limits) {
        return builder(connector, name).fixedWindow(limits);
    }

    /**
     * A sliding window limiter (weighted two-window counter) with the default options.
     *
     * @param connector the connector
     * @param name the limiter name
     * @param limits the limits, at least one
     * @return the limiter
     * @throws IllegalArgumentException for a null connector, a bad name, or missing or invalid limits
     */
    public static SlidingWindowRateLimiter slidingWindow(RedisConnector connector, String name, Limit... limits) {
        return builder(connector, name).slidingWindow(limits);
    }

    /**
     * An exact sliding log limiter with the default options; see {@link SlidingWindowRateLimiter} for its
     * memory cost.
     *
     * @param connector the connector
     * @param name the limiter name
     * @param limits the limits, at least one, each with at most 100,000 permits
     * @return the limiter
     * @throws IllegalArgumentException for a null connector, a bad name, or missing or invalid limits
     */
    public static SlidingWindowRateLimiter slidingLog(RedisConnector connector, String name, Limit... limits) {
        return builder(connector, name).slidingLog(limits);
    }

    /**
     * A GCRA limiter with the default options.
     *
     * @param connector the connector
     * @param name the limiter name
     * @param limits the limits, at least one
     * @return the limiter
     * @throws IllegalArgumentException for a null connector, a bad name, or missing or invalid limits
     */
    public static GcraRateLimiter gcra(RedisConnector connector, String name, Limit... limits) {
        return builder(connector, name).gcra(limits);
    }

    /**
     * Starts building a limiter with options; the algorithm method at the end creates it.
     *
     * @param connector the connector
     * @param name the limiter name: 1-64 characters from {@code a-z 0-9 . _ -}; it names the keys and
     *     the metrics
     * @return a builder
     * @throws IllegalArgumentException for a null connector or a bad name
     */
    public static Builder builder(RedisConnector connector, String name) {
        return new Builder(connector, name);
    }

    /**
     * Options of a limiter. Each option may be set once; the algorithm methods ({@link #fixedWindow},
     * {@link #slidingWindow}, {@link #slidingLog}, {@link #gcra}) create a limiter with them and may be
     * called more than once. Not thread-safe.
     */
    public static final class Builder {
        private final RedisConnector connector;
        private final String name;
        private FailurePolicy failurePolicy;
        private Duration redisBackoff = Duration.ZERO;
        private Duration redisBackoffMax = Duration.ZERO;
        private boolean redisBackoffSet;
        private Clock clock;
        private MeterRegistry meterRegistry;
        private boolean meterRegistrySet;

        private Builder(RedisConnector connector, String name) {
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
        public Builder failurePolicy(FailurePolicy policy) {
            if (failurePolicy != null) {
                throw new IllegalStateException("failurePolicy was already set to " + failurePolicy);
            }
            this.failurePolicy = Checks.notNull(policy, "failurePolicy");
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
        public Builder redisBackoff(Duration initial, Duration max) {
            if (redisBackoffSet) {
                throw new IllegalStateException("redisBackoff was already set to " + redisBackoff + " .. " + redisBackoffMax);
            }
            RedisBackoff.checkDurations(initial, max);
            this.redisBackoff = initial;
            this.redisBackoffMax = max;
            this.redisBackoffSet = true;
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
        public Builder clock(Clock clock) {
            if (this.clock != null) {
                throw new IllegalStateException("clock was already set to " + this.clock);
            }
            this.clock = Checks.notNull(clock, "clock");
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
        public Builder meterRegistry(MeterRegistry registry) {
            if (meterRegistrySet) {
                throw new IllegalStateException("meterRegistry was already set");
            }
            this.meterRegistry = registry;
            this.meterRegistrySet = true;
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
            RedisBackoff backoff = RedisBackoff.of("rate limiter '" + name + "'", redisBackoff, redisBackoffMax,
                    clock == null ? Clock.systemUTC() : clock);
            return new LimiterEngine(connector, name, algorithm, Arrays.asList(limits),
                    failurePolicy == null ? FailurePolicy.FAIL_CLOSED : failurePolicy, backoff,
                    meterRegistrySet ? meterRegistry : connector.meterRegistry());
        }

        @Override
        public String toString() {
            return "RateLimiters.Builder{name=" + name + ", failurePolicy="
                    + (failurePolicy == null ? FailurePolicy.FAIL_CLOSED : failurePolicy) + ", redisBackoff="
                    + (redisBackoff.isZero() ? "off" : redisBackoff + " .. " + redisBackoffMax) + '}';
        }
    }
}
