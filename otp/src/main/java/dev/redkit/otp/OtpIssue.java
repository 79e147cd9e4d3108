package dev.redkit.otp;

import dev.redkit.core.spi.Checks;
import java.time.Duration;
import java.time.Instant;

/**
 * What {@link OtpService#issue(String, String)} decided: a new code was {@link Issued}, or the request was
 * refused because of the resend {@link Cooldown} or the {@link SendLimit}, with the time after which a new
 * request can succeed.
 * <!-- snippet: OtpSnippets#otpIssue -->
 * <pre>{@code
 * OtpIssue outcome = otp.issue("login", phone);
 * if (outcome instanceof OtpIssue.Issued issued) {
 *     sms.send(phone, "Your code: " + issued.code());
 * } else if (outcome instanceof OtpIssue.Cooldown cooldown) {
 *     return "Wait " + cooldown.retryAfter().toSeconds() + " s before asking for a new code";
 * }
 * }</pre>
 */
public sealed interface OtpIssue permits OtpIssue.Issued, OtpIssue.Cooldown, OtpIssue.SendLimit {

    /**
     * Whether a code was issued.
     *
     * @return true for {@link Issued}
     */
    default boolean issued() {
        return this instanceof Issued;
    }

    /**
     * A new code is live and replaced any earlier code of the same (purpose, destination). The clear code
     * exists only here: Redis holds an HMAC of it. {@link #toString()} masks the code.
     *
     * @param code the code to deliver, never null
     * @param expiresAt when the code stops verifying, by the service's {@link java.time.Clock}
     */
    record Issued(String code, Instant expiresAt) implements OtpIssue {
        /**
         * Checks the components.
         *
         * @param code the code
         * @param expiresAt the expiry
         */
        public Issued {
            Checks.notNull(code, "code");
            Checks.notNull(expiresAt, "expiresAt");
        }

        @Override
        public String toString() {
            return "Issued[code=******, expiresAt=" + expiresAt + ']';
        }
    }

    /**
     * Refused: a code for this (purpose, destination) was issued less than the resend cooldown ago.
     * Nothing was changed in Redis.
     *
     * @param retryAfter how long until the cooldown ends (positive)
     */
    record Cooldown(Duration retryAfter) implements OtpIssue {
        /**
         * Checks the component.
         *
         * @param retryAfter the wait
         */
        public Cooldown {
            Checks.notNull(retryAfter, "retryAfter");
        }
    }

    /**
     * Refused: the destination already received the maximum number of codes (over all purposes) within
     * the send window. Nothing was changed in Redis.
     *
     * @param retryAfter how long until a request can succeed again (positive); also covers a cooldown
     *     that would end later
     */
    record SendLimit(Duration retryAfter) implements OtpIssue {
        /**
         * Checks the component.
         *
         * @param retryAfter the wait
         */
        public SendLimit {
            Checks.notNull(retryAfter, "retryAfter");
        }
    }
}
