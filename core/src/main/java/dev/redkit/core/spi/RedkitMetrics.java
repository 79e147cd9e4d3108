package dev.redkit.core.spi;

import dev.redkit.core.KeySpace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one way Redkit components record Micrometer metrics, so that every component names and tags its
 * meters alike:
 * <ul>
 *   <li>timer {@code redkit.<component>.<operation>} with tags {@code name} (the instance) and
 *       {@code outcome} (for example {@code hit}, {@code miss}, {@code allowed}, or {@code error} when the
 *       call threw);</li>
 *   <li>counter {@code redkit.<component>.<event>} with tag {@code name}, for events that are not calls
 *       (evictions, retries, dead letters, failures handled by a policy).</li>
 * </ul>
 * Without a registry every method is a cheap no-op. Meters are cached, so recording does not look up
 * the registry on the hot path. Thread-safe.
 * <!-- snippet: CoreSnippets#redkitMetrics -->
 * <pre>{@code
 * RedkitMetrics metrics = RedkitMetrics.of(registry, "session", "web");
 * Optional<Session> s = metrics.time("get", () -> load(token), r -> r.isPresent() ? "hit" : "miss");
 * metrics.increment("evicted");
 * }</pre>
 */
public final class RedkitMetrics {

    private static final RedkitMetrics NOOP = new RedkitMetrics(null, "none", "none");

    private final @Nullable MeterRegistry registry;
    private final String component;
    private final String name;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    private RedkitMetrics(@Nullable MeterRegistry registry, String component, String name) {
        this.registry = registry;
        this.component = component;
        this.name = name;
    }

    /**
     * Metrics for one component instance.
     *
     * @param registry the registry, or {@code null} to record nothing
     * @param component the component, for example {@code ratelimit}
     * @param name the instance name
     * @return the metrics
     */
    public static RedkitMetrics of(@Nullable MeterRegistry registry, String component, String name) {
        if (registry == null) {
            return NOOP;
        }
        return new RedkitMetrics(registry, KeySpace.identifier(component, "component"), Checks.notNull(name, "name"));
    }

    /**
     * Metrics that record nothing.
     *
     * @return the no-op instance
     */
    public static RedkitMetrics noop() {
        return NOOP;
    }

    /**
     * Runs and times a call; the outcome tag is computed from its result, or is {@code error} if it throws.
     *
     * @param operation the operation, for example {@code get}
     * @param call the call
     * @param outcome maps the result to an outcome tag value
     * @param <T> the result type
     * @return the call's result
     */
    public <T> T time(String operation, Supplier<T> call, Function<? super T, String> outcome) {
        if (registry == null) {
            return call.get();
        }
        long start = System.nanoTime();
        T result;
        try {
            result = call.get();
        } catch (RuntimeException | Error e) {
            record(operation, "error", System.nanoTime() - start);
            throw e;
        }
        record(operation, outcome.apply(result), System.nanoTime() - start);
        return result;
    }

    /**
     * Runs and times a call with outcome {@code success} or {@code error}.
     *
     * @param operation the operation
     * @param call the call
     * @param <T> the result type
     * @return the call's result
     */
    public <T> T time(String operation, Supplier<T> call) {
        return time(operation, call, r -> "success");
    }

    /**
     * Records a duration measured by the caller.
     *
     * @param operation the operation
     * @param outcome the outcome tag value
     * @param nanos the duration in nanoseconds
     */
    public void record(String operation, String outcome, long nanos) {
        if (registry == null) {
            return;
        }
        timers.computeIfAbsent(
                        operation + '\u0000' + outcome,
                        k -> Timer.builder("redkit." + component + '.' + operation)
                                .tag("name", name)
                                .tag("outcome", outcome)
                                .register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * Counts an event once.
     *
     * @param event the event, for example {@code evicted}
     */
    public void increment(String event) {
        increment(event, 1);
    }

    /**
     * Counts an event several times.
     *
     * @param event the event
     * @param amount how many
     */
    public void increment(String event, long amount) {
        if (registry == null) {
            return;
        }
        counters.computeIfAbsent(
                        event,
                        k -> Counter.builder("redkit." + component + '.' + event)
                                .tag("name", name)
                                .register(registry))
                .increment(amount);
    }

    /**
     * Counts an event once, with one more tag than {@code name}, for events that differ by a dimension
     * (for example {@code unconfirmed} writes by {@code operation}).
     *
     * @param event the event
     * @param tag the extra tag's key
     * @param value the extra tag's value
     */
    public void increment(String event, String tag, String value) {
        if (registry == null) {
            return;
        }
        counters.computeIfAbsent(
                        event + '\u0000' + tag + '\u0000' + value,
                        k -> Counter.builder("redkit." + component + '.' + event)
                                .tag("name", name)
                                .tag(tag, value)
                                .register(registry))
                .increment();
    }

    /** @return the registry, or {@code null} for the no-op instance (for gauges a component registers itself) */
    public @Nullable MeterRegistry registry() {
        return registry;
    }

    /** @return the instance name used as the {@code name} tag */
    public String name() {
        return name;
    }
}
