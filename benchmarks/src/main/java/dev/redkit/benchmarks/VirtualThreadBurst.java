package dev.redkit.benchmarks;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.junit.Burst;
import dev.redkit.embedded.junit.VirtualThreads;
import dev.redkit.lock.Lease;
import dev.redkit.lock.RedisLock;
import dev.redkit.lock.ReleaseOutcome;
import dev.redkit.ratelimit.Limit;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.SessionStore;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Issue 25: a burst of requests, each a rate-limit check, a lock acquire and release and a session read, against
 * one embedded Redis and the DEFAULT connector settings (32 connections, 20 s call deadline): once on 10,000
 * virtual threads (one per request, all released at once), once on 32 platform threads taking the same 10,000
 * requests in turn. Prints a Markdown section for the appendix of docs/BENCHMARKS.md ({@code benchmarks/run.sh}).
 *
 * <p>Latency runs from the release of the burst until the request is done, so it includes the wait for a turn at
 * the pool (virtual threads) or for a free thread (platform threads). Arguments: {@code [requests [platformThreads]]},
 * default 10,000 and 32.
 */
public final class VirtualThreadBurst {

    private static final byte[] SECRET = "burst-benchmark-secret-32-bytes!".getBytes(StandardCharsets.US_ASCII);

    private VirtualThreadBurst() {}

    /**
     * Runs both bursts on a fresh embedded Redis and prints the section.
     *
     * @param args {@code [requests [platformThreads]]}
     * @throws Exception if the server cannot start or a burst does not end within 5 minutes
     */
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int platformThreads = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        StringBuilder out = new StringBuilder();
        out.append("## Burst of ")
                .append(String.format(Locale.ROOT, "%,d", requests))
                .append(" requests: virtual threads against platform threads (issue 25)\n\n")
                .append(
                        "Each request: a fixed-window rate-limit check, a lock `tryAcquire` and `release`, a session `get`")
                .append(" (4 round trips). Default connector (32 connections, `callTimeout` 20 s), one embedded Redis,")
                .append(" Java ")
                .append(Runtime.version())
                .append(", load average ")
                .append(loadAverage())
                .append(" at the start. Latency from the release of the burst until the")
                .append(" request is done (waits included); throughput = requests / time until the last is done.\n\n")
                .append("| threads | requests | time to last | requests/s | p50 | p99 | errors | wrong outcomes |")
                .append(" longest wait for a turn at the pool |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        try (EmbeddedRedis server = EmbeddedRedis.start()) {
            RedisConfig config = server.config();
            if (VirtualThreads.available()) {
                out.append(row(
                        config,
                        String.format(Locale.ROOT, "%,d virtual", requests),
                        requests,
                        Burst.threadPerCaller(VirtualThreads.factoryOrPlatform("burst")),
                        "v"));
            } else {
                out.append("| virtual | - | skipped: Java ")
                        .append(Runtime.version().feature())
                        .append(" has no virtual threads (21 or later) | | | | | | |\n");
            }
            ExecutorService pool = Executors.newFixedThreadPool(platformThreads);
            try {
                out.append(row(config, platformThreads + " platform", requests, pool, "p"));
            } finally {
                pool.shutdownNow();
            }
        }
        System.out.print(out.append('\n'));
    }

    private static String row(RedisConfig config, String label, int requests, Executor threads, String run)
            throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RedisConnector redis = RedisConnector.create(config, registry);
                RedisLock locks = RedisLock.builder(redis, "burst-" + run)
                        .leaseTime(Duration.ofSeconds(60))
                        .build()) {
            RateLimiter limiter = RateLimiter.builder(redis, "burst-" + run).fixedWindow(Limit.perMinute(10_000_000));
            SessionStore sessions =
                    SessionStore.builder(redis, "default", SECRET).build();
            String token = sessions.create("user-1", Map.of("role", "customer"), ClientInfo.of("10.0.0.1", "bench"))
                    .token();
            Burst.Caller mix = i -> {
                if (!limiter.tryAcquire("ip-" + (i & 63)).allowed()) {
                    return "denied";
                }
                Optional<Lease> lease = locks.tryAcquire("job-" + i);
                if (lease.isEmpty()) {
                    return "lock busy";
                }
                if (lease.get().release() != ReleaseOutcome.RELEASED) {
                    return "lock not released";
                }
                return sessions.get(token).isPresent() ? null : "session not found";
            };
            Burst.run(200, threads, Duration.ofMinutes(1), i -> mix.call(requests + i));
            Burst.Result r = Burst.run(requests, threads, Duration.ofMinutes(5), mix);
            Timer wait = registry.find("redkit.pool.wait").timer();
            String longestWait = wait == null ? "-" : ms(Duration.ofNanos((long) wait.max(TimeUnit.NANOSECONDS)));
            return String.format(
                    Locale.ROOT,
                    "| %s | %,d | %s | %,.0f | %s | %s | %d%s | %d%s | %s |%n",
                    label,
                    requests,
                    ms(r.wall()),
                    r.callersPerSecond(),
                    ms(r.percentile(0.5)),
                    ms(r.percentile(0.99)),
                    r.errors(),
                    r.messages().isEmpty()
                            ? ""
                            : " " + r.messages().keySet().iterator().next(),
                    r.wrongOutcomeCount(),
                    r.wrongOutcomes().isEmpty() ? "" : " " + r.wrongOutcomes(),
                    longestWait);
        }
    }

    /** The machine's 1-minute load average (Linux), or "unknown": the virtual-thread row depends on it most. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%,d ms", d.toMillis());
    }
}
