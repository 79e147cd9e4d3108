package dev.redkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisEndpoint;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.RedkitException;
import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisSentinel;
import dev.redkit.embedded.FaultProxy;
import dev.redkit.embedded.OutageProbe;
import dev.redkit.embedded.junit.Faults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * The session store under real faults, each on its own servers (so it runs once, not per topology):
 * it fails closed (an exception, never a session) within the socket timeout when Redis is frozen, busy,
 * paused, unreachable or dead, recovers when Redis returns, and keeps replicated sessions across a
 * Sentinel failover. Measured figures go to the log (logger {@code dev.redkit.reliability.session}, through {@code Faults.report}) for docs/RELIABILITY.md.
 */
class SessionFaultIT {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** 3 s in CI; run with -Dredkit.outage.seconds=30 for the figure in docs/RELIABILITY.md. */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("redkit.outage.seconds", 3));
    /**
     * A failing call takes about one socket timeout, the first one after a pooled connection breaks included
     * (see docs/RELIABILITY.md). The 1 s margin is for loaded 2-core CI machines, where an outage probe's
     * slowest call, which waits for no timeout at all, was measured at up to 940 ms; the measured figures
     * are what RELIABILITY.md quotes.
     */
    private static final long BOUND_MILLIS = TIMEOUT.toMillis() + 1000;

    @Test
    void threadsAndHeapStayFlatThroughAnOutageAndCallsRecoverWithinFiveSeconds() {
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                RedisConnector redis = RedisConnector.create(Faults.shortTimeouts(server.config(), TIMEOUT))) {
            SessionStore sessions =
                    SessionStore.builder(redis, "default", TestKeys.SESSION_KEY).build();
            String token = sessions.create("u1", Map.of(), ClientInfo.unknown()).token();
            OutageProbe.Result r = OutageProbe.of(server)
                    .threads(8)
                    .down(OUTAGE)
                    .run(() -> sessions.get(token).isPresent() ? sessions.list("u1") : sessions.list("u2"));
            report("session outage (SIGKILL, restart empty): " + r.summary());
            r.assertFlatAndRecovered(BOUND_MILLIS);
        }
    }

    @Test
    void failsClosedWithinTheTimeoutUnderEveryFaultAndRecovers() throws Exception {
        try (EmbeddedRedis server = EmbeddedRedis.builder().enableDebugCommand().start();
                FaultProxy proxy = FaultProxy.to(server.endpoint());
                RedisConnector redis = RedisConnector.create(Faults.shortTimeouts(proxy.config(), TIMEOUT))) {
            SessionStore sessions =
                    SessionStore.builder(redis, "default", TestKeys.SESSION_KEY).build();
            String token = sessions.create("u1", Map.of("role", "admin"), ClientInfo.unknown())
                    .token();
            // a reset pooled connection fails one call at most, and never yields a wrong answer
            proxy.resetConnections();
            for (int i = 0; i < 3; i++) {
                try {
                    assertThat(sessions.list("u1")).isNotEmpty();
                } catch (RedisUnavailableException brokenPooledConnection) {
                    assertThat(i).isZero();
                }
            }

            Map<String, Faults.Fault> faults = new LinkedHashMap<>();
            faults.put("SIGSTOP", new Faults.Fault(server::pause, server::resume));
            faults.put("DEBUG SLEEP 2", Faults.debugSleep(server, Duration.ofSeconds(2)));
            faults.put("CLIENT PAUSE 2000 ALL", Faults.clientPause(server, Duration.ofMillis(2000)));
            faults.put("proxy black hole", new Faults.Fault(() -> proxy.blackhole(true), () -> proxy.blackhole(false)));
            faults.put(
                    "proxy drops replies",
                    new Faults.Fault(() -> proxy.dropReplies(true), () -> proxy.dropReplies(false)));
            faults.put("SIGKILL, restart empty", new Faults.Fault(server::kill, server::restart));

            for (Map.Entry<String, Faults.Fault> fault : faults.entrySet()) {
                fault.getValue().start().run();
                List<Long> took = List.of(
                        failsClosed(() -> sessions.get(token)),
                        failsClosed(() -> sessions.create("u1", Map.of(), ClientInfo.unknown())),
                        failsClosed(() -> sessions.rotate(token)),
                        failsClosed(() -> sessions.list("u1")));
                fault.getValue().heal().run();
                long recoveredAfter = recover(() -> sessions.list("u1"));
                report(String.format(
                        "session fault %-22s: get/create/rotate/list failed closed in %s ms (socketTimeout %d ms);"
                                + " first success %d ms after healing",
                        fault.getKey(), took, TIMEOUT.toMillis(), recoveredAfter));
                assertThat(recoveredAfter).isLessThan(5000);
            }
            // the restart without persistence lost the session: it stays closed rather than reappearing
            assertThat(sessions.get(token)).isEmpty();
        }
    }

    @Test
    void replicatedSessionsSurviveASentinelFailoverAndWaitTellsWhichAreSafe() {
        try (EmbeddedRedisSentinel setup = EmbeddedRedisSentinel.builder().start();
                RedisConnector redis = RedisConnector.create(setup.config().toBuilder()
                        .maxConnections(1)
                        .socketTimeout(Duration.ofSeconds(1))
                        .build())) {
            // one pooled connection, so WAIT counts the replicas that acknowledged this connection's writes
            SessionStore sessions =
                    SessionStore.builder(redis, "default", TestKeys.SESSION_KEY).build();
            RedisEndpoint oldMaster = setup.masterAddress();
            EmbeddedRedis replica = setup.servers().stream()
                    .filter(s -> s.port() != oldMaster.port())
                    .findFirst()
                    .orElseThrow();

            int n = 200;
            sessions.create("warm-up", Map.of(), ClientInfo.unknown());
            long[] plainNanos = new long[n];
            long[] waitNanos = new long[n];
            List<String> unconfirmedHealthy = new ArrayList<>();
            List<String> confirmed = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                unconfirmedHealthy.add(sessions.create("plain-" + i, Map.of("i", i), ClientInfo.unknown())
                        .token());
                plainNanos[i] = System.nanoTime() - start;
                start = System.nanoTime();
                String t = sessions.create("waited-" + i, Map.of("i", i), ClientInfo.unknown())
                        .token();
                if (waitReplicas(redis, 100) >= 1) {
                    confirmed.add(t);
                }
                waitNanos[i] = System.nanoTime() - start;
            }
            assertThat(confirmed).hasSize(n);

            // the replica lags: it is frozen and the master drops its link, so later writes stay on the master
            replica.pause();
            try (Jedis master = setup.master().client(1000)) {
                master.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "replica");
            }
            int lagging = 30;
            List<String> acknowledgedWhileLagging = new ArrayList<>();
            int confirmedWhileLagging = 0;
            for (int i = 0; i < lagging; i++) {
                acknowledgedWhileLagging.add(sessions.create("lag-" + i, Map.of(), ClientInfo.unknown())
                        .token());
                confirmedWhileLagging += waitReplicas(redis, 20) >= 1 ? 1 : 0;
            }
            setup.master().kill();
            replica.resume();
            long failoverStart = System.nanoTime();
            setup.awaitNewMaster(oldMaster, 30_000);
            long failoverMillis = (System.nanoTime() - failoverStart) / 1_000_000;

            long firstRead = recover(() -> sessions.get(confirmed.get(0)).orElseThrow());
            long lostConfirmed = confirmed.stream()
                    .filter(t -> readAfterFailover(sessions, t).isEmpty())
                    .count();
            long lostHealthy = unconfirmedHealthy.stream()
                    .filter(t -> readAfterFailover(sessions, t).isEmpty())
                    .count();
            long lostLagging = acknowledgedWhileLagging.stream()
                    .filter(t -> readAfterFailover(sessions, t).isEmpty())
                    .count();

            report(String.format(
                    "session Sentinel failover (SIGKILL master): %d ms to a new master, first read %d ms later",
                    failoverMillis, firstRead));
            report(String.format(
                    "session loss: %d of %d WAIT-confirmed creates lost; %d of %d unwaited creates on a healthy replica"
                            + " lost; %d of %d creates acknowledged while the replica lagged lost (WAIT confirmed %d of them)",
                    lostConfirmed, n, lostHealthy, n, lostLagging, lagging, confirmedWhileLagging));
            report(String.format(
                    "session create cost (median of %d): %d us alone, %d us with WAIT 1 (Sentinel, loopback, 1 replica)",
                    n, median(plainNanos) / 1000, median(waitNanos) / 1000));
            assertThat(lostConfirmed).isZero();
            assertThat(confirmedWhileLagging).isZero();
            assertThat(lostLagging).isEqualTo(lagging);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long waitReplicas(RedisConnector redis, int millis) {
        return Replies.asLong(redis.ops()
                .execute(RedisCommand.builder("WAIT").arg(1).arg(millis).build()));
    }

    private static Optional<Session> readAfterFailover(SessionStore sessions, String token) {
        for (int i = 0; ; i++) {
            try {
                return sessions.get(token);
            } catch (RedkitException switching) {
                if (i > 50) {
                    throw switching;
                }
                sleep(100);
            }
        }
    }

    /** Runs a call that must fail with RedisUnavailableException and returns how long it took. */
    private static long failsClosed(Supplier<?> call) {
        return Faults.failsWithin(call, RedisUnavailableException.class, BOUND_MILLIS);
    }

    /** Retries a call until it succeeds and returns the milliseconds that took. */
    private static long recover(Supplier<?> call) {
        return Faults.recoveryMillis(call, Duration.ofSeconds(20));
    }

    static void sleep(long millis) {
        Faults.pause(millis);
    }

    static void report(String line) {
        System.out.println(line);
        try {
            Files.writeString(
                    Path.of("target", "reliability-session.txt"),
                    line + System.lineSeparator(),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
