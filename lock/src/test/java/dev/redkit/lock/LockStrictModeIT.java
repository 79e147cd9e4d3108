package dev.redkit.lock;

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
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Strict mode ({@link RedisLockBuilder#replicaAck(ReplicaAck)}) on a Sentinel primary with one replica: a
 * confirmed grant survives a SIGKILL of the primary (the promoted replica still refuses a second holder),
 * which plain mode does not promise (see {@code LockFaultIT}); with no replica left, an acquire is withdrawn
 * and reported instead of handing out a lease that a failover could forget; an unconfirmed extension leaves
 * the local deadline alone.
 */
class LockStrictModeIT {

    private static final Duration RETRY = Duration.ofSeconds(30);

    /**
     * Long enough that a replica on a loaded 2-core CI machine confirms in time (a WAIT returns as soon as it
     * does); the socket timeout stays above it.
     */
    private static final ReplicaAck ONE = ReplicaAck.of(1, Duration.ofMillis(1500));

    private static final String NAME = "payout";

    @Test
    void confirmedGrantSurvivesPrimaryKillAndUnconfirmedGrantsAreWithdrawn() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (EmbeddedRedisSentinel sentinel = EmbeddedRedisSentinel.builder()
                        .replicas(1)
                        .sentinels(1)
                        .downAfterMillis(1000)
                        .start();
                RedisConnector redis = RedisConnector.create(sentinel.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(5000))
                        .build());
                RedisLock strict = RedisLock.builder(redis, "strict")
                        .leaseTime(Duration.ofSeconds(60))
                        .replicaAck(ONE)
                        .meterRegistry(meters)
                        .build();
                RedisLock strictOther = RedisLock.builder(redis, "strict")
                        .leaseTime(Duration.ofSeconds(60))
                        .replicaAck(ONE)
                        .meterRegistry(meters)
                        .build();
                RedisLock plain = RedisLock.builder(redis, "strict")
                        .leaseTime(Duration.ofSeconds(60))
                        .build()) {
            EmbeddedRedis master = sentinel.master();
            master.awaitOnlineReplicas(1, 20_000);
            EmbeddedRedis replica = sentinel.servers().stream()
                    .filter(s -> s != master)
                    .findFirst()
                    .orElseThrow();

            try (Lease warmUp = strict.tryAcquire("warm-up").orElseThrow()) {
                warmUp.extend(Duration.ofSeconds(1));
            }
            Runnable plainPair = () -> plain.tryAcquire("cost").orElseThrow().release();
            Runnable strictPair = () -> strict.tryAcquire("cost").orElseThrow().release();
            Faults.medianMicros(300, plainPair);
            Faults.medianMicros(300, strictPair);
            long plainMicros = Faults.medianMicros(1000, plainPair);
            long strictMicros = Faults.medianMicros(1000, strictPair);
            Faults.report(
                    "lock",
                    String.format(
                            "lock strict mode cost on a loopback Sentinel primary + replica, median of 1000"
                                    + " tryAcquire + release pairs: %d us plain, %d us with WAIT 1 on the acquire",
                            plainMicros, strictMicros));
            long waits = master.commandCalls("wait");
            long scripts = master.commandCalls("evalsha");
            Lease lease = strict.tryAcquire(NAME).orElseThrow();
            assertThat(master.commandCalls("wait") - waits)
                    .as("one WAIT per acquire")
                    .isEqualTo(1);
            assertThat(master.commandCalls("evalsha") - scripts)
                    .as("in the same round trip as one script")
                    .isEqualTo(1);
            try (Jedis r = replica.client(1000)) {
                assertThat(r.keys("*strict*" + NAME + "*owner"))
                        .as("the grant is on the replica when acquire returns")
                        .hasSize(1);
            }
            assertThat(lease.extend(Duration.ofSeconds(60))).isTrue();
            assertThat(master.commandCalls("wait") - waits)
                    .as("and one per extension")
                    .isEqualTo(2);

            RedisEndpoint old = sentinel.masterAddress();
            long killedAt = System.nanoTime();
            master.kill();
            sentinel.awaitNewMaster(old, 30_000);
            Optional<Lease> second = Faults.retry(() -> strictOther.tryAcquire(NAME), RETRY);
            long failoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
            assertThat(second)
                    .as("the promoted replica still knows the confirmed grant: no second holder")
                    .isEmpty();
            assertThat(Faults.retry(() -> Optional.of(plain.tryAcquire(NAME)), RETRY)
                            .get())
                    .isEmpty();

            Duration before = lease.remaining();
            assertThatThrownBy(() -> lease.extend(Duration.ofMinutes(10)))
                    .as("no replica left to confirm")
                    .isInstanceOf(ReplicaAckException.class);
            assertThat(lease.remaining()).isLessThanOrEqualTo(before);
            assertThat(lease.isValid()).isTrue();
            assertThat(lease.release()).isEqualTo(ReleaseOutcome.RELEASED);

            assertThatThrownBy(() -> strictOther.tryAcquire(NAME))
                    .isInstanceOfSatisfying(ReplicaAckException.class, e -> {
                        assertThat(e).isInstanceOf(RedisUnavailableException.class);
                        assertThat(e.acknowledged()).isZero();
                        assertThat(e.required()).isEqualTo(1);
                    });
            assertThat(meters.counter("redkit.lock.unconfirmed", "name", "strict")
                            .count())
                    .isEqualTo(1.0);
            Optional<Lease> free = plain.tryAcquire(NAME);
            assertThat(free)
                    .as("the unconfirmed grant was withdrawn, not left to block for 60 s")
                    .isPresent();
            free.get().release();
            Faults.report(
                    "lock",
                    String.format(
                            "lock strict mode (WAIT 1, 1500 ms) on Sentinel: a confirmed 60 s grant survived"
                                    + " a SIGKILL of the primary (second acquire %d ms after the kill: busy); with no replica left an"
                                    + " extension and an acquire were refused with ReplicaAckException and the grant was withdrawn",
                            failoverMillis));
        }
    }

    @Test
    void ackTimeoutMustBeShorterThanTheSocketTimeout() {
        try (EmbeddedRedis server = EmbeddedRedis.start();
                RedisConnector redis = RedisConnector.create(server.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(300))
                        .build())) {
            assertThatThrownBy(() ->
                            RedisLock.builder(redis, "default").replicaAck(ReplicaAck.of(1, Duration.ofMillis(300))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("replicaAck.timeout");
            assertThatThrownBy(() -> RedisLock.builder(redis, "default").replicaAck(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("replicaAck");
            try (RedisLock none = RedisLock.builder(redis, "default")
                    .replicaAck(ReplicaAck.none())
                    .build()) {
                long waits = server.commandCalls("wait");
                none.tryAcquire(NAME).orElseThrow().release();
                assertThat(server.commandCalls("wait")).isEqualTo(waits);
            }
        }
    }
}
