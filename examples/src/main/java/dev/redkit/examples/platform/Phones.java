package dev.redkit.examples.platform;

import dev.redkit.otp.DestinationNormalizer;

/**
 * The app's one canonical phone form, {@code +<country code><number>} (E.164): the key of the user table and
 * the destination of every one-time code, so a number has one account, one code, one cooldown and one send cap
 * however it is typed. Spaces and {@code - . ( ) /} are dropped; a leading {@code +}, the international prefix
 * {@code 00} and any further leading zeros are dropped too (no country code starts with 0), so {@code +44 7700
 * 900123}, {@code 0044 7700 900123}, {@code 044 7700 900123} and {@code 447700900123} are all
 * {@code +447700900123}. Numbers are taken as international: a national number with a trunk zero
 * ({@code 07700 900123}) is read as country code 7; the API asks for the international form.
 *
 * <p>This is the only place the app normalises a phone number: {@link #NORMALIZER} is the {@code OtpService}'s
 * destination normaliser and {@link #canonical(String)} feeds the user lookup.
 */
final class Phones {

    /** The OTP destination normaliser: the same function as the user lookup's. */
    static final DestinationNormalizer NORMALIZER = Phones::canonicalOrThrow;

    private static final int MAX_INPUT = 32;

    private Phones() {
    }

    /**
     * @param raw a phone number as typed
     * @return the canonical form
     * @throws ApiException 400 naming {@code phone} if it is not a phone number of 8 to 15 digits
     */
    static String canonical(String raw) {
        try {
            return canonicalOrThrow(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field 'phone' must be an international phone number of 8-15 digits"
                    + " (country code first, e.g. +44 7700 900123)");
        }
    }

    private static String canonicalOrThrow(String raw) {
        if (raw == null || raw.length() > MAX_INPUT) {
            throw new IllegalArgumentException("destination must be a phone number of at most " + MAX_INPUT + " characters");
        }
        StringBuilder digits = new StringBuilder(16);
        boolean plusAllowed = true;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits.length() > 0 || c != '0') {
                    digits.append(c);
                }
                plusAllowed = false;
            } else if (c == '+' && plusAllowed) {
                plusAllowed = false;
            } else if (" -.()/".indexOf(c) < 0) {
                throw new IllegalArgumentException("destination must be a phone number: digits, one leading +, spaces and - . ( ) / only");
            }
        }
        if (digits.length() < 8 || digits.length() > 15) {
            throw new IllegalArgumentException("destination must be a phone number of 8 to 15 digits after the country code's leading zeros");
        }
        return "+" + digits;
    }
}
