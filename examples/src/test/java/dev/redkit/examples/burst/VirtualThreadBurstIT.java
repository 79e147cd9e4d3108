package dev.redkit.examples.burst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.Burst;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.embedded.junit.VirtualThreads;
import dev.redkit.lock.Lease;
import dev.redkit.lock.RedisLock;
import dev.redkit.lock.ReleaseOutcome;
import dev.redkit.ratelimit.Limit;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.NewSession;
import dev.redkit.session.SessionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Issue 25: 10,000 request handlers on virtual threads, each doing a rate-limit check, a lock acquire and release
 * and a session read against the DEFAULT pool (32 connections, 20 s call deadline), all succeed: no error, no
 * in-limit request denied, no lock left held. Before JDK 21 (no virtual threads) the same mix runs on 500 platform
 * threads.
 *
 * <p>On JDK 21 and later a JFR recording of {@code jdk.VirtualThreadPinned} (threshold zero) meanwhile must show
 * no virtual thread pinned where Redkit's code is the innermost frame outside the JDK. Pins inside the driver
 * (Jedis, commons-pool2) are reported ({@code target/reliability-burst.txt}), not failed (docs/core.md lists the ones seen). On JDK 24 and later a monitor
 * no longer pins (JEP 491), so there the recording catches class initialization and native frames;
 * {@code NoMonitorAcrossRedisCallsTest} checks the monitors.
 */
@RedisTest
class VirtualThreadBurstIT {

    private static final int CALLERS = VirtualThreads.available() ? 10_000 : 500;

    @Test
    void tenThousandVirtualThreadsOnTheDefaultPoolAllSucceedAndNoneIsPinnedInRedkit(RedisTestContext ctx)
            throws Exception {
        RedisConnector redis = ctx.connector();
        assertThat(redis.config().maxConnections()).as("the default pool").isEqualTo(32);
        RateLimiter limiter = RateLimiter.builder(redis, "burst").fixedWindow(Limit.perMinute(1_000_000));
        RedisLock locks = RedisLock.builder(redis, "burst")
                .leaseTime(Duration.ofSeconds(60))
                .build();
        SessionStore sessions = SessionStore.builder(
                        redis, "default", "burst-test-secret-of-32-bytes!!!".getBytes(StandardCharsets.UTF_8))
                .build();
        NewSession session = sessions.create("user-1", Map.of("role", "customer"), ClientInfo.of("10.0.0.1", "test"));
        Burst.Caller mix = i -> {
            if (!limiter.tryAcquire("ip-" + (i & 63)).allowed()) {
                return "rate-limit check denied (failing closed)";
            }
            Optional<Lease> lease = locks.tryAcquire("job-" + i);
            if (lease.isEmpty()) {
                return "lock busy";
            }
            if (lease.get().release() != ReleaseOutcome.RELEASED) {
                return "lock not released";
            }
            return sessions.get(session.token()).isPresent() ? null : "session not found";
        };
        Executor threads = Burst.threadPerCaller(VirtualThreads.factoryOrPlatform("burst"));
        // warm-up: class initialization (Redkit's and the JDK's socket poller) pins a virtual thread once per class
        Burst.run(50, threads, Duration.ofMinutes(1), i -> mix.call(CALLERS + i));

        Recording pinning = new Recording();
        pinning.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
        pinning.start();
        Burst.Result r = Burst.run(CALLERS, threads, Duration.ofMinutes(3), mix);
        List<String> pinned = pinnedStacks(pinning);
        Faults.report(
                "burst",
                String.format(
                        "burst: %d %s threads on %s, default pool: %d ms, %d callers/s, p99 %d ms,"
                                + " %d errors, %d pinned events",
                        CALLERS,
                        VirtualThreads.available() ? "virtual" : "platform",
                        ctx.topology(),
                        r.wall().toMillis(),
                        Math.round(r.callersPerSecond()),
                        r.percentile(0.99).toMillis(),
                        r.errors(),
                        pinned.size()));
        pinned.stream()
                .filter(st -> !pinnedInRedkit(st))
                .distinct()
                .forEach(st -> Faults.report("burst", "burst: a virtual thread pinned outside Redkit:\n" + st));

        assertThat(r.errors())
                .as("errors of %d callers: %s", CALLERS, r.messages())
                .isZero();
        assertThat(r.wrongOutcomes())
                .as("wrong outcomes of %d callers", CALLERS)
                .isEmpty();
        assertThat(pinned.stream().filter(VirtualThreadBurstIT::pinnedInRedkit).collect(Collectors.toList()))
                .as("virtual threads pinned in Redkit code")
                .isEmpty();
        locks.close();
        List<String> held = ctx.keys().stream()
                .filter(k -> k.contains(":lock:burst:") && k.endsWith(":owner"))
                .collect(Collectors.toList());
        assertThat(held).as("locks left held").isEmpty();
    }

    /** Stops the recording and returns the stack of each pinning event, one frame per line. */
    private static List<String> pinnedStacks(Recording recording) throws Exception {
        recording.stop();
        Path file = Files.createTempFile("pinned", ".jfr");
        try {
            recording.dump(file);
            List<String> stacks = new ArrayList<>();
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                stacks.add(stack(event));
            }
            return stacks;
        } finally {
            recording.close();
            Files.deleteIfExists(file);
        }
    }

    /** Whether Redkit's own code is the innermost frame outside the JDK. */
    static boolean pinnedInRedkit(String stack) {
        for (String frame : stack.split("\n")) {
            if (frame.startsWith("pinned: ")
                    || frame.startsWith("java.")
                    || frame.startsWith("jdk.")
                    || frame.startsWith("sun.")) {
                continue;
            }
            return frame.startsWith("dev.redkit.");
        }
        return false;
    }

    private static String stack(RecordedEvent event) {
        String reason = event.hasField("pinnedReason") ? "pinned: " + event.getValue("pinnedReason") + "\n" : "";
        if (event.getStackTrace() == null) {
            return reason + event.getEventType().getName();
        }
        return reason
                + event.getStackTrace().getFrames().stream()
                        .map(RecordedFrame::getMethod)
                        .map(m -> m.getType().getName() + "." + m.getName())
                        .collect(Collectors.joining("\n"));
    }
}
