package dev.redkit.leaderboard;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.OutageProbe;
import dev.redkit.embedded.junit.Faults;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Leaderboard through a Redis outage, on its own server (so it runs once, not per topology): every call fails
 * with {@code RedisUnavailableException} within the timeout budget, threads and heap stay flat, and calls
 * succeed again within 5 s of the server's return. Figures go to the log (logger {@code dev.redkit.reliability.leaderboard}, through {@code Faults.report}).
 */
class LeaderboardFaultIT {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** One socket timeout per failing call (see docs/RELIABILITY.md), plus CI margin (see SessionFaultIT). */
    private static final long BOUND_MILLIS = TIMEOUT.toMillis() + 1000;
    /** 3 s in CI; run with -Dredkit.outage.seconds=30 for the figure in docs/RELIABILITY.md. */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("redkit.outage.seconds", 3));

    @Test
    void threadsAndHeapStayFlatThroughAnOutageAndCallsRecoverWithinFiveSeconds() {
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                RedisConnector redis = RedisConnector.create(Faults.shortTimeouts(server.config(), TIMEOUT))) {
            Leaderboard board = Leaderboard.builder(redis, "outage").build();
            OutageProbe.Result r =
                    OutageProbe.of(server).threads(8).down(OUTAGE).run(() -> board.increment("player-1", 1));
            String line = "leaderboard outage (SIGKILL, restart empty; increment): " + r.summary();
            Faults.report("leaderboard", line);
            r.assertFlatAndRecovered(BOUND_MILLIS);
        }
    }
}
