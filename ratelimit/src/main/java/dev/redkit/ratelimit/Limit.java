package dev.redkit.ratelimit;

import java.time.Duration;

/**
 * One rate: at most {@code permits} per {@code window}, and for {@linkplain RateLimiterBuilder#gcra GCRA} a
 * {@code burst}, the most permits that may be taken at once after a quiet period (the bucket capacity;
 * by default equal to {@code permits}).
 * <!-- snippet: RateLimitSnippets#limit -->
 * <pre>{@code
 * Limit api = Limit.perMinute(100);
 * Limit daily = Limit.perDay(100);
 * Limit sms = Limit.of(10, Duration.ofSeconds(1)).burst(20);
 * }</pre>
 * Immutable and thread-safe.
 *
 * @param permits permits per window, 1 to {@value #MAX_PERMITS}
 * @param window the window, a whole number of milliseconds from 1 ms to {@link #MAX_WINDOW}
 * @param burst the GCRA bucket capacity, 1 to {@value #MAX_PERMITS}; the fixed and sliding window
 *     limiters accept only {@code burst == permits}
 */
public record Limit(long permits, Duration window, long burst) {

    /** The largest number of permits (and burst) a limit may have. */
    public static final long MAX_PERMITS = 1_000_000_000L;
    /** The longest window a limit may have. */
    public static final Duration MAX_WINDOW = Duration.ofDays(366);

    /**
     * Validates the components.
     *
     * @param permits permits per window
     * @param window the window
     * @param burst the burst
     * @throws IllegalArgumentException naming the component that is out of range
     */
    public Limit {
        if (permits <= 0 || permits > MAX_PERMITS) {
            throw new IllegalArgumentException("permits must be between 1 and " + MAX_PERMITS + ", was " + permits);
        }
        if (window == null) {
            throw new IllegalArgumentException("window must not be null");
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("window must be at most " + MAX_WINDOW + ", was " + window);
        }
        if (window.toNanos() % 1_000_000L != 0) {
            throw new IllegalArgumentException("window must be a whole number of milliseconds, was " + window);
        }
        if (burst <= 0 || burst > MAX_PERMITS) {
            throw new IllegalArgumentException("burst must be between 1 and " + MAX_PERMITS + ", was " + burst);
        }
    }

    /**
     * A limit of {@code permits} per {@code window}, with a burst equal to {@code permits}.
     *
     * @param permits permits per window
     * @param window the window
     * @return the limit
     * @throws IllegalArgumentException if a value is out of range
     */
    public static Limit of(long permits, Duration window) {
        return new Limit(permits, window, permits);
    }

    /**
     * Permits per second.
     *
     * @param permits permits per second
     * @return the limit
     * @throws IllegalArgumentException if not positive
     */
    public static Limit perSecond(long permits) {
        return of(permits, Duration.ofSeconds(1));
    }

    /**
     * Permits per minute.
     *
     * @param permits permits per minute
     * @return the limit
     * @throws IllegalArgumentException if not positive
     */
    public static Limit perMinute(long permits) {
        return of(permits, Duration.ofMinutes(1));
    }

    /**
     * Permits per hour.
     *
     * @param permits permits per hour
     * @return the limit
     * @throws IllegalArgumentException if not positive
     */
    public static Limit perHour(long permits) {
        return of(permits, Duration.ofHours(1));
    }

    /**
     * Permits per day (24 hours on the Redis server's clock; fixed windows start at 00:00 UTC).
     *
     * @param permits permits per day
     * @return the limit
     * @throws IllegalArgumentException if not positive
     */
    public static Limit perDay(long permits) {
        return of(permits, Duration.ofDays(1));
    }

    /**
     * The same rate with another burst (GCRA only): up to {@code burst} permits may be taken at once
     * after a quiet period, after which permits come back at {@code permits / window}.
     *
     * @param burst the bucket capacity
     * @return a new limit
     * @throws IllegalArgumentException if not between 1 and {@value #MAX_PERMITS}
     */
    public Limit burst(long burst) {
        return new Limit(permits, window, burst);
    }

    @Override
    public String toString() {
        return permits + "/" + window + (burst != permits ? " burst " + burst : "");
    }
}
