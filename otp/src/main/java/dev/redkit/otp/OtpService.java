package dev.redkit.otp;

import dev.redkit.core.RedisConnector;

/**
 * Issues and verifies one-time codes (SMS, e-mail) on Redis, per (purpose, destination): at most one live
 * code per pair, stored only as an HMAC, with a resend cooldown, a send cap per destination, an attempt
 * limit and single use.
 * <!-- snippet: OtpSnippets#otpService -->
 * <pre>{@code
 * OtpService otp = OtpService.builder(connector)
 *         .secret(hmacKey)
 *         .digits(6)
 *         .ttl(Duration.ofMinutes(5))
 *         .maxAttempts(5)
 *         .resendCooldown(Duration.ofSeconds(30))
 *         .maxSends(5, Duration.ofHours(1))
 *         .build();
 * OtpIssue issued = otp.issue("login", "+919876543210");
 * OtpResult result = otp.verify("login", "+919876543210", "123456");
 * }</pre>
 *
 * <p><b>Atomicity and round trips.</b> {@link #issue} and {@link #verify} are each one Lua script, one
 * round trip, over keys sharing the destination's hash slot; concurrent calls from any number of threads
 * or application instances see each other's effects in some serial order.
 *
 * <p><b>Time.</b> Expiry, cooldown and send window are judged by the builder's {@link java.time.Clock}
 * (client time, sent to the script); Redis also expires each key by its own clock after the same span, to
 * reclaim memory. Clock skew between application instances shifts cooldowns and windows by the skew.
 *
 * <p><b>Retries.</b> On Cluster a call whose reply was lost may be run again by the driver. A re-run
 * {@code issue} answers as the first run did and changes nothing. A re-run {@code verify} fails closed:
 * it may count one extra failed attempt, or turn a lost {@code VERIFIED} into {@code EXPIRED} (the code
 * was consumed; the user asks for a new one).
 *
 * <p><b>Guess bounds.</b> Per (purpose, destination), an attacker who can trigger codes gets at most
 * {@code maxFailures} wrong guesses compared in any failure window (default 100 per rolling 24 hours),
 * whatever the codes, sends and window boundaries, and at most {@code (maxSends + 1) * maxAttempts} in any
 * send window (30 per hour by default): the window's {@code maxSends} new codes plus the one still live
 * when it starts. See {@link OtpServiceBuilder#maxFailures(int, java.time.Duration)}.
 *
 * <p>Implementations are thread-safe; build one per configuration and share it.
 */
public interface OtpService {

    /**
     * Starts a builder with the mandatory options; the others have the defaults listed on
     * {@link OtpServiceBuilder}.
     *
     * @param connector the Redis connection
     * @param name names this instance, an identifier (1-64 characters from {@code a-z 0-9 . _ -}): key space
     *     {@code <prefix>:otp:<name>:} and the metrics tag; services with different names never see each other's
     *     codes
     * @param secret the HMAC-SHA256 key codes and destinations are hashed with, at least 16 bytes (32 random
     *     bytes recommended), the same on every instance; copied
     * @return a builder
     * @throws IllegalArgumentException naming the parameter for a null connector, a name that is not an
     *     identifier, or a null or short secret
     */
    static OtpServiceBuilder builder(RedisConnector connector, String name, byte[] secret) {
        return new OtpServiceBuilder(connector).mandatory(name, secret);
    }

    /**
     * Starts a builder named {@code default} without its secret, which {@link OtpServiceBuilder#secret(byte[])}
     * must then set.
     *
     * @param connector the Redis connection
     * @return a builder
     * @throws IllegalArgumentException if the connector is null
     * @deprecated use {@link #builder(RedisConnector, String, byte[])}, which makes the name and the secret
     *     mandatory
     */
    @Deprecated
    static OtpServiceBuilder builder(RedisConnector connector) {
        return new OtpServiceBuilder(connector);
    }

    /**
     * Issues a new code unless the resend cooldown of (purpose, destination) or the send cap of the
     * destination refuses. A new code replaces any live code of the pair, resetting its failed attempts
     * and lock, and counts towards the destination's send cap. Refusals change nothing. The cooldown
     * runs from the last issue of the pair and ends early once that code is verified.
     *
     * @param purpose what the code is for, an identifier such as {@code login} or {@code payout}
     *     (1-64 characters from {@code a-z 0-9 . _ -})
     * @param destination where the code goes (phone number, e-mail address), normalised by the
     *     builder's {@link DestinationNormalizer}
     * @return {@link OtpIssue.Issued} with the clear code, or {@link OtpIssue.Cooldown} /
     *     {@link OtpIssue.SendLimit} with the time to wait
     * @throws IllegalArgumentException naming the parameter if purpose or destination is null, empty,
     *     too long or invalid (no call to Redis is made)
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    OtpIssue issue(String purpose, String destination);

    /**
     * Issues a code as {@link #issue} does and, if one was issued, hands it to the sender on this thread.
     * If the sender throws, the exception propagates and the code stays live and counted.
     *
     * @param purpose what the code is for
     * @param destination where the code goes; passed to the sender as given
     * @param sender delivers the code
     * @return the outcome of the issue
     * @throws IllegalArgumentException naming the parameter for bad input or a null sender
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    OtpIssue issueAndSend(String purpose, String destination, OtpSender sender);

    /**
     * Verifies a submitted code in one atomic step. Returns {@code LOCKED_OUT} when the (purpose,
     * destination) already had {@code maxFailures} failed verifications within the failure window (the
     * submission is not compared, even a right code is refused), {@code EXPIRED} when no live code exists,
     * {@code LOCKED} when the code already had {@code maxAttempts} failures; otherwise compares (in
     * constant time) and either consumes the code ({@code VERIFIED}: exactly one of any number of
     * concurrent correct submissions gets it) or counts a failure against the code and the failure budget
     * ({@code INVALID} with the attempts left).
     * Spaces and hyphens in the code are ignored and letters upper-cased; a code of the wrong length or
     * alphabet is a failed attempt like any wrong code.
     *
     * @param purpose the purpose the code was issued for; a code never verifies for another purpose
     * @param destination the destination, normalised as for {@link #issue}
     * @param code the code as the user typed it
     * @return the result
     * @throws IllegalArgumentException naming the parameter if purpose or destination is invalid or the
     *     code is null (no call to Redis is made)
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    OtpResult verify(String purpose, String destination, String code);
}
