package dev.redkit.examples.platform;

import dev.redkit.otp.DestinationNormalizer;

/**
 * The app's one canonical phone form, {@code +<country code><number>} (E.164, as {@link DestinationNormalizer#phone()}
 * makes it): the key of the user table and the destination of every one-time code, so a number has one account, one
 * code, one cooldown and one send cap however it is typed. {@code +44 7700 900123}, {@code 0044 7700 900123},
 * {@code +44 (0)7700 900123} and {@code +44.7700.900.123} are all {@code +447700900123}. A national number
 * ({@code 07700 900123}) is refused, never guessed: the API asks for the international form.
 *
 * <p>This is the only place the app normalises a phone number: {@link #NORMALIZER} is the {@code OtpService}'s
 * destination normaliser and {@link #canonical(String)} feeds the user lookup; both are the library's normaliser.
 */
final class Phones {

    /** The OTP destination normaliser: the same function as the user lookup's. */
    static final DestinationNormalizer NORMALIZER = DestinationNormalizer.phone();

    private Phones() {}

    /**
     * @param raw a phone number as typed
     * @return the canonical form
     * @throws ApiException 400 naming {@code phone} if it is not an international phone number
     */
    static String canonical(String raw) {
        try {
            return NORMALIZER.normalize(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field 'phone' must be an international phone number"
                    + " (+ or 00, then the country code, e.g. +44 7700 900123)");
        }
    }
}
