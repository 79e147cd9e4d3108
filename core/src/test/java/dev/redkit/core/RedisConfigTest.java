package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisConfigTest {

    @Test
    void parsesStandaloneUrlWithCredentialsDatabaseAndOptions() {
        RedisConfig c = RedisConfig.fromUrl(
                "redis://app:s%40cret@cache.internal:6380/3?socketTimeout=500ms&maxConnections=8&keyPrefix=shop");
        assertThat(c.topology()).isEqualTo(Topology.STANDALONE);
        assertThat(c.endpoints()).containsExactly(new RedisEndpoint("cache.internal", 6380));
        assertThat(c.username()).isEqualTo("app");
        assertThat(c.hasPassword()).isTrue();
        assertThat(c.password()).isEqualTo("s@cret");
        assertThat(c.database()).isEqualTo(3);
        assertThat(c.tls()).isFalse();
        assertThat(c.socketTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.maxConnections()).isEqualTo(8);
        assertThat(c.keyPrefix()).isEqualTo("shop");
    }

    @Test
    void passwordOnlyUrlAndDefaults() {
        RedisConfig c = RedisConfig.fromUrl("redis://:pw@localhost");
        assertThat(c.username()).isNull();
        assertThat(c.password()).isEqualTo("pw");
        assertThat(c.endpoints()).containsExactly(new RedisEndpoint("localhost", 6379));
        assertThat(c.database()).isZero();
        assertThat(c.maxConnections()).isEqualTo(32);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.socketTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.keyPrefix()).isEqualTo("redkit");
    }

    @Test
    void tlsSchemeTurnsOnTlsWithHostnameVerification() {
        RedisConfig c = RedisConfig.fromUrl("rediss://secure.example:6390");
        assertThat(c.tls()).isTrue();
        assertThat(c.verifyHostname()).isTrue();
        assertThat(RedisConfig.fromUrl("rediss+cluster://a:1,b:2").tls()).isTrue();
    }

    @Test
    void clusterUrlTakesSeveralSeedNodes() {
        RedisConfig c = RedisConfig.fromUrl("redis+cluster://10.0.0.1:7000,10.0.0.2:7001,[::1]:7002");
        assertThat(c.topology()).isEqualTo(Topology.CLUSTER);
        assertThat(c.endpoints())
                .containsExactly(
                        new RedisEndpoint("10.0.0.1", 7000),
                        new RedisEndpoint("10.0.0.2", 7001),
                        new RedisEndpoint("::1", 7002));
        assertThat(c.describeEndpoints()).isEqualTo("10.0.0.1:7000,10.0.0.2:7001,[::1]:7002");
    }

    @Test
    void sentinelUrlNamesMasterAndDatabase() {
        RedisConfig c = RedisConfig.fromUrl("redis+sentinel://s1,s2:26380/mymaster/2");
        assertThat(c.topology()).isEqualTo(Topology.SENTINEL);
        assertThat(c.sentinelMaster()).isEqualTo("mymaster");
        assertThat(c.database()).isEqualTo(2);
        assertThat(c.endpoints()).containsExactly(new RedisEndpoint("s1", 26379), new RedisEndpoint("s2", 26380));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost:6379",
                "http://localhost",
                "redis://",
                "redis://host:notaport",
                "redis://host:70000",
                "redis://host/notadb",
                "redis://a:1,b:2",
                "redis+cluster://a:1/3",
                "redis+sentinel://s1:26379",
                "redis://host?socketTimeout=fast",
                "redis://host?unknown=1",
                "redis://host?maxConnections=0",
                "redis://host?keyPrefix=has:colon",
                "redis://host?socketTimeout"
            })
    void badUrlsFailWithAMessage(String url) {
        assertThatThrownBy(() -> RedisConfig.fromUrl(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid Redis URL");
    }

    @Test
    void errorMessagesAndToStringNeverShowThePassword() {
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis://user:topsecret@host:bad"))
                .hasMessageContaining("port of host 1")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis://topsecret@host:bad"))
                .hasMessageNotContaining("topsecret");
        RedisConfig c = RedisConfig.fromUrl("redis://user:topsecret@host:6379");
        assertThat(c.toString()).contains("password=****").doesNotContain("topsecret");
        assertThat(RedisConfig.fromUrl("redis://host").toString()).contains("password=none");
    }

    @Test
    void builderValidatesEachFieldByName() {
        RedisConfig.Builder b = RedisConfig.builder();
        assertThatThrownBy(() -> b.socketTimeout(Duration.ZERO)).hasMessageContaining("socketTimeout");
        assertThatThrownBy(() -> b.socketTimeout(Duration.ofNanos(500)))
                .as("0 ms would mean no timeout at all")
                .hasMessageContaining("socketTimeout must be at least 1 ms");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ofMillis(-1))).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> b.maxConnections(0)).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> b.keyPrefix("a b")).hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> b.clientName("with space")).hasMessageContaining("clientName");
        assertThatThrownBy(() -> b.database(-1)).hasMessageContaining("database");
        assertThatThrownBy(() -> b.cluster(List.of())).hasMessageContaining("seedNodes");
        assertThatThrownBy(() -> b.sentinel(" ", List.of(new RedisEndpoint("h", 1))))
                .hasMessageContaining("sentinelMaster");
        assertThatThrownBy(b::build).hasMessageContaining("topology");
        assertThatThrownBy(() -> RedisConfig.builder()
                        .cluster(List.of(new RedisEndpoint("h", 1)))
                        .database(1)
                        .build())
                .hasMessageContaining("database must be 0 on Cluster");
        assertThatThrownBy(() -> RedisConfig.builder()
                        .standalone("h", 1)
                        .maxConnections(2)
                        .minIdleConnections(3)
                        .build())
                .hasMessageContaining("minIdleConnections");
        assertThatThrownBy(() -> new RedisEndpoint("h", 0)).hasMessageContaining("port");
    }

    @Test
    void toBuilderCopiesEveryValue() {
        RedisConfig c = RedisConfig.fromUrl("rediss://u:p@h:1/2?socketTimeout=3s&connectTimeout=4s&maxConnections=5"
                + "&minIdleConnections=1&clusterMaxAttempts=2&clientName=app&keyPrefix=k&verifyHostname=false"
                + "&blockingSocketTimeout=9s&maxWaitForConnection=7s&callTimeout=8s&maxQueuedCalls=9");
        assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
        assertThat(c.toBuilder().build().password()).isEqualTo("p");
    }

    @Test
    void callTimeoutIsAWholeCallDeadlineOfTwentySecondsOrTwiceTheSocketTimeoutAndIsNeverShorterThanIt() {
        RedisConfig defaults = RedisConfig.builder().standalone("h", 1).build();
        assertThat(defaults.callTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.runBudget()).as("standalone: one socket timeout").isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.maxQueuedCalls()).isEqualTo(100_000);
        RedisConfig slow = RedisConfig.builder()
                .standalone("h", 1)
                .socketTimeout(Duration.ofSeconds(15))
                .build();
        assertThat(slow.callTimeout()).isEqualTo(Duration.ofSeconds(30));
        RedisConfig derived = RedisConfig.builder()
                .cluster(java.util.List.of(new RedisEndpoint("h", 1)))
                .socketTimeout(Duration.ofMillis(300))
                .build();
        assertThat(derived.callTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(derived.runBudget()).as("Cluster: two socket timeouts").isEqualTo(Duration.ofMillis(600));
        assertThat(derived.toBuilder()
                        .socketTimeout(Duration.ofSeconds(11))
                        .build()
                        .callTimeout())
                .as("a derived call timeout follows a new socket timeout")
                .isEqualTo(Duration.ofSeconds(22));
        RedisConfig set =
                RedisConfig.fromUrl("redis+cluster://h:1?socketTimeout=500ms&callTimeout=800ms&maxQueuedCalls=7");
        assertThat(set.callTimeout()).isEqualTo(Duration.ofMillis(800));
        assertThat(set.runBudget()).as("at most the whole deadline").isEqualTo(Duration.ofMillis(800));
        assertThat(set.maxQueuedCalls()).isEqualTo(7);
        assertThat(set.toBuilder().socketTimeout(Duration.ofMillis(400)).build().callTimeout())
                .isEqualTo(Duration.ofMillis(800));
        assertThat(set.toString()).contains("callTimeout=PT0.8S").contains("maxQueuedCalls=7");
        assertThatThrownBy(() -> RedisConfig.builder()
                        .standalone("h", 1)
                        .socketTimeout(Duration.ofSeconds(2))
                        .callTimeout(Duration.ofSeconds(1))
                        .build())
                .hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> RedisConfig.builder().callTimeout(Duration.ZERO))
                .hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis://h?callTimeout=soon"))
                .hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> RedisConfig.builder().maxQueuedCalls(-1)).hasMessageContaining("maxQueuedCalls");
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis://h?maxQueuedCalls=-1"))
                .hasMessageContaining("maxQueuedCalls");
    }

    @Test
    void fromEnvIfSetIsEmptyOnlyWhenNoServerIsNamed() {
        assertThat(RedisConfig.fromEnvIfSet(Map.of())).isEmpty();
        assertThat(RedisConfig.fromEnvIfSet(Map.of("REDIS_URL", " ", "REDIS_PASSWORD", "pw")))
                .isEmpty();
        assertThat(RedisConfig.fromEnvIfSet(Map.of("REDIS_URL", "redis://h:1"))
                        .orElseThrow()
                        .endpoints()
                        .get(0)
                        .port())
                .isEqualTo(1);
        assertThatThrownBy(() -> RedisConfig.fromEnvIfSet(Map.of("REDIS_SENTINELS", "s1:26379")))
                .hasMessageContaining("REDIS_SENTINEL_MASTER");
    }

    @Test
    void fromEnvReadsUrlOrClusterOrSentinelVariables() {
        RedisConfig url = RedisConfig.fromEnv(
                Map.of("REDIS_URL", "redis://h:1", "REDIS_PASSWORD", "pw", "REDKIT_KEY_PREFIX", "app"));
        assertThat(url.endpoints()).containsExactly(new RedisEndpoint("h", 1));
        assertThat(url.password()).isEqualTo("pw");
        assertThat(url.keyPrefix()).isEqualTo("app");

        RedisConfig cluster = RedisConfig.fromEnv(Map.of("REDIS_CLUSTER_NODES", "a:1, b:2", "REDIS_TLS", "true"));
        assertThat(cluster.topology()).isEqualTo(Topology.CLUSTER);
        assertThat(cluster.endpoints()).hasSize(2);
        assertThat(cluster.tls()).isTrue();

        RedisConfig sentinel = RedisConfig.fromEnv(
                Map.of("REDIS_SENTINELS", "s1:26379", "REDIS_SENTINEL_MASTER", "m", "REDIS_USERNAME", "u"));
        assertThat(sentinel.topology()).isEqualTo(Topology.SENTINEL);
        assertThat(sentinel.sentinelMaster()).isEqualTo("m");
        assertThat(sentinel.username()).isEqualTo("u");

        assertThatThrownBy(() -> RedisConfig.fromEnv(Map.of())).hasMessageContaining("REDIS_URL");
        assertThatThrownBy(() -> RedisConfig.fromEnv(Map.of("REDIS_URL", "redis://h", "REDIS_CLUSTER_NODES", "a:1")))
                .hasMessageContaining("only one");
        assertThatThrownBy(() -> RedisConfig.fromEnv(Map.of("REDIS_SENTINELS", "s:1")))
                .hasMessageContaining("REDIS_SENTINEL_MASTER");
        assertThatThrownBy(() -> RedisConfig.fromEnv(Map.of("REDIS_URL", "redis://h", "REDIS_TLS", "maybe")))
                .hasMessageContaining("REDIS_TLS");
        assertThatThrownBy(() -> RedisConfig.fromEnv(Map.of("REDIS_CLUSTER_NODES", "a:x")))
                .hasMessageContaining("REDIS_CLUSTER_NODES");
    }
}
