package dev.redkit.otp.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisOps;
import dev.redkit.core.RedkitException;
import dev.redkit.core.ReplicaAckException;
import dev.redkit.core.SecretHasher;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.Replies;
import dev.redkit.otp.OtpIssue;
import dev.redkit.otp.OtpMessage;
import dev.redkit.otp.OtpResult;
import dev.redkit.otp.OtpSender;
import dev.redkit.otp.OtpService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Redis implementation of {@link OtpService}.
 *
 * <h2>Keys</h2>
 * All keys of one destination share the hash tag of its canonical form, so each script touches one slot:
 * <pre>
 *   prefix:otp:name:{destination}:code:purpose   hash   d (HMAC, 32 bytes), e (expiry ms), n (cooldown end ms),
 *                                                        i (issue id), f (failed attempts); PX = ttl
 *   prefix:otp:name:{destination}:sent           list   issue times (ms), newest first, at most the send cap;
 *                                                        PX = send window
 *   prefix:otp:name:{destination}:fails:purpose  list   times of the latest failed verifications, newest
 *                                                        first, at most maxFailures; PX = failure window
 * </pre>
 * The timestamps are by the service's clock, which judges expiry, cooldown and window; the key TTLs (by the
 * Redis clock) only reclaim memory and end a code at the latest one TTL after its issue.
 *
 * <h2>Digest and comparison</h2>
 * A code is stored as HMAC-SHA256(secret, "redkit-otp-v1", name, purpose, destination, code), with each
 * part length-prefixed, so a digest binds its instance, purpose and destination and a Redis dump without the
 * secret reveals nothing. {@code verify} must read the stored digest, compare, and count or burn in one atomic
 * step, so the comparison happens inside the script: the client sends the digest of the submitted code and
 * {@code verify.lua} XOR-accumulates over all 32 bytes without an early exit. Only the stored digest's fixed
 * length shapes the loop, so its running time does not reveal where two digests differ. (Fetching the digest
 * to compare in Java would take a second round trip and break single use under concurrency.)
 */
public final class RedisOtpService implements OtpService {

    private static final LuaScript ISSUE = LuaScript.fromResource(RedisOtpService.class, "issue.lua");
    private static final LuaScript VERIFY = LuaScript.fromResource(RedisOtpService.class, "verify.lua");
    private static final String DOMAIN = "redkit-otp-v1";
    private static final byte[] MALFORMED = new byte[0];

    private final OtpSettings settings;
    private final RedisOps ops;
    private final KeySpace keys;
    private final RedkitMetrics metrics;
    private final CodeGenerator generator;

    /**
     * Creates the service.
     *
     * @param connector the connection
     * @param settings the validated settings
     */
    public RedisOtpService(RedisConnector connector, OtpSettings settings) {
        this.settings = settings;
        this.ops = connector.ops();
        this.keys = connector.keySpace("otp", settings.name());
        this.metrics = RedkitMetrics.of(settings.meterRegistry(), "otp", settings.name());
        // each draw uses the calling thread's stripe of SecretHasher's generators, not one shared generator
        this.generator = new CodeGenerator(
                settings.alphabet(),
                settings.length(),
                () -> SecretHasher.secureRandom().nextLong());
    }

    @Override
    public OtpIssue issue(String purpose, String destination) {
        Target target = target(purpose, destination);
        return metrics.time("issue", () -> issue(target), RedisOtpService::outcome);
    }

    @Override
    public OtpIssue issueAndSend(String purpose, String destination, OtpSender sender) {
        Checks.notNull(sender, "sender");
        OtpIssue outcome = issue(purpose, destination);
        if (outcome instanceof OtpIssue.Issued) {
            OtpIssue.Issued issued = (OtpIssue.Issued) outcome;
            sender.send(new OtpMessage(purpose, destination, issued.code(), issued.expiresAt()));
        }
        return outcome;
    }

