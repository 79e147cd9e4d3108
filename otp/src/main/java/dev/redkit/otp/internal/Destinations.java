package dev.redkit.otp.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The built-in destination normalisers behind {@link dev.redkit.otp.DestinationNormalizer}. Error
 * messages name the parameter {@code destination} and never repeat its value (personal data).
 */
public final class Destinations {

    /** Longest e-mail address accepted (RFC 5321 path limit). */
    static final int MAX_EMAIL = 254;
    /** Longest raw phone input accepted, before dropping separators. */
    static final int MAX_PHONE_INPUT = 64;

    private static final Pattern TRUNK_ZERO = Pattern.compile("\\(\\s*0\\s*\\)");
    private static final Pattern CALLING_CODE = Pattern.compile("[1-9][0-9]{0,2}");
    private static final Pattern NATIONAL_PREFIX = Pattern.compile("[0-9]{0,2}");

    private Destinations() {}

    /**
     * Normalises an e-mail address.
     *
     * @param destination the input
     * @return trimmed, in Unicode NFC and lower-cased
     * @throws IllegalArgumentException naming {@code destination}
     */
    public static String email(String destination) {
        String d = trimmed(destination);
        if (d.length() <= MAX_EMAIL) {
            d = Normalizer.normalize(d, Normalizer.Form.NFC);
        }
        if (d.length() > MAX_EMAIL) {
            throw new IllegalArgumentException(
                    "destination must be an e-mail address of at most " + MAX_EMAIL + " characters, was " + d.length());
        }
        int at = d.indexOf('@');
        if (at <= 0 || at == d.length() - 1 || d.indexOf('@', at + 1) >= 0) {
            throw new IllegalArgumentException(
                    "destination must be an e-mail address with one @ between a local part and a domain");
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
     * Normalises an international phone number to {@code +<country calling code><national number>}; a number
     * without {@code +} or {@code 00} is rejected. See {@link #phone(String, String, String)}.
     *
     * @param destination the input
     * @return the canonical form, {@code +} and 7 to 15 digits
     * @throws IllegalArgumentException naming {@code destination}
     */
    public static String phone(String destination) {
        return phone(destination, null, null);
    }

    /**
     * Normalises a phone number to the E.164 form {@code +<country calling code><national number>}.
     * <ol>
     *   <li>Accepted characters: digits, one {@code +} before the first digit, spaces and {@code - . ( ) /}
     *       (dropped); anything else is rejected.</li>
     *   <li>International input starts with {@code +} or {@code 00} (dropped); the next digit, the country
     *       calling code's first, must not be {@code 0}. A {@code (0)} group, the national trunk prefix that
     *       {@code +44 (0)20 7946 0958} shows, is dropped.</li>
     *   <li>Any other input is a national number: without a default calling code it is rejected (never
     *       guessed); with one, one leading {@code nationalPrefix} (the trunk prefix, such as {@code 0} in
     *       most of Europe or {@code 1} in North America) is dropped and the calling code put in front.</li>
     *   <li>7 to 15 digits must remain (E.164 allows at most 15).</li>
     * </ol>
     *
     * @param destination the input
     * @param defaultCallingCode the calling code for national numbers, or {@code null} to reject them
     * @param nationalPrefix the trunk prefix dropped from national numbers ({@code ""} for none); ignored when
     *     {@code defaultCallingCode} is {@code null}
     * @return the canonical form, {@code +} and 7 to 15 digits
     * @throws IllegalArgumentException naming {@code destination}
     */
    public static String phone(
            String destination, @Nullable String defaultCallingCode, @Nullable String nationalPrefix) {
        String d = trimmed(destination);
        if (d.length() > MAX_PHONE_INPUT) {
            throw new IllegalArgumentException("destination must be a phone number of at most " + MAX_PHONE_INPUT
                    + " characters, was " + d.length());
        }
        boolean plus = false;
        int digitCount = 0;
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c >= '0' && c <= '9') {
                digitCount++;
            } else if (c == '+' && !plus && digitCount == 0) {
                plus = true;
            } else if (!(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/')) {
                throw new IllegalArgumentException(
                        "destination must be a phone number: digits, one + before them, spaces and - . ( ) / only");
            }
        }
        String digits = digitsOf(d);
        boolean international = plus || digits.startsWith("00");
        if (international) {
            digits = digitsOf(TRUNK_ZERO.matcher(d).replaceAll(""));
            if (!plus) {
                digits = digits.substring(2);
            }
            if (digits.startsWith("0")) {
                throw new IllegalArgumentException(
                        "destination must have a country calling code after + or 00, which never starts with 0");
            }
        } else if (defaultCallingCode == null) {
            throw new IllegalArgumentException(
                    "destination must be an international phone number starting with + or 00 and"
                            + " the country calling code (a national number needs a default calling code on the normaliser)");
        } else {
            String prefix = nationalPrefix == null ? "" : nationalPrefix;
            if (!prefix.isEmpty() && digits.startsWith(prefix)) {
                digits = digits.substring(prefix.length());
            }
            digits = defaultCallingCode + digits;
        }
        if (digits.length() < 7 || digits.length() > 15) {
            throw new IllegalArgumentException(
                    "destination must be a phone number of 7 to 15 digits with its country calling code, had "
                            + digits.length());
        }
        return "+" + digits;
    }

    /**
     * Checks the settings of {@link #phone(String, String, String)} for national numbers.
     *
     * @param defaultCallingCode 1 to 3 digits, not starting with 0
     * @param nationalPrefix 0 to 2 digits
     * @throws IllegalArgumentException naming the parameter
     */
    public static void checkNationalSettings(String defaultCallingCode, String nationalPrefix) {
        if (defaultCallingCode == null
                || !CALLING_CODE.matcher(defaultCallingCode).matches()) {
            throw new IllegalArgumentException(
                    "defaultCallingCode must be 1 to 3 digits not starting with 0 (44, 1, 91), was "
                            + (defaultCallingCode == null ? "null" : "'" + defaultCallingCode + "'"));
        }
        if (nationalPrefix == null || !NATIONAL_PREFIX.matcher(nationalPrefix).matches()) {
            throw new IllegalArgumentException("nationalPrefix must be 0 to 2 digits (\"0\", \"1\", \"\"), was "
                    + (nationalPrefix == null ? "null" : "'" + nationalPrefix + "'"));
        }
    }

    private static String digitsOf(String s) {
        StringBuilder digits = new StringBuilder(16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
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
        return emailOrPhone(destination, null, null);
    }

    /**
     * Normalises as an e-mail address if the input contains {@code @}, else as a phone number with
     * {@link #phone(String, String, String)}.
     *
     * @param destination the input
     * @param defaultCallingCode the calling code for national numbers, or {@code null} to reject them
     * @param nationalPrefix the trunk prefix dropped from national numbers
     * @return the canonical form
     * @throws IllegalArgumentException naming {@code destination}
     */
    public static String emailOrPhone(
            String destination, @Nullable String defaultCallingCode, @Nullable String nationalPrefix) {
        return trimmed(destination).indexOf('@') >= 0
                ? email(destination)
                : phone(destination, defaultCallingCode, nationalPrefix);
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
