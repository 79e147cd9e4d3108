package dev.redkit.analytics;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.OutageProbe;
import dev.redkit.embedded.junit.Faults;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Analytics through a Redis outage, on its own server (so it runs once, not per topology): every call fails
 * with {@code RedisUnavailableException} within the timeout budget, threads and heap stay flat, and calls
 * succeed again within 5 s of the server's return. Figures go to the log (logger {@code dev.redkit.reliability.analytics}, through {@code Faults.report}).
 */
class AnalyticsFaultIT {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** One socket timeout per failing call (see docs/RELIABILITY.md), plus CI margin (see SessionFaultIT). */
    private static final long BOUND_MILLIS = TIMEOUT.toMillis() + 1000;
    /** 3 s in CI; run with -Dredkit.outage.seconds=30 for the figure in docs/RELIABILITY.md. */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("redkit.outage.seconds", 3));

    @Test
    void threadsAndHeapStayFlatThroughAnOutageAndCallsRecoverWithinFiveSeconds() {
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                RedisConnector redis = RedisConnector.create(Faults.shortTimeouts(server.config(), TIMEOUT))) {
            Analytics analytics = Analytics.builder(redis, "outage").build();
            OutageProbe.Result r = OutageProbe.of(server)
                    .threads(8)
                    .down(OUTAGE)
                    .run(() -> analytics.counters().increment("clicks", "offer-1"));
            String line = "analytics outage (SIGKILL, restart empty; counters().increment): " + r.summary();
            Faults.report("analytics", line);
            r.assertFlatAndRecovered(BOUND_MILLIS);
        }
    }
}
