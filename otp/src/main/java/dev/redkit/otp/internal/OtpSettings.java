package dev.redkit.otp.internal;

import dev.redkit.core.ReplicaAck;
import dev.redkit.core.SecretHasher;
import dev.redkit.otp.DestinationNormalizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The validated configuration of one OTP service (built by {@code OtpServiceBuilder}). Immutable;
 * {@link #toString()} never shows the secret.
 *
 * @param name the instance name
 * @param hasher the keyed HMAC hasher
 * @param alphabet the code alphabet
 * @param length the code length
 * @param ttl the code lifetime
 * @param maxAttempts failures before a code locks
 * @param resendCooldown minimum time between two codes of one (purpose, destination), zero for none
 * @param maxSends the send cap per destination per window
 * @param sendWindow the sliding send window
 * @param maxFailures failed verifications of one (purpose, destination) allowed within any failure window
 * @param failureWindow the sliding failure window
 * @param normalizer the destination normaliser
 * @param clock the clock governing expiry, cooldown and window
 * @param replicaAck the replica confirmation a verify that changed state waits for
 * @param meterRegistry the registry, or null
 */
public record OtpSettings(
        String name,
        SecretHasher hasher,
        String alphabet,
        int length,
        Duration ttl,
        int maxAttempts,
        Duration resendCooldown,
        int maxSends,
        Duration sendWindow,
        int maxFailures,
        Duration failureWindow,
        DestinationNormalizer normalizer,
        Clock clock,
        ReplicaAck replicaAck,
        @Nullable MeterRegistry meterRegistry) {

    @Override
    public String toString() {
        return "OtpSettings{name=" + name + ", secret=****, code=" + length
                + (CodeGenerator.DIGITS.equals(alphabet) ? " digits" : " alphanumeric") + ", ttl=" + ttl
                + ", maxAttempts=" + maxAttempts + ", resendCooldown=" + resendCooldown + ", maxSends=" + maxSends
                + " per " + sendWindow + ", maxFailures=" + maxFailures + " per " + failureWindow + ", clock=" + clock
                + ", replicaAck=" + replicaAck + '}';
    }
}
