package dev.redkit.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.redkit.core.Codecs;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@RedisTest
class LeaderboardIT {

    record Profile(String name, String avatar) {}

    private static List<String> members(List<Entry> entries) {
        return entries.stream().map(Entry::member).collect(Collectors.toList());
    }

    private static List<Long> ranks(List<Entry> entries) {
        return entries.stream().map(Entry::rank).collect(Collectors.toList());
    }

    @Test
    void incrementRanksAndReturnsEntries(RedisConnector redis) {
        Leaderboard referrals = Leaderboard.builder(redis, "referrals")
                .ties(TiePolicy.COMPETITION)
                .build();
        assertThat(referrals.increment("user-42", 150.0)).isEqualTo(150.0);
        assertThat(referrals.increment("user-42", 0.25)).isEqualTo(150.25);
        referrals.setScore("user-7", 300);
        referrals.setScore("user-8", 150.25);
        referrals.setScore("user-9", 10);
        assertThat(referrals.top(10))
                .extracting(Entry::member, Entry::rank, Entry::score)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("user-7", 1L, 300.0),
                        org.assertj.core.groups.Tuple.tuple("user-8", 2L, 150.25),
                        org.assertj.core.groups.Tuple.tuple("user-42", 2L, 150.25),
                        org.assertj.core.groups.Tuple.tuple("user-9", 4L, 10.0));
        assertThat(referrals.entry("user-42")).contains(new Entry(2, "user-42", 150.25, Optional.empty()));
        assertThat(referrals.entry("nobody")).isEmpty();
        assertThat(referrals.size()).isEqualTo(4);
        assertThat(referrals.percentile("user-7")).hasValue(100.0);
        assertThat(referrals.percentile("user-9")).hasValue(25.0);
        assertThat(referrals.percentile("nobody")).isEmpty();
        assertThat(referrals.name()).isEqualTo("referrals");
        assertThat(referrals.toString()).contains("referrals", "COMPETITION");
    }

    @Test
    void earliestFirstRanksEqualScoresByWhoReachedThemFirst(RedisConnector redis) {
        Leaderboard board = Leaderboard.builder(redis, "race")
                .ties(TiePolicy.EARLIEST_FIRST)
                .build();
        board.increment("zoe", 10);
        board.increment("adam", 4);
        board.increment("adam", 6);
        board.setScore("mia", 10);
        assertThat(members(board.top(3))).containsExactly("zoe", "adam", "mia");
        board.setScore("zoe", 10);
        assertThat(board.setScoreIfHigher("zoe", 9)).isFalse();
        assertThat(board.entry("zoe").orElseThrow().rank())
                .as("an unchanged score keeps its place")
                .isEqualTo(1);
        board.increment("zoe", 1);
        board.increment("zoe", -1);
        assertThat(members(board.top(3))).containsExactly("adam", "mia", "zoe");
        assertThat(ranks(board.around("mia", 1))).containsExactly(1L, 2L, 3L);
        board.setScore("tiny", 1e-300);
        board.setScore("huge", -1.7976931348623157e308);
        assertThat(board.entry("tiny").orElseThrow())
                .extracting(Entry::rank, Entry::score)
                .containsExactly(4L, 1e-300);
        assertThat(board.entry("huge").orElseThrow().score()).isEqualTo(-1.7976931348623157e308);
    }

    @Test
    void aroundIsCutAtTheEdges(RedisConnector redis) {
        Leaderboard board = Leaderboard.builder(redis, "edges").build();
        for (int i = 1; i <= 10; i++) {
            board.setScore("m" + i, i);
        }
        assertThat(members(board.around("m10", 2))).containsExactly("m10", "m9", "m8");
        assertThat(members(board.around("m9", 2))).containsExactly("m10", "m9", "m8", "m7");
        assertThat(members(board.around("m5", 2))).containsExactly("m7", "m6", "m5", "m4", "m3");
        assertThat(members(board.around("m1", 2))).containsExactly("m3", "m2", "m1");
        assertThat(members(board.around("m1", 0))).containsExactly("m1");
        assertThat(board.around("m1", 2)).extracting(Entry::rank).containsExactly(8L, 9L, 10L);
        assertThat(board.around("absent", 2)).isEmpty();
    }

    /**
     * Issue 19: the read script returns ZRANGE's reply and the rank of the first entry, and the client derives
     * the other ranks from the scores. A window, page or score range that starts inside a run of equal scores and
     * crosses into the next run ranks exactly as the tie policy says, in both orders.
     */
    @Test
    void windowsStartingInsideARunOfTiesRankByTheTiePolicy(RedisConnector redis) {
        for (Order order : Order.values()) {
            for (TiePolicy ties : List.of(TiePolicy.COMPETITION, TiePolicy.DENSE, TiePolicy.LEXICAL)) {
                String why = ties + " " + order;
                Leaderboard board = Leaderboard.builder(
                                redis, "runs-" + ties.name().toLowerCase(java.util.Locale.ROOT) + "-" + order.ordinal())
                        .ties(ties)
                        .order(order)
                        .build();
                board.setScore("a", 9);
                for (String m : List.of("b", "c", "d", "e")) {
                    board.setScore(m, 8);
                }
                board.setScore("f", 5);
                board.setScore("g", 5);
                board.setScore("h", 2);
                board.setData("c", "C");
                if (order == Order.DESCENDING) {
                    // board order a | e d c b | g f | h (equal scores in reversed member order)
                    assertThat(members(board.around("c", 2))).as(why).containsExactly("e", "d", "c", "b", "g");
                    assertThat(ranks(board.around("d", 2)))
                            .as(why)
                            .containsExactly(byPolicy(ties, new long[] {1, 2, 2, 2, 2}, new long[] {1, 2, 2, 2, 2}, 1));
                    assertThat(ranks(board.around("b", 2)))
                            .as(why)
                            .containsExactly(byPolicy(ties, new long[] {2, 2, 2, 6, 6}, new long[] {2, 2, 2, 3, 3}, 3));
                    assertThat(ranks(board.around("f", 0)))
                            .as(why)
                            .containsExactly(byPolicy(ties, new long[] {6}, new long[] {3}, 7));
                    assertThat(ranks(board.around("g", 1)))
                            .as(why)
                            .containsExactly(byPolicy(ties, new long[] {2, 6, 6}, new long[] {2, 3, 3}, 5));
                    assertThat(ranks(board.page(2, 3).items()))
                            .as(why)
                            .containsExactly(byPolicy(ties, new long[] {2, 2, 6}, new long[] {2, 2, 3}, 4));
                    assertThat(ranks(board.rangeByScore(2, 8, 3)))
                            .as(why)
                            .containsExactly(byPolicy(ties, new long[] {2, 2, 2}, new long[] {2, 2, 2}, 2));
                } else {
                    // board order h | f g | b c d e | a
                    assertThat(members(board.around("c", 2))).as(why).containsExactly("g", "b", "c", "d", "e");
                    assertThat(ranks(board.around("c", 2)))
                            .as(why)
                            .containsExactly(byPolicy(ties, new long[] {2, 4, 4, 4, 4}, new long[] {2, 3, 3, 3, 3}, 3));
                    assertThat(ranks(board.around("e", 1)))
                            .as(why)
                            .containsExactly(byPolicy(ties, new long[] {4, 4, 8}, new long[] {3, 3, 4}, 6));
                    assertThat(ranks(board.around("g", 0)))
                            .as(why)
                            .containsExactly(byPolicy(ties, new long[] {2}, new long[] {2}, 3));
                    assertThat(ranks(board.page(2, 3).items()))
                            .as(why)
                            .containsExactly(byPolicy(ties, new long[] {4, 4, 4}, new long[] {3, 3, 3}, 4));
                    assertThat(ranks(board.rangeByScore(5, 9, 4)))
                            .as(why)
                            .containsExactly(byPolicy(ties, new long[] {2, 2, 4, 4}, new long[] {2, 2, 3, 3}, 2));
                }
                assertThat(board.around("c", 1))
                        .as(why)
                        .filteredOn(e -> e.member().equals("c"))
                        .extracting(Entry::data)
                        .containsExactly(Optional.of("C"));
            }
        }
    }

    /** The expected ranks under COMPETITION or DENSE, or under LEXICAL the positions from {@code firstPosition}. */
    private static Long[] byPolicy(TiePolicy ties, long[] competition, long[] dense, long firstPosition) {
        long[] chosen = ties == TiePolicy.COMPETITION ? competition : dense;
        Long[] out = new Long[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            out[i] = ties == TiePolicy.LEXICAL ? firstPosition + i : chosen[i];
        }
        return out;
    }

    /**
     * Issue 19: {@code around} is one script that runs the position, the range, and reads member data only when
     * the board has any; the per-entry work (ranks, member and score pairs) is the client's.
     */
    @Test
    void aroundRunsOnlyItsReadsInOneScript(RedisConnector redis, RedisTestContext ctx) {
        Leaderboard lexical = Leaderboard.builder(redis, "around-lexical").build();
        Leaderboard dense = Leaderboard.builder(redis, "around-dense")
                .ties(TiePolicy.DENSE)
                .order(Order.ASCENDING)
                .build();
        for (Leaderboard b : List.of(lexical, dense)) {
            for (int i = 0; i < 30; i++) {
                b.setScore("m" + i, i % 7);
            }
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(lexical.around("m10", 5)).hasSize(11);
            assertThat(counter.delta()).containsOnly(entry("evalsha", 1L));
            assertThat(counter.scriptDelta())
                    .containsOnly(entry("zrevrank", 1L), entry("zrange", 1L), entry("exists", 1L));
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(dense.around("m10", 5)).hasSize(11);
            assertThat(counter.delta()).containsOnly(entry("evalsha", 1L));
            assertThat(counter.scriptDelta())
                    .containsOnly(entry("zrank", 1L), entry("zrange", 1L), entry("zcount", 1L), entry("exists", 1L));
        }
        lexical.setData("m10", "Ten");
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(lexical.around("m10", 5))
                    .filteredOn(e -> e.member().equals("m10"))
                    .extracting(Entry::data)
                    .containsExactly(Optional.of("Ten"));
            assertThat(counter.delta()).containsOnly(entry("evalsha", 1L));
            assertThat(counter.scriptDelta())
                    .containsOnly(entry("zrevrank", 1L), entry("zrange", 1L), entry("exists", 1L), entry("hmget", 1L));
        }
    }

    @Test
    void pagesBeyondTheEndAndEmptyBoards(RedisConnector redis) {
        Leaderboard empty = Leaderboard.builder(redis, "empty").build();
        assertThat(empty.top(10)).isEmpty();
        assertThat(empty.size()).isZero();
        assertThat(empty.page(1, 10)).isEqualTo(new Page<>(1, 10, 0, List.of()));
        assertThat(empty.page(1, 10).totalPages()).isZero();
        assertThat(empty.rangeByScore(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 10))
                .isEmpty();
        assertThat(empty.entry("x")).isEmpty();
        assertThat(empty.around("x", 3)).isEmpty();

        Leaderboard board =
                Leaderboard.builder(redis, "pages").order(Order.ASCENDING).build();
        for (int i = 1; i <= 7; i++) {
            board.setScore("m" + i, i);
        }
        Page<Entry> last = board.page(3, 3);
        assertThat(members(last.items())).containsExactly("m7");
        assertThat(last.totalPages()).isEqualTo(3);
        assertThat(last.hasNext()).isFalse();
        assertThat(board.page(2, 3).hasNext()).isTrue();
        assertThat(ranks(board.page(2, 3).items())).containsExactly(4L, 5L, 6L);
        assertThat(board.page(4, 3).items()).isEmpty();
        assertThat(board.page(Integer.MAX_VALUE, LeaderboardView.MAX_ENTRIES).items())
                .isEmpty();
        assertThat(members(board.rangeByScore(2, 4, 10))).containsExactly("m2", "m3", "m4");
        assertThat(members(board.rangeByScore(2, 4, 2))).containsExactly("m2", "m3");
        assertThat(members(board.rangeByScore(6.5, Double.POSITIVE_INFINITY, 10)))
                .containsExactly("m7");
        assertThat(board.top(2)).extracting(Entry::rank).containsExactly(1L, 2L);
    }

    @Test
    void conditionalSetsAndRemove(RedisConnector redis) {
        Leaderboard board =
                Leaderboard.builder(redis, "best").ties(TiePolicy.DENSE).build();
        assertThat(board.setScoreIfHigher("a", 5)).isTrue();
        assertThat(board.setScoreIfHigher("a", 4)).isFalse();
        assertThat(board.setScoreIfHigher("a", 5)).isFalse();
        assertThat(board.setScoreIfHigher("a", 6)).isTrue();
        assertThat(board.setScoreIfLower("b", 6)).isTrue();
        assertThat(board.setScoreIfLower("b", 7)).isFalse();
        assertThat(board.setScoreIfLower("c", 1)).isTrue();
        assertThat(ranks(board.top(3))).containsExactly(1L, 1L, 2L);
        board.setData("a", "Alice");
        assertThat(board.remove("a")).isTrue();
        assertThat(board.remove("a")).isFalse();
        assertThat(board.top(3))
                .extracting(Entry::member, Entry::rank)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("b", 1L), org.assertj.core.groups.Tuple.tuple("c", 2L));
        board.setScore("a", 0);
        assertThat(board.entry("a").orElseThrow().data()).isEmpty();
    }

    @Test
    void memberDataComesWithEntriesAndGoesWithTheMember(RedisConnector redis, RedisTestContext ctx) {
        Leaderboard board = Leaderboard.builder(redis, "data").build();
        board.setScore("u1", 3);
        board.setScore("u2", 2);
        board.setData("u1", "Alice \u2764");
        board.setData("u2", new Profile("Bob", "https://x/b.png"), Codecs.json(Profile.class));
        List<Entry> top = board.top(5);
        assertThat(top.get(0).data()).contains("Alice \u2764");
        assertThat(top.get(1).data(Codecs.json(Profile.class))).contains(new Profile("Bob", "https://x/b.png"));
        assertThat(board.around("u2", 1).get(0).data()).contains("Alice \u2764");
        assertThat(board.entry("u2").orElseThrow().data(Codecs.json(Profile.class)))
                .isPresent();
        board.remove("u1");
        board.remove("u2");
        assertThat(ctx.keys()).isEmpty();
    }

    @Test
    void readsAndWritesAreOneRoundTrip(RedisConnector redis, RedisTestContext ctx) {
        for (TiePolicy ties : TiePolicy.values()) {
            Leaderboard board = Leaderboard.builder(
                            redis, "trips-" + ties.name().toLowerCase(java.util.Locale.ROOT))
                    .ties(ties)
                    .period(Period.DAY, java.time.Duration.ofDays(1))
                    .period(Period.WEEK, java.time.Duration.ofDays(7))
                    .build();
            for (int i = 0; i < 300; i++) {
                board.setScore("m" + i, i % 17);
                board.setData("m" + i, "name " + i);
            }
            board.top(1);
            board.remove("warm-up");
            board.rollup(Period.DAY, 7).top(1);
            try (CommandCounter counter = ctx.commandCounter()) {
                board.top(10);
                board.top(LeaderboardView.MAX_ENTRIES);
                board.entry("m5");
                board.around("m100", 50);
                board.page(3, 100);
                board.rangeByScore(3, 9, 1000);
                board.percentile("m7");
                board.size();
                board.increment("m1", 1);
                board.setScoreIfHigher("m2", 100);
                board.remove("m3");
                board.rollup(Period.DAY, 7).top(100);
                board.period(Period.WEEK).around("m5", 3);
                // the list reads take the script once the board has member data; entry is one transaction under
                // LEXICAL ties and the script under the others (one consistent state either way)
                if (ties == TiePolicy.LEXICAL) {
                    assertThat(counter.delta())
                            .containsOnlyKeys("evalsha", "multi", "zscore", "zrevrank", "hget", "exec")
                            .containsEntry("evalsha", 12L)
                            .containsEntry("multi", 1L)
                            .containsEntry("exec", 1L);
                } else {
                    assertThat(counter.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 13L);
                }
            }
        }
    }

    /**
     * Issue 19: top(n) counted the board (ZCARD) it does not return, entry() under COMPETITION and DENSE
     * computed a position (ZREVRANK) its rank does not use, and every write re-set the expiry of every period
     * board. Ranks stay as the tie policy says (TiePolicyModelIT); period keys keep their expiry (below).
     */
    @Test
    void readsAndWritesRunOnlyTheCommandsTheirTiePolicyNeeds(RedisConnector redis, RedisTestContext ctx) {
        Leaderboard lexical = Leaderboard.builder(redis, "work-lexical").build();
        Leaderboard competition = Leaderboard.builder(redis, "work-competition")
                .ties(TiePolicy.COMPETITION)
                .build();
        Leaderboard earliest = Leaderboard.builder(redis, "work-earliest")
                .ties(TiePolicy.EARLIEST_FIRST)
                .period(Period.DAY, java.time.Duration.ofDays(1))
                .build();
        for (Leaderboard b : List.of(lexical, competition, earliest)) {
            for (int i = 0; i < 20; i++) {
                b.setScore("m" + i, i % 7);
            }
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(ranks(lexical.top(10))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            // issue 19: plain commands, no script, one round trip on a board without member data
            assertThat(counter.delta()).containsOnly(entry("zrange", 1L), entry("exists", 1L));
            assertThat(counter.scriptDelta()).isEmpty();
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(ranks(competition.top(4))).containsExactly(1L, 1L, 3L, 3L);
            assertThat(counter.delta()).containsOnly(entry("zrange", 1L), entry("exists", 1L));
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            // equal scores in reversed member order: m6, m13, then m5, m19, m12
            Entry m13 = lexical.entry("m13").orElseThrow();
            assertThat(m13.rank()).isEqualTo(2);
            assertThat(m13.score()).isEqualTo(6.0);
            assertThat(lexical.entry("nobody")).isEmpty();
            // issue 19: a LEXICAL entry is one transaction, no script: score, rank and data from one instant
            assertThat(counter.delta())
                    .containsOnly(
                            entry("multi", 2L),
                            entry("zscore", 2L),
                            entry("zrevrank", 2L),
                            entry("hget", 2L),
                            entry("exec", 2L));
            assertThat(counter.scriptDelta()).isEmpty();
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(competition.entry("m6").orElseThrow().rank()).isEqualTo(1);
            assertThat(competition.entry("m5").orElseThrow().rank()).isEqualTo(3);
            // a COMPETITION rank counts the scores better than the member's: the script
            assertThat(counter.delta()).containsOnly(entry("evalsha", 2L));
            assertThat(counter.scriptDelta()).containsOnly(entry("zscore", 2L), entry("zcount", 2L), entry("hget", 2L));
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(earliest.entry("m6").orElseThrow().rank()).isEqualTo(1);
            assertThat(counter.delta()).containsOnly(entry("evalsha", 1L));
            assertThat(counter.scriptDelta()).containsOnly(entry("zscore", 1L), entry("hget", 2L), entry("zrank", 1L));
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            lexical.increment("m1", 1);
            assertThat(counter.scriptDelta()).containsOnly(entry("zscore", 1L), entry("zadd", 1L));
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            earliest.increment("m1", 1);
            assertThat(counter.scriptDelta()).doesNotContainKey("pexpireat");
            earliest.increment("newcomer", 1);
            assertThat(counter.scriptDelta()).containsEntry("pexpireat", 3L);
        }
        List<String> periodKeys = ctx.keys().stream()
                .filter(k -> k.contains("work-earliest") && k.contains(".d"))
                .collect(Collectors.toList());
        assertThat(periodKeys).hasSize(3);
        for (String key : periodKeys) {
            assertThat((Long) ctx.raw(key, "PTTL", key)).as("PTTL of %s", key).isPositive();
        }
    }

    @Test
    void topReadsMemberDataWrittenByAnotherInstanceAndThenStaysOneRoundTrip(
            RedisConnector redis, RedisTestContext ctx) {
        Leaderboard reader = Leaderboard.builder(redis, "with-data").build();
        Leaderboard writer =
                Leaderboard.builder(ctx.newConnector(), "with-data").build();
        for (int i = 0; i < 5; i++) {
            writer.setScore("m" + i, i);
        }
        assertThat(reader.top(2)).extracting(Entry::data).containsExactly(Optional.empty(), Optional.empty());
        writer.setData("m4", "Four");
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(reader.top(2)).extracting(Entry::data).containsExactly(Optional.of("Four"), Optional.empty());
            // the board turned out to have member data: the data in a second round trip, this once
            assertThat(counter.delta()).containsOnly(entry("zrange", 1L), entry("exists", 1L), entry("hmget", 1L));
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(reader.top(2))
                    .extracting(Entry::member, Entry::rank, Entry::data)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("m4", 1L, Optional.of("Four")),
                            org.assertj.core.groups.Tuple.tuple("m3", 2L, Optional.empty()));
            // from then on scores and data come from the read script in one round trip
            assertThat(counter.delta()).containsEntry("evalsha", 1L);
            assertThat(counter.delta().keySet()).isSubsetOf("evalsha", "eval");
            assertThat(counter.scriptDelta())
                    .containsOnly(entry("zrange", 1L), entry("exists", 1L), entry("hmget", 1L));
        }
        assertThat(reader.entry("m4").orElseThrow().data()).contains("Four");
    }

    @Test
    void rejectsBadInput(RedisConnector redis) {
        Leaderboard board = Leaderboard.builder(redis, "bad").maxMemberLength(8).build();
        assertThatThrownBy(() -> board.increment("a", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delta");
        assertThatThrownBy(() -> board.setScore("a", Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("score");
        assertThatThrownBy(() -> board.setScoreIfHigher("a", Double.NEGATIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> board.setScoreIfLower("a", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> board.setScore(null, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("member");
        assertThatThrownBy(() -> board.setScore("", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("member");
        assertThatThrownBy(() -> board.setScore("123456789", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("member");
        assertThatThrownBy(() -> board.entry("\ud800x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("surrogate");
        assertThatThrownBy(() -> board.top(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count");
        assertThatThrownBy(() -> board.top(LeaderboardView.MAX_ENTRIES + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> board.page(0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("number");
        assertThatThrownBy(() -> board.page(1, -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size");
        assertThatThrownBy(() -> board.around("a", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distance");
        assertThatThrownBy(() -> board.rangeByScore(Double.NaN, 1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> board.rangeByScore(2, 1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> board.rangeByScore(1, 2, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> board.setData("a", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data");
        assertThatThrownBy(() -> board.period(Period.DAY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DAY");
        assertThatThrownBy(() -> Leaderboard.builder(redis, "Bad Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() ->
                        Leaderboard.builder(redis, "x").ties(TiePolicy.DENSE).ties(TiePolicy.LEXICAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ties was already set to DENSE");
        assertThatThrownBy(() -> Leaderboard.builder(redis, "x")
                        .period(Period.DAY, java.time.Duration.ofDays(3))
                        .period(Period.DAY, java.time.Duration.ofDays(4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("period DAY was already set to PT72H");
        assertThatThrownBy(() -> Leaderboard.builder(redis, "x").period(Period.DAY, java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention");
        assertThatThrownBy(() -> Leaderboard.builder(redis, "x").period(Period.DAY, java.time.Duration.ofDays(1001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention");
        board.setScore("big", 1e308);
        assertThatThrownBy(() -> board.increment("big", 1e308))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("infinite");
        assertThat(board.entry("big").orElseThrow().score()).isEqualTo(1e308);
    }

    @Test
    void recordsMetricsPerBoard(RedisConnector redis) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Leaderboard board =
                Leaderboard.builder(redis, "metered").meterRegistry(registry).build();
        board.increment("a", 1);
        board.top(3);
        board.entry("zz");
        assertThat(registry.get("redkit.leaderboard.increment")
                        .tag("name", "metered")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("redkit.leaderboard.top")
                        .tag("name", "metered")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("redkit.leaderboard.entry")
                        .tag("outcome", "miss")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void keysOfOneBoardShareAHashTag(RedisConnector redis, RedisTestContext ctx) {
        Leaderboard board = Leaderboard.builder(redis, "tagged")
                .ties(TiePolicy.EARLIEST_FIRST)
                .period(Period.DAY, java.time.Duration.ofDays(1))
                .period(Period.MONTH, java.time.Duration.ofDays(1))
                .build();
        board.setScore("a", 1);
        board.setData("a", "A");
        board.rollup(Period.DAY, 2).top(1);
        assertThat(ctx.keys())
                .hasSizeGreaterThanOrEqualTo(10)
                .allMatch(k -> k.startsWith(ctx.keyPrefix() + ":leaderboard:{tagged}:"));
    }
}
