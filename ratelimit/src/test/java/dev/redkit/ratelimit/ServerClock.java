package dev.redkit.ratelimit;

import dev.redkit.embedded.junit.RedisTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Reads the Redis server clock, which governs every limiter, and waits for window positions on it. */
final class ServerClock {

    private final RedisTestContext ctx;

    ServerClock(RedisTestContext ctx) {
        this.ctx = ctx;
    }

    /** @return the server time in microseconds since the epoch */
    long micros() {
        List<?> reply = (List<?>) ctx.raw(ctx.keyPrefix() + ":clock", "TIME");
        long seconds = Long.parseLong(new String((byte[]) reply.get(0), StandardCharsets.US_ASCII));
        long micros = Long.parseLong(new String((byte[]) reply.get(1), StandardCharsets.US_ASCII));
        return seconds * 1_000_000L + micros;
    }

    /**
     * Waits until the server time lies between {@code from} and {@code to} into an epoch-aligned window.
     *
     * @return the server time reached
     */
    long awaitPosition(Duration window, Duration from, Duration to) throws InterruptedException {
        long w = window.toNanos() / 1000;
        long a = from.toNanos() / 1000;
        long b = to.toNanos() / 1000;
        while (true) {
            long now = micros();
            long pos = now % w;
            if (pos >= a && pos < b) {
                return now;
            }
            long wait = pos < a ? a - pos : w - pos + a;
            Thread.sleep(Math.max(1, Math.min(wait / 1000 - 2, 50)));
        }
    }

    /** Waits, if needed, so that at least {@code margin} is left of the current epoch-aligned window. */
    void awaitRoom(Duration window, Duration margin) throws InterruptedException {
        long w = window.toNanos() / 1000;
        long now = micros();
        if (w - now % w < margin.toNanos() / 1000) {
            awaitPosition(window, Duration.ZERO, window.minus(margin));
        }
    }

    static long windowIndex(long micros, Duration window) {
        return micros / (window.toNanos() / 1000);
    }
}
