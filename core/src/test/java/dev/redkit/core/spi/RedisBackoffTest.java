package dev.redkit.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisCommandException;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.spi.RedisBackoff.Permit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The back-off state machine alone, on a clock the test moves. */
class RedisBackoffTest {

    static {
        // the build logs at WARN; slf4j-simple reads a logger's level when the logger is created, which is when
        // RedisBackoff is loaded, after this (nothing else in core's tests loads it)
        System.setProperty("org.slf4j.simpleLogger.log.dev.redkit.core.spi.RedisBackoff", "info");
    }

    private final MovingClock clock = new MovingClock();
    private final RedisBackoff backoff =
            RedisBackoff.of("cache 'm'", Duration.ofSeconds(1), Duration.ofSeconds(3), clock);

    @Test
    void aFailureSkipsRedisForTheBackOffThenOneCallerProbesAndItsSuccessEndsIt() {
        assertThat(backoff.permit()).isEqualTo(Permit.CALL);
        backoff.failed(down());
        assertThat(backoff.closed()).isFalse();
        assertThat(backoff.permit()).isEqualTo(Permit.SKIP);
        clock.advance(Duration.ofMillis(999));
        assertThat(backoff.permit()).isEqualTo(Permit.SKIP);
        clock.advance(Duration.ofMillis(1));
        assertThat(backoff.permit()).isEqualTo(Permit.PROBE);
        assertThat(backoff.permit()).as("others while the probe runs").isEqualTo(Permit.SKIP);
        clock.advance(Duration.ofHours(1));
        assertThat(backoff.permit()).as("however long the probe takes").isEqualTo(Permit.SKIP);
        assertThat(backoff.probe(() -> "reply")).isEqualTo("reply");
        assertThat(backoff.closed()).isTrue();
        assertThat(backoff.permit()).isEqualTo(Permit.CALL);
    }

