package dev.redkit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

@RedisTest
class StaleIfErrorIT {

    private static final Function<String, Merchant> FAILING = k -> {
        throw new IllegalStateException("database down");
    };

    @Test
    void loaderFailureServesTheStaleValueWithinGraceAndThrowsAfter(RedisConnector redis) {
        MutableClock clock = MutableClock.now();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ReadThroughCache<Merchant> cache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                .ttl(Duration.ofMinutes(1))
                .ttlJitter(0)
                .staleIfError(Duration.ofMinutes(5))
                .clock(clock)
                .meterRegistry(registry)
                .build()) {
            cache.get("amazon", new CountingLoader(0));
            clock.advance(Duration.ofSeconds(61));
            assertThat(cache.get("amazon", FAILING)).contains(new Merchant("amazon", 1));
            clock.advance(Duration.ofMinutes(4));
            assertThat(cache.get("amazon", FAILING)).contains(new Merchant("amazon", 1));
            assertThat(registry.get("redkit.cache.stale_served").counter().count())
                    .isEqualTo(2);
            clock.advance(Duration.ofMinutes(1));
            assertThatThrownBy(() -> cache.get("amazon", FAILING))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("database down");
            assertThat(registry.get("redkit.cache.load")
                            .tag("outcome", "error")
                            .timer()
                            .count())
                    .isEqualTo(3);
            assertThat(registry.get("redkit.cache.load")
                            .tag("outcome", "found")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(cache.get("amazon", new CountingLoader(0)))
                    .as("recovers once the loader does")
                    .isPresent();
        }
    }

    @Test
    void loaderFailureWithoutStaleValueIsRethrownAndFreesTheLease(RedisConnector redis, RedisTestContext ctx) {
        try (ReadThroughCache<Merchant> cache =
                ReadThroughCache.builder(redis, "merchant", Merchant.class).build()) {
            assertThatThrownBy(() -> cache.get("amazon", FAILING)).isInstanceOf(IllegalStateException.class);
            String lease = redis.keySpace("cache", "merchant").slot("amazon").key("lease");
            assertThat(ctx.raw(lease, "EXISTS", lease)).isEqualTo(0L);
            CountingLoader loader = new CountingLoader(0);
            assertThat(cache.get("amazon", loader)).isPresent();
            assertThat(loader.calls()).isEqualTo(1);
        }
    }

    @Test
    void bulkLoaderFailureServesStaleValuesOnlyWhenEveryMissHasOne(RedisConnector redis) {
        MutableClock clock = MutableClock.now();
        try (ReadThroughCache<Merchant> cache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                .ttl(Duration.ofMinutes(1))
                .ttlJitter(0)
                .staleIfError(Duration.ofMinutes(5))
                .clock(clock)
                .build()) {
            cache.get("a", new CountingLoader(0));
            clock.advance(Duration.ofSeconds(61));
            assertThat(cache.getAll(java.util.List.of("a"), ks -> {
                        throw new IllegalStateException("database down");
                    }))
                    .containsOnlyKeys("a");
            assertThatThrownBy(() -> cache.getAll(java.util.List.of("a", "b"), ks -> {
                        throw new IllegalStateException("database down");
                    }))
                    .hasMessage("database down");
        }
    }
}
