package dev.redkit.otp;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.ReplicaAck;
import dev.redkit.core.ReplicaAckException;
import dev.redkit.core.SecretHasher;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.SetOnce;
import dev.redkit.otp.internal.CodeGenerator;
import dev.redkit.otp.internal.OtpSettings;
import dev.redkit.otp.internal.RedisOtpService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Configures an {@link OtpService}; {@link OtpService#builder(RedisConnector, String, byte[])} creates it with
 * the mandatory name and secret. Every option validates at once, naming the field, and may be set once: a
 * second call throws {@link IllegalStateException} naming the earlier value. Defaults:
 * <ul>
 *   <li>6 decimal digits; {@link #alphanumeric(int)} for codes over 32 letters and digits</li>
 *   <li>{@code ttl} 5 minutes, {@code maxAttempts} 5, {@code resendCooldown} 30 seconds</li>
 *   <li>{@code maxSends} 5 per destination per 1 hour (sliding window, over all purposes)</li>
 *   <li>{@code maxFailures} 100 per (purpose, destination) per 24 hours (sliding window, over all codes)</li>
 *   <li>{@link DestinationNormalizer#emailOrPhone()}, {@link Clock#systemUTC()}, the connector's
 *       meter registry, no replica confirmation ({@link ReplicaAck#none()})</li>
 * </ul>
 * Not thread-safe; build on one thread.
 */
public final class OtpServiceBuilder {

    private final RedisConnector connector;
    private final SetOnce<String> name = SetOnce.withDefault("name", "default");
    private final SetOnce<SecretHasher> hasher = SetOnce.secret("secret");
    private final SetOnce<CodeFormat> format =
            SetOnce.withDefault("digits/alphanumeric", new CodeFormat(CodeGenerator.DIGITS, 6));
    private final SetOnce<Duration> ttl = SetOnce.withDefault("ttl", Duration.ofMinutes(5));
    private final SetOnce<Integer> maxAttempts = SetOnce.withDefault("maxAttempts", 5);
    private final SetOnce<Duration> resendCooldown = SetOnce.withDefault("resendCooldown", Duration.ofSeconds(30));
    private final SetOnce<Budget> sends = SetOnce.withDefault("maxSends", new Budget(5, Duration.ofHours(1)));
    private final SetOnce<Budget> failures = SetOnce.withDefault("maxFailures", new Budget(100, Duration.ofDays(1)));
    private final SetOnce<DestinationNormalizer> normalizer =
            SetOnce.withDefault("destinationNormalizer", DestinationNormalizer.emailOrPhone());
    private final SetOnce<Clock> clock = SetOnce.withDefault("clock", Clock.systemUTC());
    private final SetOnce<MeterRegistry> meterRegistry = SetOnce.unset("meterRegistry");
    private final SetOnce<ReplicaAck> replicaAck = SetOnce.withDefault("replicaAck", ReplicaAck.none());

    OtpServiceBuilder(RedisConnector connector) {
        this.connector = Checks.notNull(connector, "connector");
    }

    /**
     * Names this instance; services with different names never see each other's codes.
     *
     * @param name an identifier, 1-64 characters from {@code a-z 0-9 . _ -}
     * @return this builder
     * @throws IllegalArgumentException if not an identifier
     * @throws IllegalStateException if already set
     * @deprecated pass it to {@link OtpService#builder(RedisConnector, String, byte[])}
     */
    @Deprecated
    public OtpServiceBuilder name(String name) {
        this.name.set(KeySpace.identifier(name, "name"));
        return this;
    }

    /**
     * The HMAC-SHA256 key under which codes are stored. Keep it secret and the same on every instance;
     * changing it invalidates every live code. The array is copied.
     *
     * @param secret at least 16 bytes (32 random bytes recommended)
     * @return this builder
     * @throws IllegalArgumentException if null or shorter than 16 bytes
     * @throws IllegalStateException if already set
     * @deprecated pass it to {@link OtpService#builder(RedisConnector, String, byte[])}
     */
    @Deprecated
    public OtpServiceBuilder secret(byte[] secret) {
        this.hasher.set(hmac(secret));
        return this;
    }

    /**
     * Numeric codes of this many decimal digits.
     *
     * @param digits 6 to 10
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if the code format was already set
     */
    public OtpServiceBuilder digits(int digits) {
        return format(CodeGenerator.DIGITS, digits, "digits");
    }

    /**
     * Codes of this many characters from {@code 23456789ABCDEFGHJKLMNPQRSTUVWXYZ} (32 symbols, 5 bits
     * each, no 0/O or 1/I look-alikes). Verification upper-cases the submitted code.
     *
     * @param length 6 to 10
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if the code format was already set
     */
    public OtpServiceBuilder alphanumeric(int length) {
        return format(CodeGenerator.ALPHANUMERIC, length, "length");
    }

    private OtpServiceBuilder format(String alphabet, int length, String field) {
        this.format.set(new CodeFormat(alphabet, (int) Checks.between(length, 6, 10, field)));
        return this;
    }

    /**
     * How long a code stays valid after it is issued.
     *
     * @param ttl 1 second to 1 day
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public OtpServiceBuilder ttl(Duration ttl) {
        this.ttl.set(Checks.between(ttl, Duration.ofSeconds(1), Duration.ofDays(1), "ttl"));
        return this;
    }

    /**
     * Failed attempts after which a code locks for the rest of its TTL.
     *
     * @param maxAttempts 1 to 100
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public OtpServiceBuilder maxAttempts(int maxAttempts) {
        this.maxAttempts.set((int) Checks.between(maxAttempts, 1, 100, "maxAttempts"));
        return this;
    }

    /**
     * Minimum time between two codes for the same (purpose, destination), unless the earlier code was
     * verified meanwhile; must not exceed the TTL.
     *
     * @param cooldown zero (no cooldown) or positive
     * @return this builder
     * @throws IllegalArgumentException if null or negative
     * @throws IllegalStateException if already set
     */
    public OtpServiceBuilder resendCooldown(Duration cooldown) {
        this.resendCooldown.set(Checks.notNegative(cooldown, "resendCooldown"));
        return this;
    }

    /**
     * Most codes sent to one destination, over all purposes, within any sliding window of this length.
     *
     * @param maxSends 1 to 10,000
     * @param window 1 second to 7 days
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public OtpServiceBuilder maxSends(int maxSends, Duration window) {
        this.sends.set(new Budget(
                (int) Checks.between(maxSends, 1, 10_000, "maxSends"),
                Checks.between(window, Duration.ofSeconds(1), Duration.ofDays(7), "window")));
        return this;
    }

    /**
     * The failure budget: most failed verifications of one (purpose, destination), over all its codes,
     * within any sliding window of this length (by the builder's clock). The failure that would exceed it
     * is not made: {@code verify} answers {@link OtpResult.Status#LOCKED_OUT} without comparing, even for
     * the right code, until the oldest counted failure is one window old. Failures are not forgotten on a
     * successful verification or a new code, so the bound is exact whatever the sends, codes and window
     * boundaries: <strong>at most {@code maxFailures} wrong guesses per (purpose, destination) in any
     * window</strong>. The default, 100 per 24 hours, is the ceiling of NIST SP 800-63B §5.2.2; only
     * stricter budgets are accepted (fewer failures, a longer window).
     *
     * <p>The budget also lets anyone who can submit guesses lock the real user out of that purpose for up
     * to one window; throttle who may call {@code verify} (per IP, per account) in front of it.
     *
     * @param maxFailures 1 to 100
     * @param window 1 day to 30 days
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public OtpServiceBuilder maxFailures(int maxFailures, Duration window) {
        this.failures.set(new Budget(
                (int) Checks.between(maxFailures, 1, 100, "maxFailures"),
                Checks.between(window, Duration.ofDays(1), Duration.ofDays(30), "window")));
        return this;
    }

    /**
     * How destinations are validated and made canonical.
     *
     * @param normalizer the normaliser
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public OtpServiceBuilder destinationNormalizer(DestinationNormalizer normalizer) {
        this.normalizer.set(Checks.notNull(normalizer, "destinationNormalizer"));
        return this;
    }

    /**
     * The clock that governs expiry, cooldown and send window (tests pass a fake one).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public OtpServiceBuilder clock(Clock clock) {
        this.clock.set(Checks.notNull(clock, "clock"));
        return this;
    }

    /**
     * Where to record metrics, instead of the connector's registry.
     *
     * @param registry the registry, or {@code null} for none
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public OtpServiceBuilder meterRegistry(@Nullable MeterRegistry registry) {
        this.meterRegistry.set(registry);
        return this;
    }

    /**
     * Strict mode: a {@code verify} that changed state (burned the code: {@code VERIFIED}; counted a
     * failure: {@code INVALID}) is reported only once this many replicas confirmed it, checked with
     * {@code WAIT} in the same round trip. Without it, a failover to a replica that missed the change can
     * give a used code back (a second {@code VERIFIED}) or forget failed attempts (more guesses than
     * {@code maxAttempts}).
     *
     * <p>When too few replicas confirm in time, {@code verify} <strong>fails closed</strong>: it throws
     * {@link ReplicaAckException} (a {@code RedisUnavailableException}) instead of the result, even when the
     * code was right; the primary has already burned the code or counted the failure, so the user asks for
     * a new code. {@code EXPIRED} and {@code LOCKED} answers change nothing and are returned as usual.
     * {@code issue} is not confirmed: a code lost in a failover only answers {@code EXPIRED}, and lost send
     * records allow at most one more {@code maxSends} in the window. Cost: one {@code WAIT} per verify.
     * Default {@link ReplicaAck#none()}.
     *
     * @param replicaAck the confirmation; its timeout must be shorter than the socket timeout
     * @return this builder
     * @throws IllegalArgumentException if null or its timeout is not shorter than the socket timeout
     * @throws IllegalStateException if already set
     */
    public OtpServiceBuilder replicaAck(ReplicaAck replicaAck) {
        this.replicaAck.set(Checks.notNull(replicaAck, "replicaAck").requireFits(connector.config(), "replicaAck"));
        return this;
    }

    /**
     * Builds the service; it contacts Redis only when used.
     *
     * @return the service
     * @throws IllegalStateException if no secret was set
     * @throws IllegalArgumentException if the cooldown is longer than the TTL
     */
    public OtpService build() {
        SecretHasher keyedHash = hasher.orNull();
        if (keyedHash == null) {
            throw new IllegalStateException("secret must be set");
        }
        Duration t = ttl.get();
        Duration cooldown = resendCooldown.get();
        if (cooldown.compareTo(t) > 0) {
            throw new IllegalArgumentException(
                    "resendCooldown (" + cooldown + ") must not be longer than ttl (" + t + ")");
        }
        CodeFormat f = format.get();
        Budget s = sends.get();
        Budget fails = failures.get();
        OtpSettings settings = new OtpSettings(
                name.get(),
                keyedHash,
                f.alphabet(),
                f.length(),
                t,
                maxAttempts.get(),
                cooldown,
                s.max(),
                s.window(),
                fails.max(),
                fails.window(),
                normalizer.get(),
                clock.get(),
                replicaAck.get(),
                meterRegistry.isSet() ? meterRegistry.orNull() : connector.meterRegistry());
        return new RedisOtpService(connector, settings);
    }

    /**
     * Sets the mandatory options of {@link OtpService#builder(RedisConnector, String, byte[])}.
     *
     * @param serviceName the service's name
     * @param secret the HMAC key
     * @return this builder
     */
    OtpServiceBuilder mandatory(String serviceName, byte[] secret) {
        this.name.set(KeySpace.identifier(serviceName, "name"));
        this.hasher.set(hmac(secret));
        return this;
    }

    private static SecretHasher hmac(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException(
                    "secret must be at least 16 bytes, was " + (secret == null ? "null" : secret.length + " bytes"));
        }
        return SecretHasher.hmacSha256(secret);
    }

    /** The code alphabet and length, set together by {@link #digits} or {@link #alphanumeric}. */
    private record CodeFormat(String alphabet, int length) {}

    /** A count within a sliding window, as {@link #maxSends} and {@link #maxFailures} take them. */
    private record Budget(int max, Duration window) {}
}
