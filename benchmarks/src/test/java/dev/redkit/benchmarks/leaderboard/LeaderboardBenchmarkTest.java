package dev.redkit.benchmarks.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The raw Jedis and Redisson floors read a filled board: every benchmark's fully qualified name contains "redkit"
 * (the package {@code dev.redkit.benchmarks}), and a check on that name filled Redkit's key for all of them, so
 * the floors read an empty key (a 4-byte {@code *0} reply per {@code ZRANGE} in the server's output bytes).
 */
class LeaderboardBenchmarkTest {

    @Test
    void onlyTheRedkitBenchmarksReadRedkitsBoard() {
        List<String> names = Arrays.stream(LeaderboardBenchmark.class.getMethods())
                .filter(m -> m.isAnnotationPresent(Benchmark.class))
                .map(Method::getName)
                .collect(Collectors.toList());
        assertThat(names).contains("redkitAround", "jedisAround", "jedisTop10", "jedisEntry", "redissonTop10");
        for (String name : names) {
            String benchmark = LeaderboardBenchmark.class.getName() + "." + name;
            assertThat(LeaderboardBenchmark.Board.measuresRedkit(benchmark))
                    .as(benchmark)
                    .isEqualTo(name.startsWith("redkit"));
        }
    }
}
