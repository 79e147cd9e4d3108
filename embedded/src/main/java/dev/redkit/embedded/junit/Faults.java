package dev.redkit.embedded.junit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedkitException;
import dev.redkit.core.ReplicaAckException;
import dev.redkit.embedded.EmbeddedRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Small tools shared by fault tests: a call fails with the documented exception within a time budget, a
 * call succeeds again within a recovery window, server-side freezes ({@code DEBUG SLEEP},
 * {@code CLIENT PAUSE}) as {@link Fault}s, and measured figures written for {@code docs/RELIABILITY.md}.
 * <!-- snippet: EmbeddedSnippets#faults -->
 * <pre>{@code
 * server.pause();
 * long ms = Faults.failsWithin(() -> sessions.get(token), RedisUnavailableException.class, 1300);
 * server.resume();
 * long recovery = Faults.recoveryMillis(() -> sessions.get(token), Duration.ofSeconds(20));
 * }</pre>
 */
public final class Faults {

    private Faults() {}

    /**
     * Asserts that a call throws the given type within a bound.
     *
     * @param call the call
     * @param type the expected exception type
     * @param boundMillis the most the failure may take
     * @return how long the call took, in milliseconds
     */
    public static long failsWithin(Supplier<?> call, Class<? extends Throwable> type, long boundMillis) {
        long start = System.nanoTime();
        assertThrows(type, call::get);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < boundMillis, "failure took " + took + " ms, more than " + boundMillis + " ms");
        return took;
    }

    /**
     * Retries a call every 20 ms until it succeeds.
     *
     * @param call the call
     * @param timeout the longest recovery accepted
     * @return how long until the first success, in milliseconds
     * @throws RedkitException the last failure, if the call never succeeds in time
     */
    public static long recoveryMillis(Supplier<?> call, Duration timeout) {
        long start = System.nanoTime();
        while (true) {
            try {
                Object unused = call.get();
                return (System.nanoTime() - start) / 1_000_000;
            } catch (RedkitException | java.util.NoSuchElementException notYet) {
                if (System.nanoTime() - start > timeout.toNanos()) {
                    throw notYet;
                }
                pause(20);
            }
        }
    }

    /**
     * Calls until Redis answers, for the moments right after a failover or restart: retries every
     * {@link RedkitException} except {@link ReplicaAckException}, which is an answer (the
     * write was applied but not confirmed), not a passing failure.
     *
     * @param call the call
     * @param timeout how long to keep trying; the last failure is thrown after it
     * @param <T> the result type
     * @return the first result
     */
    public static <T> T retry(Supplier<T> call, Duration timeout) {
        long start = System.nanoTime();
        while (true) {
            try {
                return call.get();
            } catch (RedkitException notYet) {
                if (notYet instanceof ReplicaAckException || System.nanoTime() - start > timeout.toNanos()) {
                    throw notYet;
                }
                pause(50);
            }
        }
    }

    /**
     * A fault to inject and heal.
     *
     * @param start injects the fault
     * @param heal waits until the fault is over
     */
    public record Fault(Runnable start, Runnable heal) {}

    /**
     * The server executes {@code DEBUG SLEEP}: it answers nothing for the duration, then carries on.
     * The server must allow {@code DEBUG} ({@link EmbeddedRedis.Builder#enableDebugCommand()}).
     *
     * @param server the server
     * @param duration whole seconds
     * @return the fault
     */
    public static Fault debugSleep(EmbeddedRedis server, Duration duration) {
        CompletableFuture<?>[] running = new CompletableFuture<?>[1];
        return new Fault(
                () -> {
                    running[0] = CompletableFuture.runAsync(() -> {
                        try (Jedis jedis = server.client((int) duration.toMillis() + 3000)) {
                            jedis.sendCommand(
                                    () -> "DEBUG".getBytes(StandardCharsets.US_ASCII),
                                    "SLEEP",
                                    Long.toString(duration.toSeconds()));
                        }
                    });
                    pause(100);
                },
                () -> running[0].join());
    }

    /**
     * The server executes {@code CLIENT PAUSE ... ALL}: every client waits for the duration.
     *
     * @param server the server
     * @param duration the pause
     * @return the fault
     */
    public static Fault clientPause(EmbeddedRedis server, Duration duration) {
        long[] started = new long[1];
        return new Fault(
                () -> {
                    try (Jedis jedis = server.client(1000)) {
                        jedis.sendCommand(Protocol.Command.CLIENT, "PAUSE", Long.toString(duration.toMillis()), "ALL");
                    }
                    started[0] = System.nanoTime();
                },
                () -> pause(Math.max(0, duration.toMillis() + 50 - (System.nanoTime() - started[0]) / 1_000_000)));
    }

    /**
     * Logs a measured figure at INFO on the SLF4J logger {@code dev.redkit.reliability.<component>}, where
     * the test's logging backend shows it next to the test output (nothing is printed to {@code System.out}
     * and no file is written: this class ships in a published artifact).
     *
     * @param component the logger name's last part, for example {@code otp}
     * @param line the figure
     */
    public static void report(String component, String line) {
        LoggerFactory.getLogger("dev.redkit.reliability." + component).info("{}", line);
    }

    /**
     * A configuration whose socket timeout and connect timeout are {@code timeout} and whose call deadline is
     * twice that (a caller waits for its turn at the pool for at most {@code timeout} on standalone and not at all
     * on Cluster), as fault tests use to bound every failing call.
     *
     * @param config the server's (or proxy's) configuration
     * @param timeout the one timeout
     * @return the configuration with the timeouts set
     */
    public static RedisConfig shortTimeouts(RedisConfig config, Duration timeout) {
        return config.toBuilder()
                .socketTimeout(timeout)
                .connectTimeout(timeout)
                .callTimeout(timeout.multipliedBy(2))
                .build();
    }

    /**
     * Waits until a condition holds, polling every 20 ms.
     *
     * @param condition the condition
     * @param timeout how long to wait
     * @throws AssertionError if it does not hold in time
     */
    public static void await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            pause(20);
        }
    }

    /**
     * Runs a call a number of times on this thread and returns the median latency, for the cost figures
     * that fault tests report next to what they prove. A reading on a shared machine, never a benchmark:
     * report it, do not assert on it.
     *
     * @param times how many calls, at least 1
     * @param call the call
     * @return the median in microseconds
     */
    public static long medianMicros(int times, Runnable call) {
        long[] nanos = new long[times];
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[times / 2] / 1000;
    }

    /**
     * Sleeps, turning an interrupt into an unchecked failure.
     *
     * @param millis how long
     */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
