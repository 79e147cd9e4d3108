package dev.redkit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.junit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kills its own Redis server mid-test, so it does not disturb the shared one; runs once (standalone),
 * since what it proves is the cache's fail-open policy, not a topology.
 */
class RedisOutageTest {

    @Test
    void getAnswersFromTheLoaderWhileRedisIsDownAndRecoversWhenItReturns() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MutableClock clock = MutableClock.now();
        try (EmbeddedRedis server = EmbeddedRedis.start();
                RedisConnector redis = RedisConnector.create(server.config().toBuilder()
                        .connectTimeout(Duration.ofMillis(300))
                        .socketTimeout(Duration.ofMillis(300))
                        .build());
                ReadThroughCache<Merchant> cache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .meterRegistry(registry)
                        .clock(clock)
                        .build();
                ReadThroughCache<Merchant> strict = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                        .failOpen(false)
                        .clock(clock)
                        .build()) {
            CountingLoader loader = new CountingLoader(0);
            cache.get("amazon", loader);
            cache.get("amazon", loader);
            assertThat(loader.calls()).isEqualTo(1);

            server.kill();
            loader.rating(2);
            assertThat(cache.get("amazon", loader)).contains(new Merchant("amazon", 2));
            assertThat(cache.get("zalando", loader)).contains(new Merchant("zalando", 2));
            assertThat(cache.getAll(List.of("a", "b"), ks -> java.util.Map.of("a", new Merchant("a", 2))))
                    .containsOnlyKeys("a");
            assertThat(loader.calls()).isEqualTo(3);
            assertThat(registry.get("redkit.cache.redis_errors").counter().count())
                    .as("the first failure starts the back-off")
                    .isEqualTo(1);
            assertThat(registry.get("redkit.cache.bypassed").counter().count())
                    .as("the get and the two keys of getAll that followed skipped Redis")
                    .isEqualTo(3);
            assertThatThrownBy(() -> strict.get("amazon", loader)).isInstanceOf(RedisUnavailableException.class);
            assertThatThrownBy(() -> strict.get("amazon", loader))
                    .as("at once, during the strict cache's back-off")
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("back-off");
            assertThatThrownBy(() -> cache.invalidate("amazon")).isInstanceOf(RedisUnavailableException.class);

            server.restart();
            boolean recovered = false;
            for (int i = 0; i < 50 && !recovered; i++) {
                clock.advance(Duration.ofSeconds(10));
                int before = loader.calls();
                cache.get("amazon", loader);
                recovered = loader.calls() == before;
            }
            assertThat(recovered)
                    .as("served from Redis again after the restart")
                    .isTrue();
            assertThat(strict.get("amazon", loader)).contains(new Merchant("amazon", 2));
        }
    }
}
