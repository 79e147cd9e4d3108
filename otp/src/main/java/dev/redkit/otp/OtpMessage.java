package dev.redkit.otp;

import java.time.Instant;
import java.util.Objects;

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
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "OtpMessage[purpose=" + purpose + ", destination=" + destination + ", code=******, expiresAt=" + expiresAt + ']';
    }
}