    @Override
    public OtpResult verify(String purpose, String destination, String code) {
        Target target = target(purpose, destination);
        Checks.notNull(code, "code");
        OtpResult result = metrics.time(
                "verify", () -> verify(target, code), r -> r.status().name().toLowerCase(Locale.ROOT));
        if (result.status() == OtpResult.Status.INVALID && result.attemptsLeft() == 0) {
            metrics.increment("lockouts");
        }
        return result;
    }

    private OtpIssue issue(Target target) {
        String code = generator.next();
        byte[] digest = digest(target, code);
        String issueId = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        long now = settings.clock().millis();
        List<Object> reply = Replies.asList(ops.execute(ISSUE.call(
                List.of(target.slot.key("code", target.purpose), target.slot.key("sent")),
                List.of(
                        now,
                        digest,
                        issueId,
                        settings.ttl().toMillis(),
                        settings.resendCooldown().toMillis(),
                        settings.maxSends(),
                        settings.sendWindow().toMillis()))));
        long status = Replies.asLong(reply.get(0));
        long value = Replies.asLong(reply.get(1));
        if (status == 1) {
            return new OtpIssue.Issued(code, Instant.ofEpochMilli(value));
        }
        if (status == 2) {
            return new OtpIssue.Cooldown(Duration.ofMillis(value));
        }
        if (status == 3) {
            return new OtpIssue.SendLimit(Duration.ofMillis(value));
        }
        throw new RedkitException("unexpected reply from " + ISSUE.name() + ": " + status, null);
    }

    private OtpResult verify(Target target, String submitted) {
        String code = generator.normalize(submitted);
        byte[] digest = code == null ? MALFORMED : digest(target, code);
        List<Object> reply;
        try {
            reply = Replies.asList(ops.executeAcknowledged(
                    VERIFY.call(
                            List.of(target.slot.key("code", target.purpose), target.slot.key("fails", target.purpose)),
                            List.of(
                                    settings.clock().millis(),
                                    digest,
                                    settings.maxAttempts(),
                                    settings.maxFailures(),
                                    settings.failureWindow().toMillis())),
                    settings.replicaAck()));
        } catch (ReplicaAckException e) {
            reply = Replies.asList(e.reply());
            long status = Replies.asLong(reply.get(0));
            if (status == 1 || status == 2) {
                metrics.increment("unconfirmed");
                throw e;
            }
        }
        switch ((int) Replies.asLong(reply.get(0))) {
            case 1:
                return OtpResult.verified();
            case 2:
                return OtpResult.invalid((int) Replies.asLong(reply.get(1)));
            case 3:
                return OtpResult.expired();
            case 4:
                return OtpResult.locked();
            case 5:
                return OtpResult.lockedOut();
            default:
                throw new RedkitException("unexpected reply from " + VERIFY.name() + ": " + reply.get(0), null);
        }
    }

    private byte[] digest(Target target, String code) {
        return settings.hasher().hash(DOMAIN, settings.name(), target.purpose, target.destination, code);
    }

    private Target target(String purpose, String destination) {
        KeySpace.identifier(purpose, "purpose");
        String canonical = settings.normalizer().normalize(destination);
        return new Target(purpose, canonical, keys.slot(canonical, "destination"));
    }

    private static String outcome(OtpIssue issue) {
        if (issue instanceof OtpIssue.Issued) {
            return "issued";
        }
        return issue instanceof OtpIssue.Cooldown ? "cooldown" : "send_limit";
    }

    @Override
    public String toString() {
        return "OtpService{" + keys + ", " + settings + '}';
    }

    /** A validated (purpose, canonical destination) and its slot. */
    private static final class Target {
        final String purpose;
        final String destination;
        final KeySpace.Slot slot;

        Target(String purpose, String destination, KeySpace.Slot slot) {
            this.purpose = purpose;
            this.destination = destination;
            this.slot = slot;
        }
    }
}
