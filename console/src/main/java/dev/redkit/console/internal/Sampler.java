package dev.redkit.console.internal;

import dev.redkit.core.RedkitException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps short time series for the console's charts. It samples only while the console is in use (a request in
 * the last {@link #ACTIVE_WINDOW}), once per interval, so a console nobody looks at costs Redis nothing.
 * Each series keeps its last {@link #POINTS} points. Thread-safe.
 */
final class Sampler implements AutoCloseable {

    static final Duration ACTIVE_WINDOW = Duration.ofMinutes(2);
    static final int POINTS = 360;
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    /** One point: time in epoch ms and the named values. */
    record Point(long at, Map<String, Double> values) {}

    private final Clock clock;
    private final Map<String, Supplier<Map<String, Double>>> sources = new LinkedHashMap<>();
    private final Map<String, Deque<Point>> series = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile long lastUsedNanos = System.nanoTime() - ACTIVE_WINDOW.toNanos() - 1;

    Sampler(Duration interval, Clock clock) {
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redkit-console-sampler");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Registers a source before the first request; its supplier runs on the sampler's thread. */
    void source(String name, Supplier<Map<String, Double>> supplier) {
        sources.put(name, supplier);
        series.put(name, new ArrayDeque<>());
    }

    /** Marks the console as in use; the first use after a quiet spell samples at once. */
    void touch() {
        long now = System.nanoTime();
        boolean wasIdle = now - lastUsedNanos > ACTIVE_WINDOW.toNanos();
        lastUsedNanos = now;
        if (wasIdle) {
            timer.execute(this::sampleAll);
        }
    }

    /** @return the points of a series, oldest first, or an empty list for an unknown name */
    List<Point> points(String name) {
        Deque<Point> d = series.get(name);
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return new ArrayList<>(d);
        }
    }

    private void tick() {
        if (System.nanoTime() - lastUsedNanos <= ACTIVE_WINDOW.toNanos()) {
            sampleAll();
        }
    }

    private void sampleAll() {
        long at = clock.millis();
        sources.forEach((name, supplier) -> {
            try {
                Map<String, Double> values = supplier.get();
                if (values.isEmpty()) {
                    return;
                }
                Deque<Point> d = series.computeIfAbsent(name, n -> new ArrayDeque<>());
                synchronized (d) {
                    d.addLast(new Point(at, values));
                    while (d.size() > POINTS) {
                        d.removeFirst();
                    }
                }
            } catch (RedkitException | IllegalStateException e) {
                LOG.debug("console sampler: {} failed: {}", name, e.toString());
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
