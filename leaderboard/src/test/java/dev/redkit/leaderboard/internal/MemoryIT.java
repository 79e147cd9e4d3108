package dev.redkit.leaderboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.Topology;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.leaderboard.TiePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Measures {@code MEMORY USAGE} per member on boards of 100,000 members (member {@code user-<n>}, all scores
 * distinct: the worst case for DENSE) for each tie policy, and prints bytes per member to the test output.
 * The boards are filled with pipelined calls of the write script (the same script {@code setScore} runs).
 * Runs on the standalone topology only (memory does not depend on the topology).
 */
@RedisTest
class MemoryIT {

    private static final int MEMBERS = 100_000;

    @Test
    void bytesPerMember(RedisConnector redis, RedisTestContext ctx) throws Exception {
        Assumptions.assumeTrue(ctx.topology() == Topology.STANDALONE, "measured on standalone only");
        RedisConnector patient = ctx.newConnector(b -> b.socketTimeout(java.time.Duration.ofSeconds(30)));
        Map<TiePolicy, Long> perMember = new LinkedHashMap<>();
        for (TiePolicy ties : List.of(TiePolicy.LEXICAL, TiePolicy.DENSE, TiePolicy.EARLIEST_FIRST)) {
            String name =
                    "mem-" + ties.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            Leaderboard board = Leaderboard.builder(redis, name).ties(ties).build();
            fill(patient, name, ties);
            assertThat(board.size()).isEqualTo(MEMBERS);
            long bytes = 0;
            for (String key : ctx.keys()) {
                if (key.contains(":{" + name + "}:")) {
                    bytes += (Long) ctx.raw(key, "MEMORY", "USAGE", key, "SAMPLES", "0");
                }
            }
            perMember.put(ties, bytes / MEMBERS);
            System.out.println("leaderboard memory: " + ties + " " + bytes + " bytes for " + MEMBERS + " members = "
                    + bytes / MEMBERS + " bytes/member");
        }
        assertThat(perMember.get(TiePolicy.LEXICAL)).isBetween(40L, 200L);
        assertThat(perMember.get(TiePolicy.EARLIEST_FIRST)).isLessThan(4 * perMember.get(TiePolicy.LEXICAL));
    }

    private static void fill(RedisConnector redis, String name, TiePolicy ties) {
        KeySpace.Slot slot = redis.keySpace("leaderboard", name).nameSlot();
        List<String> keys = List.of(
                slot.key("seq"), slot.key("scores"), slot.key("distinct"), slot.key("ties"), slot.key("reached"));
        String policy =
                ties == TiePolicy.EARLIEST_FIRST ? "earliest" : ties.name().toLowerCase(java.util.Locale.ROOT);
        for (int from = 0; from < MEMBERS; from += 500) {
            List<RedisCommand> batch = new ArrayList<>();
            for (int i = from; i < from + 500; i++) {
                batch.add(RedisLeaderboard.WRITE.call(
                        keys, List.of("set", policy, "1", "user-" + i, (i * 7919L) % MEMBERS, 0)));
            }
            redis.ops().pipeline(batch);
        }
    }
}
