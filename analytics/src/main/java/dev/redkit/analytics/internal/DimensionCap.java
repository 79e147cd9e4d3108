package dev.redkit.analytics.internal;

import dev.redkit.analytics.AnalyticsConfig;
import dev.redkit.analytics.Granularity;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisOps;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.Replies;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cap on distinct dimension values per metric and local day ({@link AnalyticsConfig#maxDimensionsPerMetric()}).
 *
 * <p>Each metric has one registry set per local day in its own hash slot; {@code admit.lua} adds values to it
 * atomically while it holds fewer than the cap and answers, per value, whether it is admitted. A value that is not
 * is counted under {@link AnalyticsConfig#OVERFLOW_DIMENSION}. Admission is final for the day (the set only grows),
 * so each instance remembers the values it saw admitted today (up to {@value #LOCAL_MEMORY} per metric) and asks
 * Redis only about the others: a known value costs no extra round trip, a new one costs one (all metrics of a
 * call in one pipeline). Thread-safe.
 */
final class DimensionCap {

    static final LuaScript ADMIT = LuaScript.fromResource(DimensionCap.class, "admit.lua");
    /** The most admitted values per metric an instance remembers; beyond it, it asks Redis each time. */
    static final int LOCAL_MEMORY = 10_000;
    /** How long a registry outlives its day, so that an instance whose clock lags still finds it. */
    private static final long REGISTRY_GRACE_MILLIS = 3_600_000;

    private final int cap;
    private final Layout layout;
    private final RedisOps ops;
    private final RedkitMetrics metrics;
    private volatile Day known = new Day(LocalDate.MIN);

    DimensionCap(int cap, Layout layout, RedisOps ops, RedkitMetrics metrics) {
        this.cap = cap;
        this.layout = layout;
        this.ops = ops;
        this.metrics = metrics;
    }

    /** @return whether a cap is configured; without one every dimension counts as itself */
    boolean enabled() {
        return cap > 0;
    }

    /** The values admitted on one local day, per metric. */
    private static final class Day {
        final LocalDate date;
        final Map<String, Set<String>> admitted = new ConcurrentHashMap<>();

        Day(LocalDate date) {
            this.date = date;
        }
    }

    /**
     * Decides the dimension each (metric, dimension) pair is counted under.
     *
     * @param pairs metric to the dimension values used with it in one call
     * @param now now on the configured clock
     * @return metric to (dimension to the dimension to count under)
     * @throws IllegalStateException if no cap is configured (check {@link #enabled()} first)
     */
    Map<String, Map<String, String>> resolve(Map<String, Set<String>> pairs, long now) {
        if (cap == 0) {
            throw new IllegalStateException("no dimension cap is configured");
        }
        Map<String, Map<String, String>> out = new HashMap<>();
        ZonedDateTime dayStart = layout.start(Granularity.DAY, Instant.ofEpochMilli(now));
        Day day = today(dayStart.toLocalDate());
        Map<String, List<String>> ask = new LinkedHashMap<>();
        pairs.forEach((metric, dims) -> {
            Set<String> seen = day.admitted.computeIfAbsent(metric, m -> ConcurrentHashMap.newKeySet());
            for (String d : dims) {
                if (d.equals(AnalyticsConfig.OVERFLOW_DIMENSION) || seen.contains(d)) {
                    out.computeIfAbsent(metric, m -> new HashMap<>()).put(d, d);
                } else {
                    ask.computeIfAbsent(metric, m -> new ArrayList<>()).add(d);
                }
            }
        });
        if (ask.isEmpty()) {
            return out;
        }
        long ttl = Math.max(
                1, layout.next(Granularity.DAY, dayStart).toInstant().toEpochMilli() + REGISTRY_GRACE_MILLIS - now);
        List<RedisCommand> calls = new ArrayList<>(ask.size());
        List<String> metricsAsked = new ArrayList<>(ask.keySet());
        for (Map.Entry<String, List<String>> asked : ask.entrySet()) {
            String metric = asked.getKey();
            List<Object> args = new ArrayList<>(2 + asked.getValue().size());
            args.add(ttl);
            args.add(cap);
            args.addAll(asked.getValue());
            calls.add(ADMIT.call(List.of(layout.dimensionRegistry(metric, dayStart.toLocalDate())), args));
        }
        List<Object> replies = calls.size() == 1 ? List.of(ops.execute(calls.get(0))) : ops.pipeline(calls);
        for (int i = 0; i < metricsAsked.size(); i++) {
            String metric = metricsAsked.get(i);
            List<String> dims = ask.getOrDefault(metric, List.of());
            List<Object> answers = Replies.asList(replies.get(i));
            Set<String> seen = day.admitted.computeIfAbsent(metric, m -> ConcurrentHashMap.newKeySet());
            Map<String, String> target = out.computeIfAbsent(metric, m -> new HashMap<>());
            for (int j = 0; j < dims.size(); j++) {
                String d = dims.get(j);
                if (Replies.asLong(answers.get(j)) == 1) {
                    target.put(d, d);
                    if (seen.size() < LOCAL_MEMORY) {
                        seen.add(d);
                    }
                } else {
                    target.put(d, AnalyticsConfig.OVERFLOW_DIMENSION);
                    metrics.increment("dimension.overflow", "metric", metric);
                }
            }
        }
        return out;
    }

    /**
     * Resolves one pair.
     *
     * @param metric the metric
     * @param dimension the dimension
     * @param now now on the configured clock
     * @return the dimension to count under (the dimension itself when no cap is configured)
     */
    String resolve(String metric, String dimension, long now) {
        if (cap == 0) {
            return dimension;
        }
        Map<String, Set<String>> one = Map.of(metric, new LinkedHashSet<>(List.of(dimension)));
        return admitted(resolve(one, now), metric, dimension);
    }

    /**
     * The dimension one pair is counted under, from the answer of {@link #resolve(Map, long)}.
     *
     * @param resolved what {@code resolve} returned for pairs holding this one
     * @param metric the metric
     * @param dimension the dimension
     * @return the dimension itself, or the overflow dimension
     * @throws IllegalStateException if the answer does not hold the pair
     */
    static String admitted(Map<String, Map<String, String>> resolved, String metric, String dimension) {
        Map<String, String> dims = resolved.get(metric);
        String counted = dims == null ? null : dims.get(dimension);
        if (counted == null) {
            throw new IllegalStateException("no dimension resolved for " + metric + "/" + dimension);
        }
        return counted;
    }

    private Day today(LocalDate date) {
        Day d = known;
        if (!d.date.equals(date)) {
            d = new Day(date);
            known = d;
        }
        return d;
    }
}
