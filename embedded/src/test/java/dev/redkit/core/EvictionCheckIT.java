package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.embedded.EmbeddedRedis;
import org.junit.jupiter.api.Test;

class EvictionCheckIT {

    @Test
    void refusesOrWarnsForPoliciesThatCanEvictTheComponentsKeys() {
        try (EmbeddedRedis safe = EmbeddedRedis.start();
                EmbeddedRedis volatileLru = EmbeddedRedis.builder()
                        .setting("maxmemory-policy", "volatile-lru")
                        .start();
                EmbeddedRedis allkeys = EmbeddedRedis.builder()
                        .setting("maxmemory-policy", "allkeys-lru")
                        .start();
                RedisConnector a = RedisConnector.create(safe.config());
                RedisConnector b = RedisConnector.create(volatileLru.config());
                RedisConnector c = RedisConnector.create(allkeys.config())) {
            assertThat(EvictionCheck.REFUSE.verify(a, "lock", true)).isEqualTo("noeviction");
            assertThat(EvictionCheck.REFUSE.verify(b, "queue", false)).isEqualTo("volatile-lru");
            assertThatThrownBy(() -> EvictionCheck.REFUSE.verify(b, "lock", true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("volatile-lru")
                    .hasMessageStartingWith("lock:");
            assertThatThrownBy(() -> EvictionCheck.REFUSE.verify(c, "queue", false))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(EvictionCheck.WARN.verify(c, "queue", false)).isEqualTo("allkeys-lru");
            assertThat(EvictionCheck.OFF.verify(c, "queue", false)).isNull();
        }
    }
}
