package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.embedded.junit.RedisTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/** SCAN with bounded work that sees the keys of every Cluster master, never more than asked. */
@RedisTest
class KeyScannerIT {

    @Test
    void findsEveryMatchingKeyOnEveryNodeAndNoOther(RedisConnector redis) {
        KeySpace keys = redis.keySpace("scan", "a");
        Set<String> expected = new HashSet<>();
        List<RedisCommand> writes = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String k = keys.slot("entity-" + i).key("v");
            expected.add(k);
            writes.add(RedisCommand.builder("SET").key(k).arg("1").build());
            writes.add(RedisCommand.builder("SET")
                    .key(redis.keySpace("scan", "b").slot("entity-" + i).key("v"))
                    .arg("1")
                    .build());
        }
        redis.ops().pipeline(writes);
        KeyScanner.Result all = KeyScanner.of(redis).scan(keys.base() + "*", 10_000);
        assertThat(all.complete()).isTrue();
        assertThat(new HashSet<>(all.keys())).isEqualTo(expected);
        KeyScanner.Result capped = KeyScanner.of(redis).scan(keys.base() + "*", 50);
        assertThat(capped.keys()).hasSize(50).allMatch(expected::contains);
        assertThat(capped.complete()).isFalse();
    }

    @Test
    void routedPatternsMatchTheSameKeysAndHashIntoTheRange() {
        String pattern = "redkit:lock:jobs:?*?:owner";
        for (int[] range : new int[][] {{0, 5460}, {5461, 10922}, {10923, 16383}}) {
            String routed = KeyScanner.routedPattern(pattern, range);
            int slot = JedisClusterCRC16.getSlot(routed.getBytes(StandardCharsets.UTF_8));
            assertThat(slot).isBetween(range[0], range[1]);
            assertThat(routed.replace("\\", "")).isEqualTo(pattern);
        }
    }

    @Test
    void checksItsArguments(RedisConnector redis) {
        KeyScanner scanner = KeyScanner.of(redis);
        assertThatThrownBy(() -> scanner.scan("a:{x}:*", 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pattern");
        assertThatThrownBy(() -> scanner.scan("a:*", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxKeys");
        assertThatThrownBy(() -> scanner.scan("", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pattern");
    }
}