    @Test
    void aFailedProbeDoublesTheBackOffUpToTheMax() {
        backoff.failed(down());
        long[] expected = {2000, 3000, 3000};
        clock.advance(Duration.ofSeconds(1));
        for (long millis : expected) {
            assertThat(backoff.permit()).isEqualTo(Permit.PROBE);
            assertThatThrownBy(() -> backoff.probe(() -> {
                        throw down();
                    }))
                    .isInstanceOf(RedisUnavailableException.class);
            clock.advance(Duration.ofMillis(millis - 1));
            assertThat(backoff.permit())
                    .as("still skipping %d ms into a %d ms back-off", millis - 1, millis)
                    .isEqualTo(Permit.SKIP);
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(backoff.permit()).isEqualTo(Permit.PROBE);
        backoff.probe(() -> null);
        backoff.failed(down());
        clock.advance(Duration.ofSeconds(1));
        assertThat(backoff.permit())
                .as("a new outage starts again at the initial back-off")
                .isEqualTo(Permit.PROBE);
    }

    @Test
    void onlyTheProbeDecidesFailuresOfEarlierCallsAreIgnored() {
        backoff.failed(down());
        clock.advance(Duration.ofMillis(900));
        backoff.failed(down());
        clock.advance(Duration.ofMillis(100));
        assertThat(backoff.permit())
                .as("the second failure did not extend the back-off")
                .isEqualTo(Permit.PROBE);
        backoff.failed(down());
        assertThat(backoff.permit()).isEqualTo(Permit.SKIP);
        backoff.probe(() -> null);
        assertThat(backoff.permit()).isEqualTo(Permit.CALL);
    }

    @Test
    void aProbeAnsweredWithAnErrorReplyEndsTheBackOffAndOneFailingForAnotherReasonLetsTheNextCallerProbe() {
        backoff.failed(down());
        clock.advance(Duration.ofSeconds(1));
        assertThat(backoff.permit()).isEqualTo(Permit.PROBE);
        assertThatThrownBy(() -> backoff.probe(() -> {
                    throw new IllegalStateException("not Redis");
                }))
                .hasMessage("not Redis");
        assertThat(backoff.permit()).as("at once, without another back-off").isEqualTo(Permit.PROBE);
        assertThatThrownBy(() -> backoff.probe(() -> {
                    throw new RedisCommandException("GET", "WRONGTYPE", null);
                }))
                .isInstanceOf(RedisCommandException.class);
        assertThat(backoff.closed()).as("Redis answered").isTrue();
    }

    @Test
    void ofManyConcurrentCallersExactlyOneProbesAndOneFailureLogsOneWarning() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        PrintStream err = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> failing = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                failing.add(pool.submit(() -> {
                    start.await();
                    backoff.failed(down());
                    return null;
                }));
            }
            for (Future<?> f : failing) {
                f.get(10, TimeUnit.SECONDS);
            }
            clock.advance(Duration.ofSeconds(1));
            List<Future<Permit>> permits = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                permits.add(pool.submit(() -> {
                    start.await();
                    return backoff.permit();
                }));
            }
            int probes = 0;
            for (Future<Permit> f : permits) {
                probes += f.get(10, TimeUnit.SECONDS) == Permit.PROBE ? 1 : 0;
            }
            assertThat(probes).isEqualTo(1);
            backoff.probe(() -> null);
            String text = logs.toString(StandardCharsets.UTF_8);
            assertThat(lines(text, " WARN ")).hasSize(1).allMatch(l -> l.contains("cache 'm': Redis is unavailable"));
            assertThat(lines(text, " INFO ")).hasSize(1).allMatch(l -> l.contains("calls use Redis again"));
        } finally {
            System.setErr(err);
            pool.shutdownNow();
        }
    }

    @Test
    void aClockThatStepsBackEndsTheBackOffInsteadOfExtendingIt() {
        backoff.failed(down());
        clock.advance(Duration.ofHours(-1));
        assertThat(backoff.permit()).isEqualTo(Permit.PROBE);
    }

    @Test
    void disabledItNeverSkips() {
        RedisBackoff off = RedisBackoff.of("cache 'm'", Duration.ZERO, Duration.ZERO, clock);
        off.failed(down());
        assertThat(off.permit()).isEqualTo(Permit.CALL);
        assertThat(off.closed()).isTrue();
    }

    @Test
    void theExceptionForStrictCallersNamesTheOwnerAndKeepsTheFailureAsCause() {
        RedisUnavailableException failure = down();
        backoff.failed(failure);
        RedisUnavailableException skipped = backoff.skipped();
        assertThat(skipped.getMessage()).contains("cache 'm'").contains("back-off");
        assertThat(skipped.endpoint()).isEqualTo("127.0.0.1:6379");
        assertThat(skipped.getCause()).isSameAs(failure);
        assertThat(backoff.toString()).contains("cache 'm'").contains("open until");
    }

    @Test
    void callRunsRedisWhileClosedReportsAnOutageAnswersWithoutRedisDuringTheBackOffAndProbesAfterIt() {
        List<String> calls = new ArrayList<>();
        assertThat(backoff.call(() -> "redis", () -> "fallback")).isEqualTo("redis");
        RedisUnavailableException outage = down();
        assertThatThrownBy(() -> backoff.call(
                        () -> {
                            throw outage;
                        },
                        () -> "fallback"))
                .isSameAs(outage);
        assertThat(backoff.closed())
                .as("the outage was reported by call itself")
                .isFalse();
        assertThat(backoff.call(
                        () -> {
                            calls.add("redis");
                            return "redis";
                        },
                        () -> "fallback"))
                .isEqualTo("fallback");
        assertThat(calls).as("Redis is not called during the back-off").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> backoff.call(
                        () -> {
                            throw down();
                        },
                        () -> "fallback"))
                .isInstanceOf(RedisUnavailableException.class);
        assertThat(backoff.permit())
                .as("the failed probe started a longer back-off")
                .isEqualTo(Permit.SKIP);
        clock.advance(Duration.ofSeconds(2));
        assertThat(backoff.call(() -> "redis", () -> "fallback"))
                .as("the probe's answer")
                .isEqualTo("redis");
        assertThat(backoff.closed()).isTrue();
    }

    @Test
    void probingWithoutAPermitIsAMistake() {
        assertThatThrownBy(() -> backoff.probe(() -> null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badArgumentsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> RedisBackoff.of("x", Duration.ofSeconds(-1), Duration.ofSeconds(1), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redisBackoff.initial must not be negative");
        assertThatThrownBy(() -> RedisBackoff.of("x", Duration.ofNanos(1000), Duration.ofSeconds(1), clock))
                .hasMessageContaining("redisBackoff.initial must be at least 1 ms");
        assertThatThrownBy(() -> RedisBackoff.of("x", Duration.ofSeconds(2), Duration.ofSeconds(1), clock))
                .hasMessageContaining("redisBackoff.max must not be shorter than redisBackoff.initial");
        assertThatThrownBy(() -> RedisBackoff.of("x", Duration.ofSeconds(1), null, clock))
                .hasMessageContaining("redisBackoff.max must not be null");
        assertThatThrownBy(() -> RedisBackoff.of("", Duration.ZERO, Duration.ZERO, clock))
                .hasMessageContaining("owner");
        assertThatThrownBy(() -> RedisBackoff.of("x", Duration.ZERO, Duration.ZERO, null))
                .hasMessageContaining("clock");
    }

    private static RedisUnavailableException down() {
        return new RedisUnavailableException("127.0.0.1:6379", "Read timed out", null);
    }

    private static List<String> lines(String text, String level) {
        return text.lines()
                .filter(l -> l.contains(level) && l.contains("RedisBackoff"))
                .toList();
    }

    /** A clock that only the test moves; copies made with {@link #withZone} move with it. */
    private static final class MovingClock extends Clock {
        private final AtomicReference<Instant> now;
        private final ZoneId zone;

        MovingClock() {
            this(new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z")), ZoneOffset.UTC);
        }

        private MovingClock(AtomicReference<Instant> now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new MovingClock(now, zone);
        }
    }
}
