package dev.redkit.embedded.junit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.redkit.core.RedkitException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Small assertions shared by fault tests: a call fails with the documented exception within a time
 * budget, and a call succeeds again within a recovery window.
 * <pre>{@code
 * server.pause();
 * long ms = Faults.failsWithin(() -> sessions.get(token), RedisUnavailableException.class, 1300);
 * server.resume();
 * long recovery = Faults.recoveryMillis(() -> sessions.get(token), Duration.ofSeconds(20));
 * }</pre>
 */
public final class Faults {

    private Faults() {
    }

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
                call.get();
                return (System.nanoTime() - start) / 1_000_000;
            } catch (RedkitException | java.util.NoSuchElementException notYet) {
                if (System.nanoTime() - start > timeout.toNanos()) {
                    throw notYet;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }
}
