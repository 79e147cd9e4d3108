package dev.redkit.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.cache.internal.RedisBackoff.Permit;
import dev.redkit.core.RedisCommandException;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.embedded.LogCapture;
import dev.redkit.embedded.junit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The back-off state machine alone, on a clock the test moves. */
class RedisBackoffTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final RedisBackoff backoff = new RedisBackoff("cache 'm'", Duration.ofSeconds(1), Duration.ofSeconds(3), clock);

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
            })).isInstanceOf(RedisUnavailableException.class);
            clock.advance(Duration.ofMillis(millis - 1));
            assertThat(backoff.permit()).as("still skipping %d ms into a %d ms back-off", millis - 1, millis)
                    .isEqualTo(Permit.SKIP);
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(backoff.permit()).isEqualTo(Permit.PROBE);
        backoff.probe(() -> null);
        backoff.failed(down());
        clock.advance(Duration.ofSeconds(1));
        assertThat(backoff.permit()).as("a new outage starts again at the initial back-off").isEqualTo(Permit.PROBE);
    }

    @Test
    void onlyTheProbeDecidesFailuresOfEarlierCallsAreIgnored() {
        backoff.failed(down());
        clock.advance(Duration.ofMillis(900));
        backoff.failed(down());
        clock.advance(Duration.ofMillis(100));
        assertThat(backoff.permit()).as("the second failure did not extend the back-off").isEqualTo(Permit.PROBE);
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
        })).hasMessage("not Redis");
        assertThat(backoff.permit()).as("at once, without another back-off").isEqualTo(Permit.PROBE);
        assertThatThrownBy(() -> backoff.probe(() -> {
            throw new RedisCommandException("GET", "WRONGTYPE", null);
        })).isInstanceOf(RedisCommandException.class);
        assertThat(backoff.closed()).as("Redis answered").isTrue();
    }

    @Test
    void ofManyConcurrentCallersExactlyOneProbesAndOneFailureLogsOneWarning() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (LogCapture logs = LogCapture.start()) {
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
            assertThat(lines(logs.text(), " WARN ")).hasSize(1).allMatch(l -> l.contains("cache 'm': Redis is unavailable"));
            assertThat(lines(logs.text(), " INFO ")).hasSize(1).allMatch(l -> l.contains("reads use Redis again"));
        } finally {
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
        RedisBackoff off = new RedisBackoff("cache 'm'", Duration.ZERO, Duration.ZERO, clock);
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
    void probingWithoutAPermitIsAMistake() {
        assertThatThrownBy(() -> backoff.probe(() -> null)).isInstanceOf(IllegalStateException.class);
    }

    private static RedisUnavailableException down() {
        return new RedisUnavailableException("127.0.0.1:6379", "Read timed out", null);
    }

    private static List<String> lines(String text, String level) {
        return text.lines().filter(l -> l.contains(level) && l.contains("RedisBackoff")).toList();
    }
}
