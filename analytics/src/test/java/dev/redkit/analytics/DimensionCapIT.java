package dev.redkit.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 23: a dimension taken from untrusted input (an HTTP path segment) had no bound, so 3,000 requests with
 * 3,000 made-up values made 9,000 keys. {@code maxDimensionsPerMetric} bounds it; the cost per value is measured
 * here and quoted in {@code docs/analytics.md}.
 */
@RedisTest
class DimensionCapIT {
    private static final Logger LOG = LoggerFactory.getLogger(DimensionCapIT.class);

    private static final String OTHER = AnalyticsConfig.OVERFLOW_DIMENSION;

    /** Measures what one new dimension value costs, and shows that without a cap the cost has no bound. */
    @Test
    void everyNewDimensionValueCostsKeysAndBytesWithoutACap(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
        Analytics analytics = Analytics.builder(redis, "web").clock(clock).build();
        int values = 200;
        for (int i = 0; i < values; i++) {
            analytics.track(
                    Event.builder().count("rejected", "/attacker-path-" + i).build());
        }
        List<String> countKeys = ctx.keys();
        long countBytes = memory(ctx, countKeys);
        for (int i = 0; i < values; i++) {
            analytics.track(Event.builder()
                    .unique("visitors", "/attacker-path-" + i, "visitor-" + i)
                    .build());
        }
        List<String> allKeys = ctx.keys();
        long uniqueBytes = memory(ctx, allKeys) - countBytes;
        assertThat(countKeys)
                .as("a counter makes a minute, an hour and a day key per dimension value")
                .hasSize(3 * values);
        assertThat(allKeys)
                .as("a unique count adds one day key per dimension value")
                .hasSize(4 * values);

        LOG.info(
                "new dimension value, one event ({}): counter 3 keys, {} B; unique count 1 key, {} B",
                ctx.topology(),
                countBytes / values,
                uniqueBytes / values);
        assertThat(countBytes / values).isBetween(100L, 1000L);
    }

    @Test
    void beyondTheCapNewValuesAreCountedUnderOther(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Analytics analytics = Analytics.builder(redis, "web")
                .clock(clock)
                .maxDimensionsPerMetric(5)
                .meterRegistry(registry)
                .build();
        for (int i = 0; i < 3000; i++) {
            analytics.track(Event.builder()
                    .count("rejected", "/attacker-path-" + i)
                    .unique("visitors", "/p-" + i, "v" + i)
                    .build());
        }
        Counters counters = analytics.counters();
        assertThat(counters.today("rejected", "/attacker-path-0")).isEqualTo(1);
        assertThat(counters.today("rejected", "/attacker-path-4")).isEqualTo(1);
        assertThat(counters.today("rejected", "/attacker-path-5"))
                .as("over the cap")
                .isZero();
        assertThat(counters.today("rejected", OTHER)).isEqualTo(2995);
        assertThat(analytics.uniques().today("visitors", OTHER)).isBetween(2900L, 3100L);
        // an admitted value keeps counting as itself, and _other is never refused
        assertThat(counters.increment("rejected", "/attacker-path-3")).isEqualTo(2);
        assertThat(counters.increment("rejected", OTHER)).isEqualTo(2996);
        assertThat(analytics.uniques().add("visitors", "/p-1", "someone-else")).isTrue();

        // 2 metrics x (5 values + _other) x (3 counter keys or 1 unique key) + 2 registries
        assertThat(ctx.keys()).hasSize(6 * 3 + 6 + 2);
        assertThat(registry.get("redkit.analytics.dimension.overflow")
                        .tag("metric", "rejected")
                        .counter()
                        .count())
                .isEqualTo(2995);
        assertThat(registry.get("redkit.analytics.dimension.overflow")
                        .tag("metric", "visitors")
                        .counter()
                        .count())
                .isEqualTo(2995);

        // the registry is per local day: tomorrow admits 5 new values
        clock.advance(Duration.ofDays(1));
        assertThat(counters.increment("rejected", "/tomorrow")).isEqualTo(1);
    }

    @Test
    void aKnownValueCostsNoExtraRoundTripAndANewOneOne(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
        Analytics analytics = Analytics.builder(redis, "web")
                .clock(clock)
                .maxDimensionsPerMetric(100)
                .build();
        analytics.track(Event.builder().count("clicks", "offer-1").build());
        try (CommandCounter counter = ctx.commandCounter()) {
            analytics.track(Event.builder().count("clicks", "offer-1").build());
            assertThat(counter.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 1L);
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            analytics.track(Event.builder().count("clicks", "offer-2").build());
            assertThat(counter.delta()).as("admission, then the write").containsEntry("evalsha", 2L);
        }
    }

    /** Two instances, 8 threads, 400 distinct values against a cap of 50: exactly 50 admitted, nothing lost. */
    @Test
    void theCapHoldsExactlyUnderConcurrentInstances(RedisConnector redis, RedisTestContext ctx) throws Exception {
        MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
        List<Analytics> instances = List.of(
                Analytics.builder(redis, "web")
                        .clock(clock)
                        .maxDimensionsPerMetric(50)
                        .build(),
                Analytics.builder(ctx.newConnector(), "web")
                        .clock(clock)
                        .maxDimensionsPerMetric(50)
                        .build());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        instances.get(thread % 2).counters().increment("clicks", "v" + ((thread * 100 + i) % 400));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Counters counters = instances.get(0).counters();
        long admitted = 0;
        long total = counters.today("clicks", OTHER);
        for (int v = 0; v < 400; v++) {
            long n = counters.today("clicks", "v" + v);
            admitted += n > 0 ? 1 : 0;
            total += n;
        }
        assertThat(admitted).isEqualTo(50);
        assertThat(total).isEqualTo(800);
    }

    @Test
    void theCapIsValidated(RedisConnector redis) {
        assertThatThrownBy(() -> Analytics.builder(redis, "web").maxDimensionsPerMetric(0))
                .hasMessageContaining("maxDimensionsPerMetric");
        assertThatThrownBy(() -> Analytics.builder(redis, "web")
                        .maxDimensionsPerMetric(1)
                        .maxDimensionsPerMetric(2))
                .hasMessageContaining("maxDimensionsPerMetric");
        assertThat(Analytics.builder(redis, "web").build().config().toString())
                .contains("maxDimensionsPerMetric=unlimited");
    }

    private static long memory(RedisTestContext ctx, List<String> keys) {
        long total = 0;
        for (String key : keys) {
            total += (Long) ctx.raw(key, "MEMORY", "USAGE", key, "SAMPLES", "0");
        }
        return total;
    }
}
