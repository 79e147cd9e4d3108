package dev.redkit.otp;

import dev.redkit.core.spi.Checks;
import java.time.Instant;

/**
 * One code to deliver, handed to an {@link OtpSender}. {@link #toString()} masks the code, so a message
 * can be logged.
 *
 * @param purpose the purpose the code was issued for, for example {@code login}
 * @param destination the destination exactly as the caller passed it (not normalised), to deliver to
 * @param code the clear code
 * @param expiresAt when the code stops verifying, by the service's {@link java.time.Clock}
 */
public record OtpMessage(String purpose, String destination, String code, Instant expiresAt) {

    /**
     * Checks the components.
     *
     * @param purpose the purpose
     * @param destination the destination
     * @param code the code
     * @param expiresAt the expiry
     */
    public OtpMessage {
        Checks.notNull(purpose, "purpose");
        Checks.notNull(destination, "destination");
        Checks.notNull(code, "code");
        Checks.notNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "OtpMessage[purpose=" + purpose + ", destination=" + destination + ", code=******, expiresAt="
                + expiresAt + ']';
    }
}
