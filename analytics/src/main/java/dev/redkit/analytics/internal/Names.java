package dev.redkit.analytics.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.spi.Checks;

/** Validation of every name and value that reaches a key or a script, with messages naming the parameter. */
public final class Names {

    /** The longest metric or trending name, so that the key suffix built from it stays an identifier. */
    public static final int MAX_NAME_LENGTH = 60;
    /** The longest member (user id, offer id) accepted, in characters. */
    public static final int MAX_MEMBER_LENGTH = KeySpace.MAX_PART_LENGTH;

    private Names() {}

    /**
     * A metric or trending name: 1-60 characters from {@code a-z 0-9 . _ -}.
     *
     * @param value the name
     * @param parameter the parameter name for messages
     * @return the value
     */
    public static String name(String value, String parameter) {
        Checks.notEmpty(value, parameter, MAX_NAME_LENGTH);
        return KeySpace.identifier(value, parameter);
    }

    /**
     * An untrusted dimension (offer id, merchant slug): 1-512 characters, any text.
     *
     * @param value the dimension
     * @return the value
     */
    public static String dimension(String value) {
        return KeySpace.checkPart(value, "dimension");
    }

    /**
     * An untrusted member (user id, offer id): 1-512 characters.
     *
     * @param value the member
     * @param parameter the parameter name for messages
     * @return the value
     */
    public static String member(String value, String parameter) {
        return Checks.notEmpty(value, parameter, MAX_MEMBER_LENGTH);
    }

    /**
     * A counter increment: positive.
     *
     * @param amount the amount
     * @return the value
     */
    public static long amount(long amount) {
        return Checks.positive(amount, "amount");
    }

    /**
     * A trending weight: finite and positive.
     *
     * @param weight the weight
     * @return the value
     */
    public static double weight(double weight) {
        Checks.finite(weight, "weight");
        if (weight <= 0) {
            throw new IllegalArgumentException("weight must be positive, was " + weight);
        }
        return weight;
    }
}
