package dev.redkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisEndpoint;
import dev.redkit.core.Topology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class BootRedisSettingsTest {

    private static RedisConfig config(MockEnvironment env) {
        return BootRedisSettings.fromProperties(env).toConfig(env, null);
    }

    @Test
    void withNothingSetItIsBootsDefaultLocalhost6379() {
        RedisConfig c = config(new MockEnvironment());
        assertThat(c.topology()).isEqualTo(Topology.STANDALONE);
        assertThat(c.endpoints()).containsExactly(new RedisEndpoint("localhost", 6379));
    }

    @Test
    void theUrlGivesHostPortDatabaseCredentialsAndTls() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("spring.data.redis.url", "rediss://app:s%40cret@cache.internal:6380/2")
                .withProperty("spring.data.redis.timeout", "750ms")
                .withProperty("spring.data.redis.connect-timeout", "3s")
                .withProperty("spring.data.redis.client-name", "shop");
        RedisConfig c = config(env);
        assertThat(c.endpoints()).containsExactly(new RedisEndpoint("cache.internal", 6380));
        assertThat(c.database()).isEqualTo(2);
        assertThat(c.username()).isEqualTo("app");
        assertThat(c.hasPassword()).isTrue();
        assertThat(c.tls()).isTrue();
        assertThat(c.socketTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.clientName()).isEqualTo("shop");
        assertThat(BootRedisSettings.UrlPassword.of("redis://:p%40ss@h:1")).isEqualTo("p@ss");
        RedisConfig passwordOnly =
                config(new MockEnvironment().withProperty("spring.data.redis.url", "redis://:p%40ss@h:1"));
        assertThat(passwordOnly.hasPassword()).isTrue();
        assertThat(passwordOnly.username()).isNull();
    }

    @Test
    void hostPortAndPasswordPropertiesWithoutUrl() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("spring.data.redis.host", "10.0.0.5")
                .withProperty("spring.data.redis.port", "6390")
                .withProperty("spring.data.redis.password", "pw")
                .withProperty("spring.data.redis.database", "3")
                .withProperty("spring.data.redis.ssl.enabled", "true");
        RedisConfig c = config(env);
        assertThat(c.endpoints()).containsExactly(new RedisEndpoint("10.0.0.5", 6390));
        assertThat(c.database()).isEqualTo(3);
        assertThat(c.hasPassword()).isTrue();
        assertThat(c.tls()).isTrue();
    }

    @Test
    void clusterAndSentinelNodes() {
        RedisConfig cluster =
                config(new MockEnvironment().withProperty("spring.data.redis.cluster.nodes", "n1:7000,n2:7001"));
        assertThat(cluster.topology()).isEqualTo(Topology.CLUSTER);
        assertThat(cluster.endpoints())
                .isEqualTo(List.of(new RedisEndpoint("n1", 7000), new RedisEndpoint("n2", 7001)));
        RedisConfig sentinel = config(new MockEnvironment()
                .withProperty("spring.data.redis.sentinel.nodes", "s1:26379,s2")
                .withProperty("spring.data.redis.sentinel.master", "mymaster"));
        assertThat(sentinel.topology()).isEqualTo(Topology.SENTINEL);
        assertThat(sentinel.sentinelMaster()).isEqualTo("mymaster");
        assertThat(sentinel.endpoints()).contains(new RedisEndpoint("s2", 26379));
    }

    @Test
    void settingsRedkitCannotHonourStopStartupNamingTheProperty() {
        MockEnvironment sentinelAuth = new MockEnvironment()
                .withProperty("spring.data.redis.sentinel.nodes", "s1:26379")
                .withProperty("spring.data.redis.sentinel.master", "m")
                .withProperty("spring.data.redis.sentinel.password", "x");
        assertThatThrownBy(() -> config(sentinelAuth)).hasMessageContaining("spring.data.redis.sentinel.password");
        MockEnvironment noMaster = new MockEnvironment().withProperty("spring.data.redis.sentinel.nodes", "s1:26379");
        assertThatThrownBy(() -> config(noMaster))
                .hasMessageContaining("spring.data.redis.sentinel.master must be set");
        MockEnvironment masterReplica =
                new MockEnvironment().withProperty("spring.data.redis.masterreplica.nodes", "a:1,b:2");
        assertThatThrownBy(() -> config(masterReplica)).hasMessageContaining("spring.data.redis.masterreplica.nodes");
    }
}
