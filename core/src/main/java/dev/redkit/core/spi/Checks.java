package dev.redkit.core.spi;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by every Redkit builder and API, so that a bad value fails at once with an
 * {@link IllegalArgumentException} whose message names the parameter or field.
 * <!-- snippet: CoreSnippets#checks -->
 * <pre>{@code
 * this.ttl = Checks.positive(ttl, "ttl");
 * this.maxAttempts = Checks.positive(maxAttempts, "maxAttempts");
 * String id = Checks.notEmpty(userId, "userId", 256);
 * }</pre>
 */
public final class Checks {

    /** The longest duration whose {@link Duration#toMillis()} does not overflow. */
    private static final Duration LONGEST = Duration.ofMillis(Long.MAX_VALUE);

    private Checks() {}

    /**
     * A positive duration of at most {@code Long.MAX_VALUE} milliseconds.
     *
     * @param value the duration
     * @param name the parameter name for the message
     * @return the value
     * @throws IllegalArgumentException if null, zero or negative
     */
    public static Duration positive(@Nullable Duration value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        if (value.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(name + " is too long, was " + value);
        }
        return value;
    }

    /**
     * A duration of at least one whole millisecond, as {@code PX}/{@code PEXPIRE} need.
     *
     * @param value the duration
     * @param name the parameter name
     * @return the value
     * @throws IllegalArgumentException if null or shorter than 1 ms
     */
    public static Duration positiveMillis(@Nullable Duration value, String name) {
        Duration checked = positive(value, name);
        if (checked.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, was " + checked);
        }
        return checked;
    }

    /**
     * A duration that is zero or positive.
     *
     * @param value the duration
     * @param name the parameter name
     * @return the value
     * @throws IllegalArgumentException if null, negative or longer than {@code Long.MAX_VALUE} milliseconds
     */
    public static Duration notNegative(@Nullable Duration value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        if (value.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(name + " is too long, was " + value);
        }
        return value;
    }

    /**
     * Checks that a duration is zero (which the caller takes as "off") or at least one millisecond.
     *
     * @param value the value
     * @param name the parameter name used in the error message
     * @return the value
     * @throws IllegalArgumentException naming the parameter if the value is null, negative, longer than
     *     {@code Long.MAX_VALUE} milliseconds, or shorter than 1 ms but not zero
     */
    public static Duration zeroOrPositiveMillis(@Nullable Duration value, String name) {
        Duration checked = notNegative(value, name);
        return checked.isZero() ? checked : positiveMillis(checked, name);
    }

    /**
     * Checks that a duration is whole milliseconds between {@code min} and {@code max} inclusive.
     *
     * @param value the value
     * @param min the shortest accepted, positive
     * @param max the longest accepted
     * @param name the parameter name used in the error message
     * @return the value
     * @throws IllegalArgumentException naming the parameter if the value is null, not positive, out of range or
     *     not whole milliseconds
     */
    public static Duration between(@Nullable Duration value, Duration min, Duration max, String name) {
        Duration checked = positive(value, name);
        if (checked.compareTo(min) < 0 || checked.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        if (checked.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException(name + " must be whole milliseconds, was " + checked);
        }
        return checked;
    }

    /**
     * A positive whole number.
     *
     * @param value the number
     * @param name the parameter name
     * @return the value
     * @throws IllegalArgumentException if zero or negative
     */
    public static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /**
     * A positive whole number.
     *
     * @param value the number
     * @param name the parameter name
     * @return the value
     * @throws IllegalArgumentException if zero or negative
     */
    public static int positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /**
     * A number within bounds.
     *
     * @param value the number
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param name the parameter name
     * @return the value
     * @throws IllegalArgumentException if out of bounds
     */
    public static long between(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /**
     * A finite floating point number (not NaN or infinite).
     *
     * @param value the number
     * @param name the parameter name
     * @return the value
     * @throws IllegalArgumentException if NaN or infinite
     */
    public static double finite(double value, String name) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, was " + value);
        }
        return value;
    }

    /**
     * A finite number greater than zero.
     *
     * @param value the number
     * @param name the parameter name
     * @return the value
     * @throws IllegalArgumentException if NaN, infinite, zero or negative
     */
    public static double positiveFinite(double value, String name) {
        finite(value, name);
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /**
     * A non-empty string of at most {@code maxLength} characters.
     *
     * @param value the string
     * @param name the parameter name
     * @param maxLength the longest allowed length
     * @return the value
     * @throws IllegalArgumentException if null, empty or too long
     */
    public static String notEmpty(@Nullable String value, String name, int maxLength) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(
                    name + " must be at most " + maxLength + " characters, was " + value.length());
        }
        return value;
    }

    /**
     * Text that has a UTF-8 form: no unpaired surrogate, which Redis would otherwise store as {@code ?}
     * (so that two different strings could collide).
     *
     * @param value the text, not null
     * @param name the parameter name
     * @return the value
     * @throws IllegalArgumentException naming the parameter and the index of the unpaired surrogate
     */
    public static String wellFormed(@Nullable String value, String name) {
        String text = notNull(value, name);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(name + " contains an unpaired surrogate at index " + i);
            }
        }
        return text;
    }

    /**
     * A non-null reference.
     *
     * @param value the reference
     * @param name the parameter name
     * @param <T> the type
     * @return the value
     * @throws IllegalArgumentException if null
     */
    public static <T> T notNull(@Nullable T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
