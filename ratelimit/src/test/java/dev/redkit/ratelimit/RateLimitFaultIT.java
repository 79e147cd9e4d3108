package dev.redkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.FaultProxy;
import dev.redkit.embedded.OutageProbe;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Rate limiters under faults, each on its own server (so it runs once, not per topology): connections
 * dropped and reset mid-call leave no key without a TTL; when the server is frozen or gone every decision
 * follows the failure policy within the socket timeout plus a margin; threads and heap stay flat through an
 * outage; with {@code redisBackoff} a frozen server costs one timeout per back-off, not one per decision.
 * Figures go to the log (logger {@code dev.redkit.reliability.ratelimit}, through {@code Faults.report}).
 */
class RateLimitFaultIT {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** One socket timeout per failing call (see docs/RELIABILITY.md), plus CI margin (see SessionFaultIT). */
    private static final long BOUND_MILLIS = TIMEOUT.toMillis() + 1000;
    /** 3 s in CI; run with -Dredkit.outage.seconds=30 for the figure in docs/RELIABILITY.md. */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("redkit.outage.seconds", 3));

    @Test
    void clientsDyingMidCallLeaveNoKeyWithoutTtl() throws Exception {
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                FaultProxy proxy = FaultProxy.to(server.endpoint());
                RedisConnector redis = RedisConnector.create(Faults.shortTimeouts(
                        proxy.config().toBuilder().keyPrefix("chaos").build(), TIMEOUT))) {
            List<RateLimiter> limiters = new ArrayList<>();
            for (Kind kind : Kind.values()) {
                limiters.add(kind.create(
                        RateLimiter.builder(redis, "chaos-" + kind.ordinal()).failurePolicy(FailurePolicy.FAIL_CLOSED),
                        Limit.perSecond(50),
                        Limit.perMinute(1000)));
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong calls = new AtomicLong();
            List<CompletableFuture<Void>> callers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                callers.add(CompletableFuture.runAsync(() -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        limiters.get(r.nextInt(limiters.size())).tryAcquire("user-" + r.nextInt(40), 1 + r.nextInt(3));
                        calls.incrementAndGet();
                    }
                }));
            }
            int faults = 0;
            long end = System.nanoTime() + 3_000_000_000L;
            ThreadLocalRandom r = ThreadLocalRandom.current();
            try (Jedis admin = server.client(2000)) {
                while (System.nanoTime() < end) {
                    switch (faults++ % 3) {
                        case 0 -> proxy.resetConnections();
                        case 1 -> admin.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal", "SKIPME", "yes");
                        default -> {
                            proxy.dropReplies(true);
                            Thread.sleep(r.nextInt(30));
                            proxy.dropReplies(false);
                        }
                    }
                    Thread.sleep(20 + r.nextInt(40));
                }
                stop.set(true);
                for (CompletableFuture<Void> c : callers) {
                    c.get();
                }
                Thread.sleep(200);
                List<String> noTtl = new ArrayList<>();
                List<String> keys = new ArrayList<>(admin.keys("chaos:*"));
                for (String key : keys) {
                    if (admin.pttl(key) == -1) { // -2: expired since KEYS, which is fine
                        noTtl.add(key);
                    }
                }
                report(String.format(
                        "ratelimit chaos: %d calls from 8 threads over 3 s with %d injected faults (RST, CLIENT KILL,"
                                + " dropped replies): %d keys, %d without a TTL",
                        calls.get(), faults, keys.size(), noTtl.size()));
                assertThat(keys).isNotEmpty();
                assertThat(noTtl).isEmpty();
            }
        }
    }

    @Test
    void decisionsFollowTheFailurePolicyWithinTheTimeoutWhenRedisIsFrozenOrGone() {
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                RedisConnector redis = RedisConnector.create(Faults.shortTimeouts(server.config(), TIMEOUT))) {
            List<RateLimiter> open = new ArrayList<>();
            List<RateLimiter> closed = new ArrayList<>();
            for (Kind kind : Kind.values()) {
                open.add(kind.create(
                        RateLimiter.builder(redis, "open-" + kind.ordinal()).failurePolicy(FailurePolicy.FAIL_OPEN),
                        Limit.perMinute(5)));
                closed.add(kind.create(
                        RateLimiter.builder(redis, "closed-" + kind.ordinal()).failurePolicy(FailurePolicy.FAIL_CLOSED),
                        Limit.perMinute(5)));
            }
            open.forEach(l -> l.tryAcquire("k"));
            closed.forEach(l -> l.tryAcquire("k"));
            StringBuilder line =
                    new StringBuilder("ratelimit failure policy (socketTimeout 300 ms), slowest decision per limiter:");
            for (String fault : List.of("SIGSTOP", "SIGKILL")) {
                if (fault.equals("SIGSTOP")) {
                    server.pause();
                } else {
                    server.kill();
                }
                long worstOpen = 0;
                long worstClosed = 0;
                for (int round = 0; round < 2; round++) {
                    for (RateLimiter l : open) {
                        long start = System.nanoTime();
                        assertThat(l.tryAcquire("k").allowed()).isTrue();
                        worstOpen = Math.max(worstOpen, (System.nanoTime() - start) / 1_000_000);
                    }
                    for (RateLimiter l : closed) {
                        long start = System.nanoTime();
                        assertThat(l.tryAcquire("k").allowed()).isFalse();
                        worstClosed = Math.max(worstClosed, (System.nanoTime() - start) / 1_000_000);
                    }
                }
                line.append(String.format(
                        " %s: FAIL_OPEN allowed all in <= %d ms, FAIL_CLOSED denied all in <= %d ms;",
                        fault, worstOpen, worstClosed));
                assertThat(worstOpen).isLessThan(BOUND_MILLIS);
                assertThat(worstClosed).isLessThan(BOUND_MILLIS);
                if (fault.equals("SIGSTOP")) {
                    server.resume();
                } else {
                    server.restart();
                }
            }
            report(line.toString());
            // a FAIL_CLOSED limiter with a limit never reached: a denial means "Redis gave no decision"
            RateLimiter probe = Kind.GCRA.create(
                    RateLimiter.builder(redis, "outage").failurePolicy(FailurePolicy.FAIL_CLOSED),
                    Limit.perSecond(1_000_000));
            OutageProbe.Result r = OutageProbe.of(server)
                    .threads(8)
                    .down(OUTAGE)
                    .expectedFailure(e -> e instanceof Denied)
                    .run(() -> {
                        if (!probe.tryAcquire("outage").allowed()) {
                            throw new Denied();
                        }
                        return null;
                    });
            report("ratelimit outage (SIGKILL, restart empty; FAIL_CLOSED, failures = denials): " + r.summary());
            assertThat(r.unexpected()).isEmpty();
            assertThat(r.slowestCall().toMillis()).isLessThan(BOUND_MILLIS);
            assertThat(r.threadsAfter()).isLessThanOrEqualTo(r.threadsBefore() + 2);
            assertThat(r.heapAfterBytes()).isLessThan(r.heapBeforeBytes() + 32L * 1024 * 1024);
            assertThat(r.recovery().toMillis()).isLessThan(5000);
        }
    }

    @Test
    void withRedisBackoffAFrozenRedisCostsOneTimeoutPerBackOffNotOnePerDecisionAndRedisDecidesAgainAfterAProbe() {
        int decisions = 20;
        long fast = TIMEOUT.toMillis() / 2;
        MutableClock clock = MutableClock.now();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                RedisConnector redis = RedisConnector.create(Faults.shortTimeouts(server.config(), TIMEOUT))) {
            RateLimiter open = RateLimiter.builder(redis, "backoff-open")
                    .failurePolicy(FailurePolicy.FAIL_OPEN)
                    .redisBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4))
                    .clock(clock)
                    .meterRegistry(registry)
                    .gcra(Limit.perMinute(1000));
            RateLimiter closed = RateLimiter.builder(redis, "backoff-closed")
                    .redisBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4))
                    .clock(clock)
                    .meterRegistry(registry)
                    .fixedWindow(Limit.perMinute(1000));
            assertThat(open.tryAcquire("k").allowed()).isTrue();
            assertThat(closed.tryAcquire("k").allowed()).isTrue();
            long firstOpen;
            long firstClosed;
            long[] skippingOpen = new long[decisions];
            long[] skippingClosed = new long[decisions];
            long resetMs;
            long probeMs;
            server.pause();
            try {
                firstOpen =
                        timed(() -> assertThat(open.tryAcquire("k").allowed()).isTrue());
                firstClosed =
                        timed(() -> assertThat(closed.tryAcquire("k").allowed()).isFalse());
                assertThat(Math.min(firstOpen, firstClosed))
                        .as("the first decision waits for the timeout")
                        .isGreaterThanOrEqualTo(fast);
                assertThat(Math.max(firstOpen, firstClosed)).isLessThan(BOUND_MILLIS);
                for (int i = 0; i < decisions; i++) {
                    boolean peek = i % 2 == 1;
                    skippingOpen[i] = timed(() -> assertThat((peek ? open.peek("k") : open.tryAcquire("k")).allowed())
                            .isTrue());
                    skippingClosed[i] =
                            timed(() -> assertThat((peek ? closed.peek("k") : closed.tryAcquire("k")).allowed())
                                    .isFalse());
                }
                assertThat(max(skippingOpen))
                        .as("decisions during the back-off do not wait for Redis")
                        .isLessThan(fast);
                assertThat(max(skippingClosed))
                        .as("decisions during the back-off do not wait for Redis")
                        .isLessThan(fast);
                assertThat(counter(registry, "bypassed", "backoff-open")).isEqualTo(decisions);
                assertThat(counter(registry, "bypassed", "backoff-closed")).isEqualTo(decisions);
                assertThat(counter(registry, "failures", "backoff-closed"))
                        .as("only the call that reached Redis")
                        .isEqualTo(1);

                resetMs = Faults.failsWithin(
                        () -> {
                            closed.reset("k");
                            return null;
                        },
                        RedisUnavailableException.class,
                        BOUND_MILLIS);
                assertThat(resetMs)
                        .as("reset ignores the back-off and waits for Redis")
                        .isGreaterThanOrEqualTo(fast);

                clock.advance(Duration.ofSeconds(1));
                probeMs =
                        timed(() -> assertThat(closed.tryAcquire("k").allowed()).isFalse());
                assertThat(probeMs)
                        .as("the back-off ended: one decision probes Redis")
                        .isGreaterThanOrEqualTo(fast)
                        .isLessThan(BOUND_MILLIS);
                clock.advance(Duration.ofSeconds(1));
                assertThat(timed(() ->
                                assertThat(closed.tryAcquire("k").allowed()).isFalse()))
                        .as("the failed probe doubled the back-off to 2 s")
                        .isLessThan(fast);
                assertThat(counter(registry, "failures", "backoff-closed")).isEqualTo(2);
            } finally {
                server.resume();
            }
            assertThat(closed.tryAcquire("k").allowed())
                    .as("Redis is back, but the back-off still denies")
                    .isFalse();
            double bypassedBefore = counter(registry, "bypassed", "backoff-closed");
            clock.advance(Duration.ofSeconds(1));
            RateLimitDecision probed = closed.tryAcquire("k");
            assertThat(probed.allowed())
                    .as("the probe's decision comes from Redis")
                    .isTrue();
            assertThat(probed.resetAfter())
                    .as("a real window, not the policy's 1 s")
                    .isNotEqualTo(Duration.ofSeconds(1));
            for (int i = 0; i < decisions; i++) {
                assertThat(closed.tryAcquire("k").allowed()).isTrue();
            }
            assertThat(counter(registry, "bypassed", "backoff-closed"))
                    .as("none skipped after the probe")
                    .isEqualTo(bypassedBefore);
            clock.advance(Duration.ofSeconds(1));
            RateLimitDecision openProbed = open.tryAcquire("k");
            assertThat(openProbed.resetAfter())
                    .as("the FAIL_OPEN limiter's probe is answered by Redis")
                    .isPositive();
            report(String.format(
                    "ratelimit redisBackoff(1 s, 4 s) during a SIGSTOP freeze (socketTimeout %d ms): the first"
                            + " decision took %d ms (FAIL_OPEN, allowed) and %d ms (FAIL_CLOSED, denied); the next %d decisions"
                            + " (tryAcquire and peek) followed the policy in %s ms (FAIL_OPEN) and %s ms (FAIL_CLOSED) each, %d of %d"
                            + " counted as bypassed per limiter; reset called Redis and threw RedisUnavailableException after %d ms;"
                            + " the probe when the back-off ended took %d ms (failed, back-off doubled); after SIGCONT the next"
                            + " probe's decision came from Redis and %d more followed without a skip",
                    TIMEOUT.toMillis(),
                    firstOpen,
                    firstClosed,
                    decisions,
                    range(skippingOpen),
                    range(skippingClosed),
                    decisions,
                    decisions,
                    resetMs,
                    probeMs,
                    decisions));
        }
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

    private static String range(long[] values) {
        return Arrays.stream(values).min().orElseThrow() + "-" + max(values);
    }

    private static double counter(SimpleMeterRegistry registry, String name, String limiter) {
        return registry.get("redkit.ratelimit." + name)
                .tag("name", limiter)
                .counter()
                .count();
    }

    /** A denial by the failure policy, for the outage probe. */
    private static final class Denied extends RuntimeException {
        Denied() {
            super("denied by FAIL_CLOSED", null, false, false);
        }
    }

    private static void report(String line) {
        Faults.report("ratelimit", line);
    }
}
