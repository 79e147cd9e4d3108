package dev.redkit.embedded.junit;

import dev.redkit.core.spi.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that tests move by hand, for components whose time is computed by the client:
 * pass it to a builder's {@code clock(...)} and call {@link #advance(Duration)} instead of sleeping.
 * <!-- snippet: EmbeddedSnippets#mutableClock -->
 * <pre>{@code
 * MutableClock clock = MutableClock.at("2026-03-29T00:30:00Z");
 * SessionStore sessions =
 *         SessionStore.builder(redis, "default", sessionKey).clock(clock).build();
 * clock.advance(Duration.ofMinutes(31));
 * }</pre>
 * Thread-safe; the time is UTC unless {@link #withZone(ZoneId)} is used.
 */
public final class MutableClock extends Clock {

    private volatile Instant now;
    private final ZoneId zone;

    /**
     * A clock standing at the given instant.
     *
     * @param start the initial instant
     */
    public MutableClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    private MutableClock(Instant start, ZoneId zone) {
        this.now = Checks.notNull(start, "start");
        this.zone = Checks.notNull(zone, "zone");
    }

    /**
     * A clock standing at an ISO-8601 instant.
     *
     * @param instant for example {@code 2026-11-26T10:00:00Z}
     * @return the clock
     */
    public static MutableClock at(String instant) {
        return new MutableClock(Instant.parse(instant));
    }

    /**
     * A clock standing at the current time, to the millisecond (so that Redis, which keeps
     * milliseconds, and the clock agree).
     *
     * @return the clock
     */
    public static MutableClock now() {
        return new MutableClock(Instant.ofEpochMilli(System.currentTimeMillis()));
    }

    /**
     * Moves the clock forward (or backward, for a negative duration).
     *
     * @param duration how far
     */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /**
     * Sets the clock.
     *
     * @param instant the new time
     */
    public void set(Instant instant) {
        now = Checks.notNull(instant, "instant");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public long millis() {
        return now.toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * A view of this clock in another zone; it moves with this clock.
     *
     * @param zone the zone
     * @return a clock sharing this clock's time
     */
    @Override
    public Clock withZone(ZoneId zone) {
        MutableClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }

    @Override
    public String toString() {
        return "MutableClock{" + now + ", " + zone + '}';
    }
}
