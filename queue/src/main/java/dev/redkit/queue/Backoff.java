package dev.redkit.queue;

import dev.redkit.core.spi.Checks;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a failed job waits before its next attempt. Immutable and thread-safe.
 * <!-- snippet: QueueSnippets#backoff -->
 * <pre>{@code
 * Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(10))
 *         .withJitter();
 * b.delay(1); // about 0.5-1 s after the first failure
 * b.delay(4); // about 4-8 s after the fourth
 * }</pre>
 * Exponential backoff waits {@code base * 2^(failures-1)}, capped at {@code max}. With jitter the wait is
 * drawn uniformly from {@code [d/2, d]} ("equal jitter"): retries of jobs that failed together spread out,
 * and no retry comes sooner than half the nominal delay.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final boolean exponential;
    private final boolean jitter;

    private Backoff(Duration base, Duration max, boolean exponential, boolean jitter) {
        this.base = base;
        this.max = max;
        this.exponential = exponential;
        this.jitter = jitter;
    }

    /**
     * Doubling delays from {@code base}, capped at {@code max}.
     *
     * @param base the delay after the first failure, positive
     * @param max the longest delay, at least {@code base}
     * @return the backoff, without jitter
     * @throws IllegalArgumentException if a duration is null, not positive, or {@code max < base}
     */
    public static Backoff exponential(Duration base, Duration max) {
        Checks.positive(base, "base");
        Checks.positive(max, "max");
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("max must be at least base, was " + max + " < " + base);
        }
        return new Backoff(base, max, true, false);
    }

    /**
     * The same delay after every failure.
     *
     * @param delay the delay, zero or positive (zero retries at once)
     * @return the backoff, without jitter
     * @throws IllegalArgumentException if the delay is null or negative
     */
    public static Backoff fixed(Duration delay) {
        Checks.notNegative(delay, "delay");
        return new Backoff(delay, delay, false, false);
    }

    /**
     * This backoff with equal jitter (see the class documentation).
     *
     * @return a new backoff
     */
    public Backoff withJitter() {
        return new Backoff(base, max, exponential, true);
    }

    /**
     * The delay before the attempt that follows the given number of failures.
     *
     * @param failures how many attempts failed so far, 1 or more
     * @return the delay, never negative
     * @throws IllegalArgumentException if {@code failures < 1}
     */
    public Duration delay(int failures) {
        Checks.positive(failures, "failures");
        long baseMs = base.toMillis();
        long maxMs = max.toMillis();
        long ms = baseMs;
        if (exponential) {
            for (int i = 1; i < failures && ms < maxMs; i++) {
                ms = ms > maxMs / 2 ? maxMs : ms * 2;
            }
        }
        if (jitter && ms > 1) {
            ms = ms / 2 + ThreadLocalRandom.current().nextLong(ms - ms / 2 + 1);
        }
        return Duration.ofMillis(ms);
    }

    @Override
    public String toString() {
        return exponential
                ? "Backoff{exponential, base=" + base + ", max=" + max + ", jitter=" + jitter + '}'
                : "Backoff{fixed " + base + ", jitter=" + jitter + '}';
    }
}
