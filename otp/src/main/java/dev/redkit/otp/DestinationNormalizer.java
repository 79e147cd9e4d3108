package dev.redkit.otp;

import dev.redkit.otp.internal.Destinations;

/**
 * Turns a destination as users type it into the one canonical form that identifies it, so that
 * {@code " Ann@Example.com"} and {@code "ann@example.com"}, or {@code "+91 98765-43210"} and
 * {@code "+919876543210"}, share one code, one cooldown and one send cap. The canonical form is used only
 * in keys and in the code's HMAC; senders get the destination as the caller passed it.
 *
 * <p>Implementations must be pure and thread-safe, and throw {@link IllegalArgumentException} naming the
 * parameter {@code destination} for input they reject. The message should not repeat the destination, which
 * is personal data. Example of a custom normaliser:
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
     * E-mail addresses: trimmed and lower-cased ({@link java.util.Locale#ROOT}); exactly one {@code @} with
     * text on both sides, no white space, control characters or unpaired UTF-16 surrogates (emoji and
     * other supplementary characters are accepted), at most 254 characters.
     *
     * @return the normaliser
     */
    static DestinationNormalizer email() {
        return Destinations::email;
    }

    /**
     * Phone numbers: digits only. Spaces, {@code - . ( ) /} and one {@code +} before the digits are accepted and
     * dropped; any other character is rejected; 7 to 15 digits must remain (E.164 allows at most 15).
     * {@code "+91 98765 43210"} becomes {@code "919876543210"}.
     *
     * @return the normaliser
     */
    static DestinationNormalizer phone() {
        return Destinations::phone;
    }

    /**
     * The default: {@link #email()} if the trimmed destination contains {@code @}, else {@link #phone()}.
     *
     * @return the normaliser
     */
    static DestinationNormalizer emailOrPhone() {
        return Destinations::emailOrPhone;
    }
}
