package dev.redkit.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisEndpoint;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.ReplicaAck;
import dev.redkit.core.ReplicaAckException;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisSentinel;
import dev.redkit.embedded.junit.Faults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Strict mode ({@link OtpServiceBuilder#replicaAck(ReplicaAck)}) against plain mode, through a failover to a
 * replica that missed the last writes (frozen, its link cut, then promoted after a SIGKILL of the primary).
 * Plain mode reported a failed attempt and a successful verification that the failover then undid: the
 * attempt was forgotten and the used code verified a second time. Strict mode refused to report what it could
 * not confirm, so every result it did report survived, and no code was ever reported {@code VERIFIED} twice.
 */
class OtpStrictModeIT {

    private static final Duration RETRY = Duration.ofSeconds(30);

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ATTEMPTS = 5;
    /**
     * Long enough that a replica on a loaded 2-core CI machine confirms in time (a WAIT returns as soon as it
     * does, so the medians below do not grow with it); 300 ms once failed the first strict call in CI.
     */
    private static final long ACK_MILLIS = 1500;

    @Test
    void strictVerifyReportsOnlyWhatSurvivesAFailoverWhilePlainVerifyIsUndone() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (EmbeddedRedisSentinel sentinel = EmbeddedRedisSentinel.builder()
                        .replicas(1)
                        .sentinels(1)
                        .downAfterMillis(1000)
                        .start();
                RedisConnector redis = RedisConnector.create(sentinel.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(5000))
                        .build())) {
            OtpService strict = OtpService.builder(redis, "default", SECRET)
                    .maxAttempts(MAX_ATTEMPTS)
                    .maxSends(100, Duration.ofHours(1))
                    .replicaAck(ReplicaAck.of(1, Duration.ofMillis(ACK_MILLIS)))
                    .meterRegistry(meters)
                    .build();
            OtpService plain = OtpService.builder(redis, "default", SECRET)
                    .maxAttempts(MAX_ATTEMPTS)
                    .maxSends(100, Duration.ofHours(1))
                    .build();
            EmbeddedRedis master = sentinel.master();
            master.awaitOnlineReplicas(1, 20_000);
            EmbeddedRedis replica = sentinel.servers().stream()
                    .filter(s -> s != master)
                    .findFirst()
                    .orElseThrow();

            String warmUp = issued(strict, "+15550000000");
            strict.verify("login", "+15550000000", wrong(warmUp));
            strict.verify("login", "+15550000000", warmUp);

            int[] n = {0};
            Runnable plainFlow = () -> {
                String d = "+1556" + String.format("%07d", n[0]++);
                plain.verify("login", d, issued(plain, d));
            };
            Runnable strictFlow = () -> {
                String d = "+1557" + String.format("%07d", n[0]++);
                strict.verify("login", d, issued(strict, d));
            };
            Faults.medianMicros(300, plainFlow);
            Faults.medianMicros(300, strictFlow);
            long plainMicros = Faults.medianMicros(1000, plainFlow);
            long strictMicros = Faults.medianMicros(1000, strictFlow);
            Faults.report(
                    "otp",
                    String.format(
                            "otp strict mode cost on a loopback Sentinel primary + replica, median of 1000"
                                    + " issue + verify (VERIFIED) flows: %d us plain, %d us with WAIT 1 on the verify",
                            plainMicros, strictMicros));

            String strictCounted = issued(strict, "+15550000001");
            String strictRight = issued(strict, "+15550000002");
            String plainCounted = issued(plain, "+15550000003");
            String plainRight = issued(plain, "+15550000004");
            long waits = master.commandCalls("wait");
            assertThat(strict.verify("login", "+15550000001", wrong(strictCounted)))
                    .isEqualTo(OtpResult.invalid(4));
            assertThat(strict.verify("login", "+15550000001", wrong(strictCounted)))
                    .isEqualTo(OtpResult.invalid(3));
            assertThat(master.commandCalls("wait") - waits)
                    .as("one WAIT per verify, none for plain mode below")
                    .isEqualTo(2);

            // the replica misses everything from here on: frozen, and its link dropped by the primary
            replica.pause();
            try (Jedis m = master.client(2000)) {
                m.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "replica");
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> strict.verify("login", "+15550000001", wrong(strictCounted)))
                    .isInstanceOfSatisfying(
                            ReplicaAckException.class,
                            e -> assertThat(e.acknowledged()).isZero());
            long failClosedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThatThrownBy(() -> strict.verify("login", "+15550000002", strictRight))
                    .as("fails closed even for the right code")
                    .isInstanceOf(RedisUnavailableException.class);
            assertThat(strict.verify("login", "+15550000009", "123456"))
                    .as("no code: nothing changed, nothing to confirm")
                    .isEqualTo(OtpResult.expired());
            assertThat(meters.counter("redkit.otp.unconfirmed", "name", "default")
                            .count())
                    .isEqualTo(2.0);
            assertThat(plain.verify("login", "+15550000003", wrong(plainCounted)))
                    .isEqualTo(OtpResult.invalid(4));
            assertThat(plain.verify("login", "+15550000004", plainRight)).isEqualTo(OtpResult.verified());

            RedisEndpoint old = sentinel.masterAddress();
            master.kill();
            replica.resume();
            sentinel.awaitNewMaster(old, 30_000);

            OtpResult plainAfter =
                    Faults.retry(() -> plain.verify("login", "+15550000003", wrong(plainCounted)), RETRY);
            OtpResult plainReuse = Faults.retry(() -> plain.verify("login", "+15550000004", plainRight), RETRY);
            OtpResult strictAfter =
                    Faults.retry(() -> plain.verify("login", "+15550000001", wrong(strictCounted)), RETRY);
            OtpResult strictFirstUse = Faults.retry(() -> plain.verify("login", "+15550000002", strictRight), RETRY);
            Faults.report(
                    "otp",
                    String.format(
                            "otp strict mode (WAIT 1, " + ACK_MILLIS
                                    + " ms) through a failover to a replica that missed the"
                                    + " last writes: strict verify failed closed in %d ms (2 unconfirmed, not reported); after the failover"
                                    + " plain mode's reported failure was forgotten (attempts left %d, expected %d) and its used code verified"
                                    + " again (%s); strict mode's 2 reported failures survived (attempts left %d), its unreported right code"
                                    + " was used once (%s)",
                            failClosedMillis,
                            plainAfter.attemptsLeft(),
                            MAX_ATTEMPTS - 2,
                            plainReuse.status(),
                            strictAfter.attemptsLeft(),
                            strictFirstUse.status()));
            assertThat(plainAfter)
                    .as("plain mode: the failure it reported was lost")
                    .isEqualTo(OtpResult.invalid(4));
            assertThat(plainReuse).as("plain mode: a used code verified twice").isEqualTo(OtpResult.verified());
            assertThat(strictAfter)
                    .as("strict mode: both reported failures survived")
                    .isEqualTo(OtpResult.invalid(2));
            assertThat(strictFirstUse)
                    .as("strict mode: never reported VERIFIED before, so this is its only use")
                    .isEqualTo(OtpResult.verified());
        }
    }

    @Test
    void ackTimeoutMustBeShorterThanTheSocketTimeoutAndIsSetOnce() {
        try (EmbeddedRedis server = EmbeddedRedis.start();
                RedisConnector redis = RedisConnector.create(server.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(300))
                        .build())) {
            assertThatThrownBy(() -> OtpService.builder(redis).replicaAck(ReplicaAck.of(1, Duration.ofMillis(300))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("replicaAck.timeout");
            assertThatThrownBy(() -> OtpService.builder(redis).replicaAck(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("replicaAck");
            assertThatThrownBy(() -> OtpService.builder(redis)
                            .replicaAck(ReplicaAck.none())
                            .replicaAck(ReplicaAck.none()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("replicaAck");
            assertThat(OtpService.builder(redis, "default", SECRET)
                            .replicaAck(ReplicaAck.of(1, Duration.ofMillis(50)))
                            .build()
                            .toString())
                    .contains("replicaAck=ReplicaAck[1 within 50 ms]");
        }
    }

    private static String issued(OtpService otp, String destination) {
        return ((OtpIssue.Issued) otp.issue("login", destination)).code();
    }

    private static String wrong(String code) {
        return code.charAt(0) == '9' ? '0' + code.substring(1) : (char) (code.charAt(0) + 1) + code.substring(1);
    }
}
