package dev.redkit.otp.internal;

import java.util.Locale;

/**
 * The built-in destination normalisers behind {@link dev.redkit.otp.DestinationNormalizer}. Error
 * messages name the parameter {@code destination} and never repeat its value (personal data).
 */
public final class Destinations {

    /** Longest e-mail address accepted (RFC 5321 path limit). */
    static final int MAX_EMAIL = 254;
    /** Longest raw phone input accepted, before dropping separators. */
    static final int MAX_PHONE_INPUT = 64;

    private Destinations() {
    }

    /**
     * Normalises an e-mail address.
     *
     * @param destination the input
     * @return trimmed and lower-cased
     * @throws IllegalArgumentException naming {@code destination}
     */
    public static String email(String destination) {
        String d = trimmed(destination);
        if (d.length() > MAX_EMAIL) {
            throw new IllegalArgumentException("destination must be an e-mail address of at most " + MAX_EMAIL
                    + " characters, was " + d.length());
        }
        int at = d.indexOf('@');
        if (at <= 0 || at == d.length() - 1 || d.indexOf('@', at + 1) >= 0) {
            throw new IllegalArgumentException("destination must be an e-mail address with one @ between a local part and a domain");
        }
        for (int i = 0; i < d.length(); ) {
            int c = d.codePointAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
                throw new IllegalArgumentException("destination must be an e-mail address without white space, control"
                        + " characters or unpaired surrogates");
            }
            i += Character.charCount(c);
        }
        return d.toLowerCase(Locale.ROOT);
    }

    /**
     * Normalises a phone number to its digits.
     *
     * @param destination the input
     * @return the digits only
     * @throws IllegalArgumentException naming {@code destination}
     */
    public static String phone(String destination) {
        String d = trimmed(destination);
        if (d.length() > MAX_PHONE_INPUT) {
            throw new IllegalArgumentException("destination must be a phone number of at most " + MAX_PHONE_INPUT
                    + " characters, was " + d.length());
        }
        StringBuilder digits = new StringBuilder(16);
        boolean plus = false;
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && !plus && digits.length() == 0) {
                plus = true;
            } else if (!(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/')) {
                throw new IllegalArgumentException("destination must be a phone number: digits, one + before them, spaces and - . ( ) / only");
            }
        }
        if (digits.length() < 7 || digits.length() > 15) {
            throw new IllegalArgumentException("destination must be a phone number of 7 to 15 digits, had " + digits.length());
        }
        return digits.toString();
    }

    /**
     * Normalises as an e-mail address if the input contains {@code @}, else as a phone number.
     *
     * @param destination the input
     * @return the canonical form
     * @throws IllegalArgumentException naming {@code destination}
     */
    public static String emailOrPhone(String destination) {
        return trimmed(destination).indexOf('@') >= 0 ? email(destination) : phone(destination);
    }

    private static String trimmed(String destination) {
        if (destination == null) {
            throw new IllegalArgumentException("destination must not be null");
        }
        String d = destination.strip();
        if (d.isEmpty()) {
            throw new IllegalArgumentException("destination must not be empty");
        }
        return d;
    }
}
