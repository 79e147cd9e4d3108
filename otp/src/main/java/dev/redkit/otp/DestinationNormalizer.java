package dev.redkit.otp;

import dev.redkit.otp.internal.Destinations;

/**
 * Turns a destination as users type it into the one canonical form that identifies it, so that
 * {@code " Ann@Example.com"} and {@code "ann@example.com"}, or {@code "+44 20 7946 0958"},
 * {@code "0044 20 7946 0958"} and {@code "+44 (0)20 7946 0958"}, share one code, one cooldown, one send cap and one
 * guess budget. The canonical form is used only
 * in keys and in the code's HMAC; senders get the destination as the caller passed it.
 *
 * <p>Implementations must be pure and thread-safe, and throw {@link IllegalArgumentException} naming the
 * parameter {@code destination} for input they reject. The message should not repeat the destination, which
 * is personal data. Example of a custom normaliser:
 * <!-- snippet: OtpSnippets#destinationNormalizer -->
 * <pre>{@code
 * DestinationNormalizer userIds = d -> DestinationNormalizer.email().normalize(d + "@users.example");
 * }</pre>
 */
@FunctionalInterface
public interface DestinationNormalizer {

    /**
     * Normalises and validates a destination.
     *
     * @param destination the destination as given, may be null
     * @return the canonical form, not empty
     * @throws IllegalArgumentException naming {@code destination} if it is null, empty, too long or not valid
     */
    String normalize(String destination);

    /**
     * E-mail addresses: trimmed, in Unicode NFC (so a composed and a decomposed {@code é} are one address) and
     * lower-cased ({@link java.util.Locale#ROOT}); exactly one {@code @} with
     * text on both sides, no white space, control characters or unpaired UTF-16 surrogates (emoji and
     * other supplementary characters are accepted), at most 254 characters.
     *
     * @return the normaliser
     */
    static DestinationNormalizer email() {
        return Destinations::email;
    }

    /**
     * International phone numbers, in the E.164 form {@code +<country calling code><national number>}:
     * <ol>
     *   <li>digits, one {@code +} before the first digit, spaces and {@code - . ( ) /} are accepted (separators
     *       dropped); any other character is rejected;</li>
     *   <li>the number must start with {@code +} or {@code 00} (the international prefix, dropped) followed by the
     *       country calling code, whose first digit is never {@code 0}; a {@code (0)} group (the trunk prefix
     *       written as in {@code +44 (0)20 7946 0958}) is dropped;</li>
     *   <li><b>a national number (no {@code +} or {@code 00}) is rejected</b>, never guessed: {@code 020 7946 0958}
     *       or {@code (415) 555-2671} could belong to any country. Use {@link #phone(String, String)} to accept
     *       them;</li>
     *   <li>7 to 15 digits must remain (E.164 allows at most 15).</li>
     * </ol>
     * {@code "+44 20 7946 0958"}, {@code "0044 20 7946 0958"}, {@code "+44 (0)20 7946 0958"} and
     * {@code "+44.20.7946.0958"} all become {@code "+442079460958"}. A {@code 0} after the calling code written
     * without brackets ({@code +44 020 ...}) is kept: this normaliser has no per-country numbering plan.
     *
     * @return the normaliser
     */
    static DestinationNormalizer phone() {
        return Destinations::phone;
    }

    /**
     * Phone numbers as {@link #phone()}, and national numbers of one country: a number without {@code +} or
     * {@code 00} loses one leading {@code nationalPrefix} and gets {@code defaultCallingCode} in front. For the UK,
     * {@code phone("44", "0")} turns {@code "020 7946 0958"} into {@code "+442079460958"}; for North America
     * {@code phone("1", "1")} turns {@code "(415) 555-2671"} and {@code "1-415-555-2671"} into
     * {@code "+14155552671"}; where the leading {@code 0} is part of the number (Italy), pass {@code ""}.
     *
     * @param defaultCallingCode the country calling code for national numbers: 1 to 3 digits, not starting with 0
     * @param nationalPrefix the trunk prefix dialled before national numbers in that country (0 to 2 digits,
     *     {@code ""} for none), dropped once when present
     * @return the normaliser
     * @throws IllegalArgumentException naming {@code defaultCallingCode} or {@code nationalPrefix}
     */
    static DestinationNormalizer phone(String defaultCallingCode, String nationalPrefix) {
        Destinations.checkNationalSettings(defaultCallingCode, nationalPrefix);
        return d -> Destinations.phone(d, defaultCallingCode, nationalPrefix);
    }

    /**
     * {@link #email()} if the trimmed destination contains {@code @}, else {@link #phone(String, String)}.
     *
     * @param defaultCallingCode as for {@link #phone(String, String)}
     * @param nationalPrefix as for {@link #phone(String, String)}
     * @return the normaliser
     * @throws IllegalArgumentException naming {@code defaultCallingCode} or {@code nationalPrefix}
     */
    static DestinationNormalizer emailOrPhone(String defaultCallingCode, String nationalPrefix) {
        Destinations.checkNationalSettings(defaultCallingCode, nationalPrefix);
        return d -> Destinations.emailOrPhone(d, defaultCallingCode, nationalPrefix);
    }

    /**
     * The default: {@link #email()} if the trimmed destination contains {@code @}, else {@link #phone()} (so a
     * phone number must be international).
     *
     * @return the normaliser
     */
    static DestinationNormalizer emailOrPhone() {
        return Destinations::emailOrPhone;
    }
}
